// `kubectl get pods`: READY, STATUS and RESTARTS summarise the container statuses exactly as
// kube-apiserver's pod printer does, including sidecar (restartable init) containers.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell, humanDuration, parseTimestamp } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface ContainerState {
  waiting?: { reason?: string };
  running?: object;
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface PodCondition {
  type: string;
  status: string;
  reason?: string;
}

interface Pod extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: { name: string }[];
    initContainers?: { name: string; restartPolicy?: string }[];
    readinessGates?: { conditionType: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: PodCondition[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    podIP?: string;
    podIPs?: { ip?: string }[];
    nominatedNodeName?: string;
  };
}

/** The kubelet reason for pods on a node that stopped reporting. */
const nodeLostReason = "NodeLost";

function exitDescription(t: NonNullable<ContainerState["terminated"]>): string {
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`;
}

/** The later of a running maximum and a container's last termination time. */
function laterRestart(current: number | undefined, cs: ContainerStatus): number | undefined {
  const t = parseTimestamp(cs.lastState?.terminated?.finishedAt);
  if (t === undefined) return current;
  return current === undefined || t > current ? t : current;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS of a pod at `now`. */
export function summarizePod(pod: Pod, now: Date): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  const initContainers = spec.initContainers ?? [];
  const sidecars = new Set(initContainers.filter((c) => c.restartPolicy === "Always").map((c) => c.name));

  const total = (spec.containers ?? []).length + initContainers.filter((c) => c.restartPolicy === "Always").length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  let reason = status.reason || status.phase || "";
  if (conditions.some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) reason = "SchedulingGated";

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const sidecar = sidecars.has(cs.name);
    restarts += cs.restartCount ?? 0;
    lastRestart = laterRestart(lastRestart, cs);
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = laterRestart(lastSidecarRestart, cs);
    }
    const terminated = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    initializing = true;
    if (terminated) reason = `Init:${terminated.reason || exitDescription(terminated)}`;
    else if (waiting?.reason && waiting.reason !== "PodInitializing") reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${initContainers.length}`;
    break;
  }

  const initialized = conditions.find((c) => c.type === "Initialized")?.status === "True";
  if (!initializing || initialized) {
    // Once initialised, only sidecar restarts still count among the init containers'.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      lastRestart = laterRestart(lastRestart, cs);
      const waiting = cs.state?.waiting;
      const terminated = cs.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = exitDescription(terminated);
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A finished sidecar-style container must not hide one that is still serving.
    if (reason === "Completed" && hasRunning) {
      reason = conditions.some((c) => c.type === "Ready" && c.status === "True") ? "Running" : "NotReady";
    }
  }

  if (pod.metadata.deletionTimestamp) {
    if (status.reason === nodeLostReason) reason = "Unknown";
    else if (status.phase !== "Succeeded" && status.phase !== "Failed") reason = "Terminating";
  }

  const restartsCell =
    restarts !== 0 && lastRestart !== undefined
      ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`
      : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsCell };
}

function readinessGatesCell(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return "<none>";
  const conditions = pod.status?.conditions ?? [];
  const met = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === "True").length;
  return `${met}/${gates.length}`;
}

function podIP(pod: Pod): string {
  const status = pod.status ?? {};
  // The API keeps podIP and podIPs[0] in step; older writers may set only podIP.
  const first = status.podIPs?.length ? status.podIPs[0].ip : status.podIP;
  return first || "<none>";
}

export const podsTable: TableConvertor = {
  columns: [
    nameColumn,
    column("Ready", { description: "Ready containers out of all containers (sidecars included)." }),
    column("Status", { description: "Summary of the pod's phase and its containers' states." }),
    column("Restarts", { description: "Container restarts, with the time since the latest one." }),
    ageColumn,
    column("IP", { priority: 1, description: "The pod's primary IP address." }),
    column("Node", { priority: 1, description: "The node the pod is bound to." }),
    column("Nominated Node", { priority: 1, description: "The node the scheduler nominated while preempting." }),
    column("Readiness Gates", { priority: 1, description: "Readiness gate conditions that are true, out of all gates." }),
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const pod = obj as Pod;
    const { ready, status, restarts } = summarizePod(pod, now);
    return [
      pod.metadata.name ?? "",
      ready,
      status,
      restarts,
      ageCell(pod.metadata.creationTimestamp, now),
      podIP(pod),
      pod.spec?.nodeName || "<none>",
      pod.status?.nominatedNodeName || "<none>",
      readinessGatesCell(pod),
    ];
  },
};
