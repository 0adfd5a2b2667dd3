// How the controller classifies a pod: created, terminating, running and ready, available after
// minReadySeconds. Availability is always judged against one `now` per sync.
import type { Pod } from "./stateful-set-types.ts";

const phase = (pod: Pod): string => pod.status?.phase ?? "";

/** A pod object the API server holds; in-memory placeholders have no phase. */
export const isCreated = (pod: Pod): boolean => phase(pod) !== "";
export const isPending = (pod: Pod): boolean => phase(pod) === "Pending";
export const isFailed = (pod: Pod): boolean => phase(pod) === "Failed";
export const isSucceeded = (pod: Pod): boolean => phase(pod) === "Succeeded";
export const isTerminating = (pod: Pod): boolean => Boolean(pod.metadata.deletionTimestamp);

function readyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === "True";
}

export function isRunningAndReady(pod: Pod): boolean {
  return phase(pod) === "Running" && isPodReady(pod);
}

/** Ready for at least minReadySeconds at `now` (IsPodAvailable; the phase is not consulted). */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? "");
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now.getTime();
}

export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

export function isUnavailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  return !isHealthy(pod) || !isRunningAndAvailable(pod, minReadySeconds, now);
}
