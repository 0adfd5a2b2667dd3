// The pod phase from its container statuses, by the kubelet's rules (getPhase): Pending until
// every container has started once, Running while one runs or restarts, Succeeded or Failed when
// all have stopped for good.
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

const state = (s: JsonObject | undefined) => obj(s?.state) ?? {};
const exitCode = (t: unknown) => (obj(t)?.exitCode as number | undefined) ?? 0;
const lastTerminated = (s: JsonObject) => obj(obj(s.lastState)?.terminated);

export function podPhase(spec: JsonObject, statuses: readonly JsonObject[], terminal: boolean): PodPhase {
  const byName = new Map(statuses.map((s) => [str(s.name), s]));
  const restartPolicy = str(spec.restartPolicy) || "Always";
  let pendingInit = 0;
  let failedInit = 0;
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  let anyRegularStarted = false;

  for (const raw of arr(spec.initContainers)) {
    const c = obj(raw) ?? {};
    const s = byName.get(str(c.name));
    const st = state(s);
    if (c.restartPolicy === "Always") {
      if (!s) unknown++;
      else if (st.running) {
        if (s.started !== true) pendingInit++;
        running++;
      } else if (st.waiting && !lastTerminated(s)) {
        pendingInit++;
        waiting++;
      } else if (!st.terminated && !st.waiting) {
        pendingInit++;
        unknown++;
      }
      continue;
    }
    if (!s || st.running) pendingInit++;
    else if (st.terminated) failedInit += exitCode(st.terminated) !== 0 ? 1 : 0;
    else if (st.waiting && lastTerminated(s)) failedInit += exitCode(lastTerminated(s)) !== 0 ? 1 : 0;
    else pendingInit++;
  }

  for (const raw of arr(spec.containers)) {
    const s = byName.get(str(obj(raw)?.name));
    const st = state(s);
    if (!s) unknown++;
    else if (st.running) running++;
    else if (st.terminated) {
      stopped++;
      if (exitCode(st.terminated) === 0) succeeded++;
    } else if (st.waiting && lastTerminated(s)) stopped++;
    else if (st.waiting) waiting++;
    else unknown++;
    if (s && (st.running || st.terminated || lastTerminated(s))) anyRegularStarted = true;
  }

  if (failedInit > 0 && restartPolicy === "Never") return "Failed";
  if ((pendingInit > 0 && !anyRegularStarted) || waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (terminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (restartPolicy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}
