// StatefulSet status as the controller computes it from the pods it sees (R67–R70).
import { podRevision } from "./pod-identity.ts";
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from "./pod-state.ts";
import type { Pod, StatefulSet, StatefulSetStatus } from "./stateful-set-types.ts";

export interface ComputedStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

export interface CountingContext {
  minReadySeconds: number;
  now: Date;
  currentRevision: string;
  updateRevision: string;
}

/** Re-counts the replica fields over the given pod lists; placeholders (no phase) count nowhere. */
export function countReplicas(status: ComputedStatus, ctx: CountingContext, ...lists: readonly (readonly Pod[])[]): void {
  status.replicas = status.readyReplicas = status.availableReplicas = status.currentReplicas = status.updatedReplicas = 0;
  for (const list of lists) {
    for (const pod of list) {
      if (isCreated(pod)) status.replicas++;
      if (isRunningAndReady(pod)) {
        status.readyReplicas++;
        if (isRunningAndAvailable(pod, ctx.minReadySeconds, ctx.now)) status.availableReplicas++;
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        const revision = podRevision(pod);
        if (revision === ctx.currentRevision) status.currentReplicas++;
        if (revision === ctx.updateRevision) status.updatedReplicas++;
      }
    }
  }
}

/**
 * Once every wanted replica exists, is ready and runs the update revision, the update revision
 * becomes current; for OnDelete too since upstream 1.36. Availability is not consulted (R50).
 */
export function completeUpdate(set: StatefulSet, status: ComputedStatus): void {
  const want = set.spec.replicas ?? 1;
  if (status.updatedReplicas === want && status.readyReplicas === want && status.replicas === want) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** A write is due when the generation advanced or a counted field or revision differs (R70). */
export function inconsistentStatus(set: StatefulSet, status: ComputedStatus): boolean {
  const s = set.status ?? { replicas: 0 };
  return (
    status.observedGeneration > (s.observedGeneration ?? 0) ||
    status.replicas !== (s.replicas ?? 0) ||
    status.currentReplicas !== (s.currentReplicas ?? 0) ||
    status.readyReplicas !== (s.readyReplicas ?? 0) ||
    status.updatedReplicas !== (s.updatedReplicas ?? 0) ||
    status.currentRevision !== (s.currentRevision ?? "") ||
    status.availableReplicas !== (s.availableReplicas ?? 0) ||
    status.updateRevision !== (s.updateRevision ?? "")
  );
}

/** The status object as Go's StatefulSetStatus serialises: zero-valued omitempty fields left out, no conditions (R69). */
export function wireStatus(status: ComputedStatus): StatefulSetStatus {
  const out: StatefulSetStatus = { replicas: status.replicas };
  if (status.observedGeneration) out.observedGeneration = status.observedGeneration;
  if (status.readyReplicas) out.readyReplicas = status.readyReplicas;
  if (status.currentReplicas) out.currentReplicas = status.currentReplicas;
  if (status.updatedReplicas) out.updatedReplicas = status.updatedReplicas;
  if (status.currentRevision) out.currentRevision = status.currentRevision;
  if (status.updateRevision) out.updateRevision = status.updateRevision;
  out.collisionCount = status.collisionCount;
  out.availableReplicas = status.availableReplicas;
  return out;
}
