// Owner references on a pod's claims under persistentVolumeClaimRetentionPolicy. The garbage
// collector does the deleting; this only decides which controller refs (to the set, to the pod)
// a claim should carry, and leaves claims alone that look managed by someone else.
import type { KubeObject, OwnerReference } from "../../api/meta.ts";
import { inOrdinalRange } from "./pod-identity.ts";
import { controllerRef, podKind, statefulSetKind, type PersistentVolumeClaim, type Pod, type StatefulSet } from "./stateful-set-types.ts";

type Kind = { apiVersion: string; kind: string };

export function retentionPolicy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? "Retain", whenScaled: p?.whenScaled ?? "Retain" };
}

const refs = (o: KubeObject): OwnerReference[] => o.metadata.ownerReferences ?? [];

function matchesRef(ref: OwnerReference, obj: KubeObject, kind: Kind): boolean {
  return ref.apiVersion === kind.apiVersion && ref.kind === kind.kind && ref.name === obj.metadata.name;
}

/** The first ref naming `obj` (same kind and name) carries another UID: an earlier incarnation's. */
export function hasStaleOwnerRef(target: KubeObject, obj: KubeObject, kind: Kind): boolean {
  const ref = refs(target).find((r) => matchesRef(r, obj, kind));
  return ref !== undefined && ref.uid !== (obj.metadata.uid ?? "");
}

export function hasOwnerRef(target: KubeObject, owner: KubeObject): boolean {
  const uid = owner.metadata.uid ?? "";
  return refs(target).some((r) => r.uid === uid);
}

/**
 * Under a non-Retain policy, some controller other than this set or pod manages the claim (a ref
 * naming the set or pod with the wrong UID counts as such, so the claim is left to the GC).
 */
export function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === "Retain" && policy.whenDeleted === "Retain") return false;
  for (const ref of refs(claim)) {
    if (matchesRef(ref, set, statefulSetKind)) {
      if (ref.uid !== set.metadata.uid) return true;
      continue;
    }
    if (matchesRef(ref, pod, podKind)) {
      if (ref.uid !== (pod.metadata.uid ?? "")) return true;
      continue;
    }
    if (ref.controller === true) return true;
  }
  return false;
}

/** The set or pod owns the claim but not as its controller. */
export function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return refs(claim).some((r) => (r.uid === set.metadata.uid || r.uid === (pod.metadata.uid ?? "")) && r.controller !== true);
}

/** Whether the claim's refs already say what the policy wants for this pod. */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (hasStaleOwnerRef(claim, set, statefulSetKind) || hasStaleOwnerRef(claim, pod, podKind)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const want = wantedOwners(set, pod);
  return hasOwnerRef(claim, set) === want.set && hasOwnerRef(claim, pod) === want.pod;
}

function wantedOwners(set: StatefulSet, pod: Pod): { set: boolean; pod: boolean } {
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  if (whenScaled === "Delete" && whenDeleted === "Delete") return { set: !scaledDown, pod: scaledDown };
  if (whenScaled === "Delete" && whenDeleted === "Retain") return { set: false, pod: scaledDown };
  if (whenScaled === "Retain" && whenDeleted === "Delete") return { set: true, pod: false };
  return { set: false, pod: false };
}

/**
 * The claim's refs after reconciling them with the policy: refs to this set and pod are scrubbed
 * and the wanted ones appended as controller refs after any foreign refs; nothing is added when
 * another controller manages the claim.
 */
export function claimOwnerRefsFor(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  const kept = refs(claim).filter((r) => !matchesRef(r, set, statefulSetKind) && !matchesRef(r, pod, podKind));
  if (unexpected) return kept;
  const want = wantedOwners(set, pod);
  if (want.pod) addControllerRef(kept, pod, podKind);
  if (want.set) addControllerRef(kept, set, statefulSetKind);
  return kept;
}

function addControllerRef(list: OwnerReference[], owner: KubeObject, kind: Kind): void {
  if (!list.some((r) => r.uid === (owner.metadata.uid ?? ""))) list.push(controllerRef(owner, kind));
}
