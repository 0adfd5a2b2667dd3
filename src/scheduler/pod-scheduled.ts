// The PodScheduled=False condition the scheduler leaves on a pod it cannot place.
import { rfc3339, type KubeObject } from "../api/meta.ts";
import { arr, obj, type JsonObject } from "../api/validation/json-access.ts";

/** The pod's status with PodScheduled False for `reason`, or undefined when it already says so. */
export function withPodScheduledFalse(pod: KubeObject, reason: string, message: string, now: number): JsonObject | undefined {
  const status = obj(pod.status) ?? {};
  const conditions = arr(status.conditions).map((c) => obj(c) ?? {});
  const old = conditions.find((c) => c.type === "PodScheduled");
  if (old && old.status === "False" && old.reason === reason && old.message === message) return undefined;
  const next = {
    type: "PodScheduled",
    status: "False",
    lastProbeTime: null,
    lastTransitionTime: old?.status === "False" && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(new Date(now)),
    reason,
    message,
  };
  return { ...status, conditions: old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next] };
}
