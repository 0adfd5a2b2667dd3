// Which pods a StatefulSet owns (ClaimPods in the controller-ref manager): keep what it controls and
// still matches, release what it controls but no longer matches, adopt matching orphans. Matching
// means the selector and a name that encodes the set as parent (R14). Writes are strategic merge
// patches that carry the pod's UID, so a pod recreated under the same name is never touched.
import type { LabelMatcher } from "../../api/selectors/label-selector.ts";
import { isNotFound } from "../../api/status-error.ts";
import { aggregate, message } from "./_errors.ts";
import { isMemberOf } from "./pod-identity.ts";
import { controllerOf, controllerRef, statefulSetKind, type Pod, type StatefulSet } from "./stateful-set-types.ts";

export interface PodPatcher {
  /** A strategic merge patch of the pod. */
  patchPod(namespace: string, name: string, patch: unknown): Promise<void>;
}

/**
 * Returns the pods the set owns after adopting and releasing. canAdopt must throw when the set may
 * not adopt (it is being deleted, or was replaced); it is asked at most once. Errors on individual
 * pods are collected and thrown after every pod was considered.
 */
export async function claimPods(set: StatefulSet, selector: LabelMatcher, pods: readonly Pod[], canAdopt: () => Promise<void>, patcher: PodPatcher): Promise<Pod[]> {
  const claimed: Pod[] = [];
  const errors: unknown[] = [];
  let adoptable: Promise<void> | undefined;
  const matches = (pod: Pod) => selector.matches(pod.metadata.labels) && isMemberOf(set, pod);
  const setDeleting = Boolean(set.metadata.deletionTimestamp);

  for (const pod of pods) {
    const ref = controllerOf(pod);
    try {
      if (ref) {
        if (ref.uid !== set.metadata.uid) continue;
        if (matches(pod)) {
          claimed.push(pod);
          continue;
        }
        if (setDeleting) continue;
        await patcher.patchPod(pod.metadata.namespace!, pod.metadata.name!, {
          metadata: { ownerReferences: [{ $patch: "delete", uid: set.metadata.uid }], uid: pod.metadata.uid },
        });
        continue;
      }
      if (setDeleting || !matches(pod) || pod.metadata.deletionTimestamp || pod.metadata.namespace !== set.metadata.namespace) continue;
      adoptable ??= canAdopt();
      try {
        await adoptable;
      } catch (e) {
        throw new Error(`can't adopt Pod ${pod.metadata.namespace}/${pod.metadata.name} (${pod.metadata.uid}): ${message(e)}`, { cause: e });
      }
      await patcher.patchPod(pod.metadata.namespace!, pod.metadata.name!, {
        metadata: { ownerReferences: [controllerRef(set, statefulSetKind)], uid: pod.metadata.uid },
      });
      claimed.push(pod);
    } catch (e) {
      if (!isNotFound(e)) errors.push(e);
    }
  }
  const failure = aggregate(errors);
  if (failure) throw failure;
  return claimed;
}
