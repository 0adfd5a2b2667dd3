// The RollingUpdate phase, reached only once scaling work is done: delete pods that are not at the
// update revision from the highest index down to the partition, so each comes back at the update
// revision. Deleting a pod takes it out of currentReplicas in the status being written.
import { isNotFound } from "../../api/status-error.ts";
import { podRevision } from "./pod-identity.ts";
import { isTerminating, isUnavailable } from "./pod-state.ts";
import type { ComputedStatus } from "./replica-status.ts";
import type { ReplicaSyncDeps, ReplicaSyncResult } from "./sync-replicas.ts";
import type { Pod, StatefulSet } from "./stateful-set-types.ts";

/** maxUnavailable as a pod count: an integer, or a percentage of replicas rounded down; at least 1 (R49). */
export function maxUnavailableOf(set: StatefulSet): number {
  const replicas = set.spec.replicas ?? 1;
  const value = set.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  let n: number;
  if (typeof value === "number") n = value;
  else {
    const m = /^(-?[0-9]+)%$/.exec(value);
    if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
    n = Math.floor((Number(m[1]) * replicas) / 100);
  }
  return Math.max(1, n);
}

export async function rollPods(deps: ReplicaSyncDeps, set: StatefulSet, replicas: readonly Pod[], updateRevision: string, status: ComputedStatus): Promise<ReplicaSyncResult> {
  const partition = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  const minReadySeconds = set.spec.minReadySeconds ?? 0;
  const unavailable = (pod: Pod) => isUnavailable(pod, minReadySeconds, deps.now);
  const outdated = (pod: Pod) => podRevision(pod) !== updateRevision && !isTerminating(pod);
  const remove = async (pod: Pod) => {
    try {
      await deps.podControl.deleteStatefulPod(set, pod);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    status.currentReplicas--;
  };

  try {
    if (!deps.maxUnavailable) {
      // One pod at a time (R45): replace the highest outdated pod, or wait for the highest unavailable one.
      for (let target = replicas.length - 1; target >= partition; target--) {
        if (outdated(replicas[target])) {
          await remove(replicas[target]);
          return { status };
        }
        if (unavailable(replicas[target])) return { status };
      }
      return { status };
    }

    const budget = maxUnavailableOf(set);
    const down = replicas.filter(unavailable).length;
    if (set.spec.podManagementPolicy === "Parallel") {
      // 1.37 (R49): outdated pods that are already down cost nothing to replace, up to the budget per
      // sync; healthy outdated pods go only while the budget has room.
      let deleted = 0;
      for (let target = replicas.length - 1; target >= partition && deleted < budget; target--) {
        if (outdated(replicas[target]) && unavailable(replicas[target])) {
          await remove(replicas[target]);
          deleted++;
        }
      }
      deleted = 0;
      for (let target = replicas.length - 1; target >= partition && deleted < budget - down; target--) {
        if (outdated(replicas[target]) && !unavailable(replicas[target])) {
          await remove(replicas[target]);
          deleted++;
        }
      }
      return { status };
    }
    let deleted = 0;
    for (let target = replicas.length - 1; target >= partition && deleted < budget - down; target--) {
      if (outdated(replicas[target])) {
        await remove(replicas[target]);
        deleted++;
      }
    }
    return { status };
  } catch (e) {
    return { status, error: e };
  }
}
