// cgroup (v1) settings and the OOM score for a container, computed as the kubelet computes them
// for CRI (kuberuntime_container_linux.go, qos/policy.go): CPU shares from the CPU request
// (at least 2), a CFS quota from the CPU limit over a 100 ms period (at least 1 ms), the memory
// limit (swap capped at the limit when the kernel accounts swap), and a pids limit of the node's.
import { obj, type JsonObject } from "../../../api/validation/json-access.ts";
import { quantityMilliValue, quantityValue, tryParseQuantity } from "../../../api/validation/quantity.ts";
import { podQOSClass } from "../../../api/core/pod-qos.ts";
import type { OciResources } from "./oci-types.ts";

const MIN_SHARES = 2;
const MAX_SHARES = 262144;
const SHARES_PER_CPU = 1024;
const QUOTA_PERIOD = 100_000;
const MIN_QUOTA = 1000;

export function milliCpuToShares(milli: number): number {
  if (milli === 0) return MIN_SHARES;
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((milli * SHARES_PER_CPU) / 1000)));
}

export function milliCpuToQuota(milli: number, period = QUOTA_PERIOD): number {
  if (milli === 0) return 0;
  return Math.max(MIN_QUOTA, Math.floor((milli * period) / 1000));
}

function quantity(list: unknown, name: string, milli: boolean): number | undefined {
  const q = tryParseQuantity(obj(list)?.[name]);
  if (!q) return undefined;
  return milli ? quantityMilliValue(q) : quantityValue(q);
}

export interface ResourceHost {
  /** The kernel accounts swap (memory.memsw.* exists): swap is then limited to the memory limit. */
  swapAccounting: boolean;
  /** Per container; undefined leaves the number of processes unlimited. */
  pidsLimit?: number;
}

export function containerResources(container: JsonObject, host: ResourceHost): OciResources {
  const res = obj(container.resources) ?? {};
  const cpuRequest = quantity(res.requests, "cpu", true) ?? quantity(res.limits, "cpu", true) ?? 0;
  const cpuLimit = quantity(res.limits, "cpu", true);
  const memoryLimit = quantity(res.limits, "memory", false);
  const out: OciResources = { devices: [{ allow: false, access: "rwm" }] };
  out.cpu = { shares: milliCpuToShares(cpuRequest) };
  if (cpuLimit !== undefined && cpuLimit > 0) out.cpu = { ...out.cpu, quota: milliCpuToQuota(cpuLimit), period: QUOTA_PERIOD };
  if (memoryLimit !== undefined && memoryLimit > 0) out.memory = host.swapAccounting ? { limit: memoryLimit, swap: memoryLimit } : { limit: memoryLimit };
  if (host.pidsLimit !== undefined) out.pids = { limit: host.pidsLimit };
  return out;
}

const GUARANTEED_OOM_SCORE_ADJ = -997;
const BEST_EFFORT_OOM_SCORE_ADJ = 1000;

/** qos.GetContainerOOMScoreAdjust: by QoS class, and for Burstable by the share of node memory requested. */
export function oomScoreAdj(pod: JsonObject, container: JsonObject, memoryCapacity: number): number {
  const qos = podQOSClass(pod);
  if (qos === "Guaranteed") return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === "BestEffort") return BEST_EFFORT_OOM_SCORE_ADJ;
  const request = quantity(obj(container.resources)?.requests, "memory", false) ?? 0;
  const adj = 1000 - Math.floor((1000 * request) / memoryCapacity);
  if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adj === BEST_EFFORT_OOM_SCORE_ADJ) return adj - 1;
  return adj;
}
