// What the StatefulSet controller is waiting for, worked out from the set and its pods by walking
// the same steps its sync takes (replicas in ordinal order, then condemned pods, then the rolling
// update) and stopping where it would stop.
import type { KubeObject } from "../../api/meta.ts";
import { isTerminating, phaseOf, podProblem, type PodProblem } from "./pod-health.ts";
import { podsByOrdinal, revisionOf, setView, type SetView } from "./set-view.ts";

export type WaitState =
  /** The controller has not caught up with the latest spec, or the set is going away: say nothing new. */
  | { kind: "unknown" }
  /** Nothing blocks: the controller has work it can do now, or none is left. */
  | { kind: "clear" }
  | { kind: "waiting"; pod: string; message: string; recheckAfterMs?: number };

const CLEAR: WaitState = { kind: "clear" };

interface Walk {
  set: SetView;
  pods: Map<number, KubeObject>;
  claims: ReadonlyMap<string, KubeObject>;
  now: Date;
}

function waiting(pod: string, problem: PodProblem): WaitState {
  const state: WaitState = { kind: "waiting", pod, message: problem.message };
  if (problem.recheckAfterMs !== undefined) state.recheckAfterMs = problem.recheckAfterMs;
  return state;
}

const problemOf = (w: Walk, pod: KubeObject): PodProblem | undefined => podProblem(pod, w.set.minReadySeconds, w.now, w.claims);

/** Claims that keep a missing pod from being created (a claim being deleted; a claim left by an old pod). */
function claimBlocker(w: Walk, podName: string): WaitState | undefined {
  for (const template of w.set.claimTemplates) {
    const name = `${template}-${podName}`;
    const claim = w.claims.get(name);
    if (!claim) continue;
    if (claim.metadata.deletionTimestamp) return waiting(podName, { message: `${podName} cannot be created: claim ${name} is being deleted` });
    const oldOwner = w.set.staleClaimsBlock && claim.metadata.ownerReferences?.some((r) => r.kind === "Pod" && r.name === podName);
    if (oldOwner) {
      return waiting(podName, { message: `${podName} cannot be created: claim ${name} still belongs to the previous ${podName} and is waiting for garbage collection` });
    }
  }
  return undefined;
}

function walkReplicas(w: Walk): WaitState | undefined {
  const { set } = w;
  for (let i = 0; i < set.replicas; i++) {
    const name = `${set.name}-${set.start + i}`;
    const pod = w.pods.get(set.start + i);
    if (!pod) {
      const blocked = claimBlocker(w, name);
      if (blocked) return blocked;
      // OrderedReady creates this pod now and stops; Parallel creates every missing pod.
      if (!set.parallel) return CLEAR;
      continue;
    }
    if (set.parallel) {
      // Parallel waits for nothing here except a terminating pod holding its name.
      if (isTerminating(pod)) return waiting(name, { message: `${name} is Terminating` });
      continue;
    }
    const phase = phaseOf(pod);
    const problem = problemOf(w, pod);
    if (problem && (phase === "Failed" || phase === "Succeeded") && !isTerminating(pod)) {
      return waiting(name, { message: `${problem.message}; it is being replaced` });
    }
    if (problem) return waiting(name, problem);
  }
  return undefined;
}

/** Scale-down: highest ordinal first, one at a time, unhealthy pods only when they are the first unhealthy one. */
function walkCondemned(w: Walk): WaitState | undefined {
  const { set } = w;
  const condemned = [...w.pods.entries()].filter(([o]) => o < set.start || o >= set.start + set.replicas).sort(([a], [b]) => b - a);
  if (!condemned.length || set.parallel) return undefined;
  const unhealthy = condemned.filter(([, p]) => problemOf(w, p)).map(([o]) => o);
  const firstUnhealthy = unhealthy.length ? Math.min(...unhealthy) : -1;
  const [ordinal, pod] = condemned[0];
  const problem = problemOf(w, pod);
  if (isTerminating(pod) || (problem && ordinal !== firstUnhealthy)) return waiting(pod.metadata.name ?? "", problem!);
  return CLEAR;
}

function outdated(w: Walk, ordinal: number): boolean {
  const pod = w.pods.get(ordinal);
  return !pod || revisionOf(pod) !== w.set.updateRevision;
}

/** The classic rolling update: highest ordinal down to the partition, one pod at a time. */
function walkRollingUpdate(w: Walk): WaitState {
  const { set } = w;
  for (let i = set.replicas - 1; i >= set.partition; i--) {
    const pod = w.pods.get(set.start + i);
    if (!pod) return CLEAR;
    if (revisionOf(pod) !== set.updateRevision && !isTerminating(pod)) return CLEAR;
    const problem = problemOf(w, pod);
    if (!problem) continue;
    for (let j = i - 1; j >= set.partition; j--) if (outdated(w, set.start + j)) return waiting(pod.metadata.name ?? "", problem);
    return CLEAR;
  }
  return CLEAR;
}

/** The maxUnavailable rolling update: as many pods at once as the unavailability budget allows. */
function walkBudgetedUpdate(w: Walk, max: number): WaitState {
  const { set } = w;
  const unavailable: { name: string; problem: PodProblem; old: boolean }[] = [];
  let old = 0;
  for (let i = 0; i < set.replicas; i++) {
    const name = `${set.name}-${set.start + i}`;
    const pod = w.pods.get(set.start + i);
    const isOld = i >= set.partition && pod !== undefined && revisionOf(pod) !== set.updateRevision && !isTerminating(pod);
    if (isOld) old++;
    const problem = pod ? problemOf(w, pod) : { message: `${name} does not exist yet` };
    if (problem) unavailable.push({ name, problem, old: isOld });
  }
  if (old === 0) return CLEAR;
  // Parallel replaces unavailable old pods regardless of the budget.
  if (set.parallel && unavailable.some((u) => u.old)) return CLEAR;
  if (unavailable.length < max) return CLEAR;
  const first = unavailable[0];
  return waiting(first.name, { message: `${first.problem.message} (maxUnavailable ${max} reached)`, recheckAfterMs: first.problem.recheckAfterMs });
}

/** The first thing the StatefulSet controller waits on for this set, if any. */
export function findBlocker(setObject: KubeObject, pods: readonly KubeObject[], claims: ReadonlyMap<string, KubeObject>, now: Date): WaitState {
  const set = setView(setObject);
  if (set.deleting || !set.observedLatest) return { kind: "unknown" };
  const w: Walk = { set, pods: podsByOrdinal(set, pods), claims, now };
  const blocked = walkReplicas(w) ?? walkCondemned(w);
  if (blocked) return blocked;
  if (set.onDelete || !set.updateRevision) return CLEAR;
  return set.maxUnavailable === undefined ? walkRollingUpdate(w) : walkBudgetedUpdate(w, set.maxUnavailable);
}
