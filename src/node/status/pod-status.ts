// The whole pod status the agent writes: phase, conditions, container statuses, IPs, start time,
// with the QoS class and other owners' fields kept as stored.
import { rfc3339, type KubeObject } from "../../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import type { RuntimePodStatus } from "../runtime/pod-runtime.ts";
import { containerStatuses, type ContainerWaiting } from "./container-statuses.ts";
import { podConditions } from "./pod-conditions.ts";
import { podPhase } from "./pod-phase.ts";

export interface PodStatusInput {
  pod: KubeObject;
  runtime: RuntimePodStatus | undefined;
  /** Waiting reasons the agent imposes on exited containers (CrashLoopBackOff), by name. */
  waiting: ReadonlyMap<string, ContainerWaiting>;
  hostIP: string;
  now: number;
  /** The pod will not run again: deleted and stopped, or done under its restartPolicy. */
  terminal: boolean;
}

const WRITTEN = new Set([
  "phase", "conditions", "message", "reason", "nominatedNodeName", "hostIP", "hostIPs", "podIP", "podIPs",
  "startTime", "initContainerStatuses", "containerStatuses", "qosClass",
]);

export function buildPodStatus(input: PodStatusInput): JsonObject {
  const { pod, runtime } = input;
  const spec = obj(pod.spec) ?? {};
  const old = obj(pod.status) ?? {};
  const hasInit = arr(spec.initContainers).length > 0;
  const defaultReason = hasInit ? "PodInitializing" : "ContainerCreating";
  const initStatuses = containerStatuses(spec.initContainers, runtime, input.waiting, defaultReason, old.initContainerStatuses);
  const statuses = containerStatuses(spec.containers, runtime, input.waiting, defaultReason, old.containerStatuses);
  const oldPhase = str(old.phase);
  const phase = oldPhase === "Succeeded" || oldPhase === "Failed" ? oldPhase : podPhase(spec, [...initStatuses, ...statuses], input.terminal);
  const conditions = podConditions({
    spec,
    initStatuses,
    statuses,
    phase,
    sandboxReady: runtime?.sandbox === "ready",
    previous: arr(old.conditions).map((c) => obj(c) ?? {}),
    now: input.now,
  });
  const podIP = runtime?.podIP || str(old.podIP);
  const samePhase = phase === oldPhase;
  const status: JsonObject = {
    phase,
    conditions,
    ...(samePhase && str(old.message) ? { message: old.message } : {}),
    ...(samePhase && str(old.reason) ? { reason: old.reason } : {}),
    ...(str(old.nominatedNodeName) ? { nominatedNodeName: old.nominatedNodeName } : {}),
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: str(old.startTime) || rfc3339(new Date(input.now)),
    ...(hasInit ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: statuses,
    ...(str(old.qosClass) ? { qosClass: old.qosClass } : {}),
  };
  for (const [k, v] of Object.entries(old)) if (!WRITTEN.has(k)) status[k] = v;
  return status;
}
