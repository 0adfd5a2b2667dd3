// The conditions the kubelet owns (PodReadyToStartContainers, Initialized, Ready, ContainersReady,
// PodScheduled), with upstream's reasons and messages. lastTransitionTime moves only when a
// condition's status changes.
import { rfc3339 } from "../../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import type { PodPhase } from "./pod-phase.ts";

export const KUBELET_CONDITIONS = new Set(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);

interface Draft {
  type: string;
  status: "True" | "False";
  reason?: string;
  message?: string;
}

export interface ConditionInput {
  spec: JsonObject;
  initStatuses: readonly JsonObject[];
  statuses: readonly JsonObject[];
  phase: PodPhase;
  sandboxReady: boolean;
  /** Conditions of the pod as stored: their transition times, other owners' conditions, gates. */
  previous: readonly JsonObject[];
  now: number;
}

const names = (list: string[]) => `[${list.join(" ")}]`;
const isSidecar = (c: JsonObject) => c.restartPolicy === "Always";
const running = (s: JsonObject | undefined) => obj(obj(s?.state)?.running) !== undefined;

function initialized(input: ConditionInput, byName: Map<string, JsonObject>): Draft {
  const anyRegularStarted = input.statuses.some((s) => {
    const st = obj(s.state) ?? {};
    return st.running || st.terminated || obj(obj(s.lastState)?.terminated);
  });
  const incomplete: string[] = [];
  for (const raw of arr(input.spec.initContainers)) {
    const c = obj(raw) ?? {};
    const s = byName.get(str(c.name));
    const done = isSidecar(c) ? running(s) && s?.started === true : obj(obj(s?.state)?.terminated)?.exitCode === 0;
    if (!done) incomplete.push(str(c.name));
  }
  if (incomplete.length === 0 || anyRegularStarted) return { type: "Initialized", status: "True" };
  return { type: "Initialized", status: "False", reason: "ContainersNotInitialized", message: `containers with incomplete status: ${names(incomplete)}` };
}

function containersReady(input: ConditionInput, byName: Map<string, JsonObject>): Draft {
  if (input.phase === "Succeeded") return { type: "ContainersReady", status: "False", reason: "PodCompleted" };
  const checked = [...arr(input.spec.initContainers).map((c) => obj(c) ?? {}).filter(isSidecar), ...arr(input.spec.containers).map((c) => obj(c) ?? {})];
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of checked) {
    const s = byName.get(str(c.name));
    if (!s) unknown.push(str(c.name));
    else if (s.ready !== true) unready.push(str(c.name));
  }
  if (unknown.length === 0 && unready.length === 0) return { type: "ContainersReady", status: "True" };
  const parts: string[] = [];
  if (unknown.length) parts.push(`containers with unknown status: ${names(unknown)}`);
  if (unready.length) parts.push(`containers with unready status: ${names(unready)}`);
  return { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: parts.join(", ") };
}

function ready(input: ConditionInput, containers: Draft): Draft {
  if (containers.status !== "True") return { ...containers, type: "Ready" };
  const gates: string[] = [];
  for (const raw of arr(input.spec.readinessGates)) {
    const type = str(obj(raw)?.conditionType);
    const found = input.previous.find((c) => c.type === type);
    if (!found) gates.push(`corresponding condition of pod readiness gate "${type}" does not exist.`);
    else if (found.status !== "True") gates.push(`the status of pod readiness gate "${type}" is not "True", but ${str(found.status)}`);
  }
  if (gates.length) return { type: "Ready", status: "False", reason: "ReadinessGatesNotReady", message: gates.join(", ") };
  return { type: "Ready", status: "True" };
}

/** The pod's conditions: other owners' first, unchanged, then the kubelet's in upstream order. */
export function podConditions(input: ConditionInput): JsonObject[] {
  const byName = new Map([...input.initStatuses, ...input.statuses].map((s) => [str(s.name), s]));
  const cr = containersReady(input, byName);
  const drafts: Draft[] = [
    { type: "PodReadyToStartContainers", status: input.sandboxReady ? "True" : "False" },
    initialized(input, byName),
    ready(input, cr),
    cr,
    { type: "PodScheduled", status: "True" },
  ];
  const kept = input.previous.filter((c) => !KUBELET_CONDITIONS.has(str(c.type)));
  return [
    ...kept,
    ...drafts.map((d) => {
      const old = input.previous.find((c) => c.type === d.type);
      const since = old && old.status === d.status && str(old.lastTransitionTime) ? str(old.lastTransitionTime) : rfc3339(new Date(input.now));
      return {
        type: d.type,
        status: d.status,
        lastProbeTime: null,
        lastTransitionTime: since,
        ...(d.reason ? { reason: d.reason } : {}),
        ...(d.message ? { message: d.message } : {}),
      };
    }),
  ];
}
