// The stuck-rollout rule (kubernetes issue 67250): with OrderedReady, a pod that is not Ready and
// runs a revision that is neither status.currentRevision nor status.updateRevision belongs to an
// abandoned rollout. The StatefulSet controller would wait for it forever; deleting it lets the
// controller re-create it at a revision the user still wants.
import type { KubeObject } from "../../api/meta.ts";
import { isReady, isTerminating, phaseOf, podDetail } from "./pod-health.ts";
import { podsByOrdinal, revisionOf, setView } from "./set-view.ts";

/** Setting this annotation to "false" on a StatefulSet keeps upstream behaviour for that set. */
export const HEAL_ANNOTATION = "ordinal.dev/heal-stuck-rollout";

export interface StuckPod {
  pod: KubeObject;
  /** The Event message: the pod, its revision and why it was deleted. */
  message: string;
}

/** The lowest-ordinal stuck replica, or undefined when the rule does not apply to the set or no pod is stuck. */
export function findStuckPod(setObject: KubeObject, pods: readonly KubeObject[]): StuckPod | undefined {
  const set = setView(setObject);
  // Stale revisions would make every pod look abandoned; Parallel and OnDelete never block this way.
  if (set.deleting || !set.observedLatest || set.parallel || set.onDelete) return undefined;
  if (set.annotations[HEAL_ANNOTATION] === "false") return undefined;
  const { currentRevision: current, updateRevision: update } = set;
  if (!current || !update) return undefined;
  const byOrdinal = podsByOrdinal(set, pods);
  for (let ordinal = set.start; ordinal < set.start + set.replicas; ordinal++) {
    const pod = byOrdinal.get(ordinal);
    if (!pod || isTerminating(pod) || isReady(pod)) continue;
    // The StatefulSet controller replaces Failed and Succeeded pods itself.
    const phase = phaseOf(pod);
    if (phase === "Failed" || phase === "Succeeded") continue;
    if (!pod.metadata.ownerReferences?.some((r) => r.controller && r.uid === set.uid)) continue;
    const revision = revisionOf(pod);
    if (!revision || revision === current || revision === update) continue;
    const detail = podDetail(pod);
    const wanted =
      current === update ? `the current nor the update revision (both ${current})` : `the current revision ${current} nor the update revision ${update}`;
    return {
      pod,
      message:
        `Deleted pod ${pod.metadata.name}: not Ready${detail ? ` (${detail})` : ""} at revision ${revision}, which is neither ${wanted}; ` +
        "OrderedReady would wait forever for this pod of an abandoned rollout",
    };
  }
  return undefined;
}
