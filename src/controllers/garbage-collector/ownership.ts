// Pure decisions of the garbage collector (after kube-controller-manager's garbagecollector):
// given a dependent and what exists of its owners, what to do.
import type { KubeObject, OwnerReference } from "../../api/meta.ts";

export type OwnerState =
  | { kind: "absent" }
  | { kind: "present" }
  /** Being deleted with foregroundDeletion: its dependents go first. */
  | { kind: "deleting-foreground" };

export type DependentAction =
  | { kind: "none" }
  | { kind: "delete"; propagationPolicy: "Background" | "Foreground" }
  | { kind: "remove-owner-references"; uids: string[] };

/** Decides for one dependent given the state of each owner (keyed by uid). */
export function decideDependent(dependent: KubeObject, owners: ReadonlyMap<string, OwnerState>): DependentAction {
  const refs = dependent.metadata.ownerReferences ?? [];
  if (!refs.length || dependent.metadata.deletionTimestamp) return { kind: "none" };
  const absent: OwnerReference[] = [];
  const foreground: OwnerReference[] = [];
  const present: OwnerReference[] = [];
  for (const ref of refs) {
    const state = owners.get(ref.uid) ?? { kind: "absent" };
    if (state.kind === "absent") absent.push(ref);
    else if (state.kind === "deleting-foreground") foreground.push(ref);
    else present.push(ref);
  }
  if (present.length === 0) {
    if (foreground.length) return { kind: "delete", propagationPolicy: "Foreground" };
    return { kind: "delete", propagationPolicy: "Background" };
  }
  if (absent.length) return { kind: "remove-owner-references", uids: absent.map((r) => r.uid) };
  return { kind: "none" };
}

/** A foreground-deleting owner may go once no dependent that blocks it remains. */
export function foregroundBlocked(ownerUid: string, dependents: readonly KubeObject[]): boolean {
  return dependents.some((d) => (d.metadata.ownerReferences ?? []).some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true));
}
