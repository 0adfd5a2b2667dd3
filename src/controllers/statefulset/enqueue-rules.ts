// Which StatefulSets an event about a pod concerns (addPod, updatePod, deletePod, R21/R22). Pure:
// the controller supplies the set lookups and does the enqueueing.
import type { OwnerReference } from "../../api/meta.ts";
import { selectorFromLabelSelector } from "../../api/selectors/label-selector.ts";
import { deepEqual } from "../../util/deep-equal.ts";
import { isPodReady } from "./pod-state.ts";
import { controllerOf, type Pod, type StatefulSet } from "./stateful-set-types.ts";

export interface SetLookup {
  get(namespace: string, name: string): StatefulSet | undefined;
  inNamespace(namespace: string): StatefulSet[];
}

export interface Enqueue {
  set: StatefulSet;
  /** Enqueue after this many milliseconds instead of now. */
  afterMs?: number;
}

/** The set a controller reference names, if the cache holds that very set (same UID). */
export function resolveControllerRef(sets: SetLookup, namespace: string, ref: OwnerReference): StatefulSet | undefined {
  if (ref.kind !== "StatefulSet") return undefined;
  const set = sets.get(namespace, ref.name);
  return set && set.metadata.uid === ref.uid ? set : undefined;
}

/** Every set whose (non-empty, valid) selector matches the pod's labels: candidates to adopt it (R17). */
export function setsSelecting(sets: SetLookup, pod: Pod): StatefulSet[] {
  return sets.inNamespace(pod.metadata.namespace ?? "").filter((set) => {
    try {
      const selector = selectorFromLabelSelector(set.spec.selector);
      return !selector.isEmpty() && selector.matches(pod.metadata.labels);
    } catch {
      return false;
    }
  });
}

export function onPodDelete(sets: SetLookup, pod: Pod): Enqueue[] {
  const ref = controllerOf(pod);
  if (!ref) return [];
  const set = resolveControllerRef(sets, pod.metadata.namespace ?? "", ref);
  return set ? [{ set }] : [];
}

export function onPodAdd(sets: SetLookup, pod: Pod): Enqueue[] {
  // After a restart a pod may first be seen already terminating: that is news of a deletion.
  if (pod.metadata.deletionTimestamp) return onPodDelete(sets, pod);
  const ref = controllerOf(pod);
  if (ref) {
    const set = resolveControllerRef(sets, pod.metadata.namespace ?? "", ref);
    return set ? [{ set }] : [];
  }
  return setsSelecting(sets, pod).map((set) => ({ set }));
}

export function onPodUpdate(sets: SetLookup, old: Pod, cur: Pod): Enqueue[] {
  // Resyncs replay unchanged objects; two versions of a pod always differ in resourceVersion.
  if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return [];
  const out: Enqueue[] = [];
  const curRef = controllerOf(cur);
  const oldRef = controllerOf(old);
  const refChanged = !deepEqual(curRef, oldRef);
  if (refChanged && oldRef) {
    const set = resolveControllerRef(sets, old.metadata.namespace ?? "", oldRef);
    if (set) out.push({ set });
  }
  if (curRef) {
    const set = resolveControllerRef(sets, cur.metadata.namespace ?? "", curRef);
    if (!set) return out;
    out.push({ set });
    const minReadySeconds = set.spec.minReadySeconds ?? 0;
    // One extra second absorbs clock skew between the timer and the availability check (R22).
    if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) out.push({ set, afterMs: (minReadySeconds + 1) * 1000 });
    return out;
  }
  if (refChanged || !deepEqual(cur.metadata.labels ?? {}, old.metadata.labels ?? {})) out.push(...setsSelecting(sets, cur).map((set) => ({ set })));
  return out;
}
