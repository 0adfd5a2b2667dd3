// The Node object the agent registers and keeps current: capacity from the host, labels and
// conditions as the kubelet sets them.
import { rfc3339, type KubeObject } from "../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../api/validation/json-access.ts";
import type { HostInfo } from "./host-info.ts";

export interface NodeDescription {
  name: string;
  host: HostInfo;
  podCIDR: string;
  maxPods: number;
  kubeletVersion: string;
  /** "sim://0.1", "runc://1.1.12". */
  containerRuntimeVersion: string;
}

/** The kubelet's default eviction threshold, memory.available<100Mi, comes off allocatable. */
const EVICTION_MEMORY_KI = 100 * 1024;
/** And nodefs.available<10%. */
const EVICTION_DISK_FRACTION = 0.1;

const CONDITIONS: Array<[type: string, status: string, reason: string, message: string]> = [
  ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
  ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
  ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
  ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
];

/** Conditions as of `now`; transition times carry over from `previous` where the status is the same. */
export function nodeConditions(now: number, previous: unknown = []): JsonObject[] {
  const at = rfc3339(new Date(now));
  const old = arr(previous).map((c) => obj(c) ?? {});
  return CONDITIONS.map(([type, status, reason, message]) => {
    const before = old.find((c) => c.type === type);
    return {
      type,
      status,
      lastHeartbeatTime: at,
      lastTransitionTime: before?.status === status && str(before.lastTransitionTime) ? before.lastTransitionTime : at,
      reason,
      message,
    };
  });
}

export function nodeLabels(d: NodeDescription): Record<string, string> {
  return {
    "beta.kubernetes.io/arch": d.host.architecture,
    "beta.kubernetes.io/os": d.host.operatingSystem,
    "kubernetes.io/arch": d.host.architecture,
    "kubernetes.io/hostname": d.name,
    "kubernetes.io/os": d.host.operatingSystem,
    "node-role.kubernetes.io/control-plane": "",
  };
}

export function nodeStatus(d: NodeDescription, now: number, previous?: JsonObject): JsonObject {
  const memoryKi = Math.floor(d.host.memoryBytes / 1024);
  const diskKi = Math.floor(d.host.ephemeralStorageBytes / 1024);
  const fixed = { "hugepages-1Gi": "0", "hugepages-2Mi": "0" };
  return {
    capacity: { cpu: String(d.host.cpus), "ephemeral-storage": `${diskKi}Ki`, ...fixed, memory: `${memoryKi}Ki`, pods: String(d.maxPods) },
    allocatable: {
      cpu: String(d.host.cpus),
      "ephemeral-storage": String(Math.floor(d.host.ephemeralStorageBytes * (1 - EVICTION_DISK_FRACTION))),
      ...fixed,
      memory: `${Math.max(0, memoryKi - EVICTION_MEMORY_KI)}Ki`,
      pods: String(d.maxPods),
    },
    conditions: nodeConditions(now, previous?.conditions),
    addresses: [
      { type: "InternalIP", address: d.host.internalIP },
      { type: "Hostname", address: d.host.hostname },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: d.host.machineID,
      systemUUID: d.host.systemUUID,
      bootID: d.host.bootID,
      kernelVersion: d.host.kernelVersion,
      osImage: d.host.osImage,
      containerRuntimeVersion: d.containerRuntimeVersion,
      kubeletVersion: d.kubeletVersion,
      operatingSystem: d.host.operatingSystem,
      architecture: d.host.architecture,
    },
  };
}

export function buildNode(d: NodeDescription, now: number): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: d.name,
      labels: nodeLabels(d),
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
    },
    spec: { podCIDR: d.podCIDR, podCIDRs: [d.podCIDR] },
    status: nodeStatus(d, now),
  };
}
