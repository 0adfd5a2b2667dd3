// Pod health as the StatefulSet controller judges it (running-and-ready, available after
// minReadySeconds, terminating), and a short human reason when a pod falls short, taken from what
// the node agent and scheduler wrote into its status.
import { isPlainObject, type KubeObject } from "../../api/meta.ts";

type Json = Record<string, unknown>;

const rec = (v: unknown): Json => (isPlainObject(v) ? v : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isPlainObject) : []);
const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** Details longer than this are cut: they end up in an annotation and in event messages. */
const MAX_DETAIL = 300;

export interface PodProblem {
  /** Names the pod, e.g. "web-1 is not Ready: ImagePullBackOff: Back-off pulling image \"nginx:bad\"". */
  message: string;
  /** Set when the problem ends by itself after this long (minReadySeconds). */
  recheckAfterMs?: number;
}

export const isTerminating = (pod: KubeObject): boolean => Boolean(pod.metadata.deletionTimestamp);

export const phaseOf = (pod: KubeObject): string => text(rec(pod.status).phase);

export function conditionOf(pod: KubeObject, type: string): Json | undefined {
  return list(rec(pod.status).conditions).find((c) => c.type === type);
}

export function isReady(pod: KubeObject): boolean {
  return conditionOf(pod, "Ready")?.status === "True";
}

export function isRunningAndReady(pod: KubeObject): boolean {
  return phaseOf(pod) === "Running" && isReady(pod);
}

/** Milliseconds until a Ready pod counts as available; 0 when it already does. */
export function msUntilAvailable(pod: KubeObject, minReadySeconds: number, now: Date): number {
  if (minReadySeconds <= 0) return 0;
  const since = Date.parse(text(conditionOf(pod, "Ready")?.lastTransitionTime));
  if (Number.isNaN(since)) return minReadySeconds * 1000;
  return Math.max(0, since + minReadySeconds * 1000 - now.getTime());
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL - 1)}…` : one;
}

const joined = (reason: string, message: string): string => (reason && message ? `${reason}: ${message}` : reason || message);

function exitDetail(terminated: Json): string {
  const code = typeof terminated.exitCode === "number" ? terminated.exitCode : undefined;
  const reason = text(terminated.reason);
  if (code === undefined) return reason;
  return reason ? `exited with code ${code} (${reason})` : `exited with code ${code}`;
}

/**
 * The first container that explains the pod: waiting with a reason, or exited with a failure. A
 * crash loop is described by its last exit, not by the back-off message, whose delay changes on
 * every restart and would make the reason look new each time.
 */
function containerDetail(pod: KubeObject): string {
  const status = rec(pod.status);
  const all = [...list(status.initContainerStatuses), ...list(status.containerStatuses)];
  for (const cs of all) {
    if (cs.ready === true) continue;
    const state = rec(cs.state);
    let detail = "";
    if (isPlainObject(state.waiting)) {
      const reason = text(state.waiting.reason);
      const last = rec(rec(cs.lastState).terminated);
      if (reason === "CrashLoopBackOff" && Object.keys(last).length) detail = `${reason}: ${exitDetail(last)}`;
      else if (reason !== "PodInitializing") detail = joined(reason, text(state.waiting.message));
    } else if (isPlainObject(state.terminated) && state.terminated.exitCode !== 0) {
      detail = exitDetail(state.terminated);
    }
    if (detail) return all.length > 1 ? `container ${text(cs.name)}: ${detail}` : detail;
  }
  return "";
}

function claimDetail(pod: KubeObject, claims: ReadonlyMap<string, KubeObject> | undefined): string {
  if (!claims) return "";
  for (const volume of list(rec(pod.spec).volumes)) {
    const name = text(rec(volume.persistentVolumeClaim).claimName);
    if (!name) continue;
    const claim = claims.get(name);
    if (!claim) return `waiting for claim ${name} to be created`;
    if (text(rec(claim.status).phase) !== "Bound") return `waiting for claim ${name} to be bound`;
  }
  return "";
}

/** Why the pod is not Running and Ready, or "" when its status says nothing more specific. */
export function podDetail(pod: KubeObject, claims?: ReadonlyMap<string, KubeObject>): string {
  const phase = phaseOf(pod);
  if (phase === "Failed" || phase === "Succeeded") {
    const status = rec(pod.status);
    return clip(joined(text(status.reason), text(status.message)) || containerDetail(pod));
  }
  if (phase !== "Running") {
    const scheduled = conditionOf(pod, "PodScheduled");
    const unscheduled = scheduled?.status === "False" ? joined(text(scheduled.reason), text(scheduled.message)) : "";
    return clip(claimDetail(pod, claims) || unscheduled || containerDetail(pod));
  }
  const ready = conditionOf(pod, "Ready") ?? {};
  return clip(containerDetail(pod) || text(ready.message) || text(ready.reason));
}

/**
 * What keeps the pod from counting as healthy and available for the StatefulSet controller, or
 * undefined when nothing does.
 */
export function podProblem(pod: KubeObject, minReadySeconds: number, now: Date, claims?: ReadonlyMap<string, KubeObject>): PodProblem | undefined {
  const name = pod.metadata.name ?? "";
  if (isTerminating(pod)) return { message: `${name} is Terminating` };
  const withDetail = (head: string) => {
    const detail = podDetail(pod, claims);
    return { message: detail ? `${head}: ${detail}` : head };
  };
  const phase = phaseOf(pod);
  if (phase !== "Running") return withDetail(`${name} is ${phase || "Pending"}`);
  if (!isReady(pod)) return withDetail(`${name} is not Ready`);
  const wait = msUntilAvailable(pod, minReadySeconds, now);
  if (wait > 0) return { message: `${name} is not available yet (minReadySeconds ${minReadySeconds})`, recheckAfterMs: wait };
  return undefined;
}
