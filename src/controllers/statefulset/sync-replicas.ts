// One pass of the pod state machine (updateStatefulSet): slot the pods by ordinal, create missing
// replicas, delete condemned ones, then roll pods to the update revision, all under the blocking
// rules of the pod management policy. Returns the status to write, with any error beside it.
import { aggregate } from "./_errors.ts";
import { endOrdinal, identityMatches, inOrdinalRange, newVersionedStatefulSetPod, ordinalOf, startOrdinal, storageMatches } from "./pod-identity.ts";
import { isCreated, isFailed, isPending, isRunningAndAvailable, isRunningAndReady, isSucceeded, isTerminating, isUnavailable } from "./pod-state.ts";
import { countReplicas, type ComputedStatus, type CountingContext } from "./replica-status.ts";
import { applyRevision } from "./revisions.ts";
import { rollPods } from "./roll-pods.ts";
import type { StatefulPodControl } from "./stateful-pod-control.ts";
import type { ControllerRevision, Pod, StatefulSet } from "./stateful-set-types.ts";

/** Realistic bound on requests in flight at once in Parallel mode. */
export const MAX_BATCH_SIZE = 500;

export interface ReplicaSyncDeps {
  podControl: StatefulPodControl;
  /** One instant for every availability judgement in this sync. */
  now: Date;
  /** The maxUnavailable rolling update (MaxUnavailableStatefulSet, on in 1.37). */
  maxUnavailable: boolean;
}

export interface ReplicaSyncResult {
  status: ComputedStatus;
  error?: unknown;
}

type Step = (i: number) => Promise<boolean>;

/**
 * OrderedReady runs steps in order and stops at the first that blocks or fails; Parallel runs
 * them in slow-start batches (1, 2, 4, ... up to 500), ignoring "blocked", stopping after a batch
 * with errors.
 */
export async function runForAll(count: number, step: Step, monotonic: boolean): Promise<{ exit: boolean; error?: unknown }> {
  if (monotonic) {
    for (let i = 0; i < count; i++) {
      try {
        if (await step(i)) return { exit: true };
      } catch (e) {
        return { exit: true, error: e };
      }
    }
    return { exit: false };
  }
  let next = 0;
  let remaining = count;
  for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining, MAX_BATCH_SIZE)) {
    const indices = Array.from({ length: batch }, () => next++);
    const results = await Promise.allSettled(indices.map((i) => step(i)));
    const errors = results.filter((r) => r.status === "rejected").map((r) => r.reason);
    if (errors.length) return { exit: true, error: aggregate(errors) };
    remaining -= batch;
  }
  return { exit: false };
}

export async function syncReplicas(
  deps: ReplicaSyncDeps,
  set: StatefulSet,
  currentRevision: ControllerRevision,
  updateRevision: ControllerRevision,
  collisionCount: number,
  pods: readonly Pod[],
): Promise<ReplicaSyncResult> {
  const currentSet = applyRevision(set, currentRevision);
  const updateSet = applyRevision(set, updateRevision);
  const minReadySeconds = set.spec.minReadySeconds ?? 0;
  const counting: CountingContext = { minReadySeconds, now: deps.now, currentRevision: currentRevision.metadata.name!, updateRevision: updateRevision.metadata.name! };
  const status: ComputedStatus = {
    observedGeneration: set.metadata.generation ?? 0,
    currentRevision: counting.currentRevision,
    updateRevision: counting.updateRevision,
    collisionCount,
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    availableReplicas: 0,
  };
  countReplicas(status, counting, pods);

  const start = startOrdinal(set);
  const replicas: Pod[] = new Array(Math.max(0, endOrdinal(set) - start + 1));
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (inOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  for (let i = 0; i < replicas.length; i++) {
    replicas[i] ??= newVersionedStatefulSetPod(currentSet, updateSet, counting.currentRevision, counting.updateRevision, start + i);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));

  const unavailable = (pod: Pod) => isUnavailable(pod, minReadySeconds, deps.now);
  let firstUnavailable = replicas.find(unavailable);
  for (let i = condemned.length - 1; i >= 0 && !firstUnavailable; i--) if (unavailable(condemned[i])) firstUnavailable = condemned[i];

  const recount = () => countReplicas(status, counting, replicas, condemned);
  if (set.metadata.deletionTimestamp) return { status };

  const monotonic = set.spec.podManagementPolicy !== "Parallel";
  const { podControl } = deps;
  const available = (pod: Pod) => isRunningAndAvailable(pod, minReadySeconds, deps.now);

  // processReplica (R27): false means "done with this replica", true "blocked".
  const processReplica: Step = async (i) => {
    const pod = replicas[i];
    if (isFailed(pod) || isSucceeded(pod)) {
      if (!pod.metadata.deletionTimestamp) await podControl.deleteStatefulPod(set, pod);
      return true;
    }
    if (!isCreated(pod)) {
      if (podControl.podClaimIsStale(set, pod)) return true;
      await podControl.createStatefulPod(set, pod);
      if (monotonic) return true;
    }
    if (isPending(pod)) await podControl.createMissingPersistentVolumeClaims(set, pod);
    if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !available(pod))) return true;
    let retentionMatch = true;
    try {
      retentionMatch = podControl.claimsMatchRetentionPolicy(updateSet, pod);
    } catch {
      // A claim that cannot be read yet is picked up by a later sync.
    }
    if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false;
    await podControl.updateStatefulPod(updateSet, pod);
    return false;
  };

  const fixPodClaim: Step = async (i) => {
    if (!podControl.claimsMatchRetentionPolicy(updateSet, condemned[i])) await podControl.updatePodClaimForRetentionPolicy(updateSet, condemned[i]);
    return false;
  };

  // processCondemned (R32, R33): highest ordinal first; OrderedReady deletes one pod per sync and
  // only a healthy pod or the first unavailable one.
  const processCondemned: Step = async (i) => {
    const pod = condemned[i];
    if (isTerminating(pod)) return monotonic;
    if (monotonic && pod !== firstUnavailable && (!isRunningAndReady(pod) || !available(pod))) return true;
    await podControl.deleteStatefulPod(set, pod);
    return true;
  };

  // Parallel handles condemned pods first so a scale-up failing on quota cannot block the scale-down (R35).
  const phases: [number, Step][] = monotonic
    ? [[replicas.length, processReplica], [condemned.length, fixPodClaim], [condemned.length, processCondemned]]
    : [[condemned.length, fixPodClaim], [condemned.length, processCondemned], [replicas.length, processReplica]];
  for (const [count, step] of phases) {
    const { exit, error } = await runForAll(count, step, monotonic);
    if (exit || error !== undefined) {
      recount();
      return { status, error };
    }
  }
  recount();

  if (set.spec.updateStrategy?.type === "OnDelete") return { status };
  return rollPods(deps, set, replicas, counting.updateRevision, status);
}
