// The pod's QoS class (status.qosClass), set once when the pod is created.
import { arr, obj, type JsonObject } from "../validation/json-access.ts";
import { compareQuantity, quantitySign, tryParseQuantity, type Quantity } from "../validation/quantity.ts";

export type QOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const qosResources = ["cpu", "memory"];

function add(sums: Map<string, Quantity>, name: string, q: Quantity): void {
  const prev = sums.get(name);
  if (!prev) {
    sums.set(name, q);
    return;
  }
  const s = Math.min(prev.scale, q.scale);
  const n = prev.n * 10n ** BigInt(prev.scale - s) + q.n * 10n ** BigInt(q.scale - s);
  sums.set(name, { n, scale: s, format: q.format });
}

export function podQOSClass(pod: JsonObject): QOSClass {
  const spec = obj(pod.spec) ?? {};
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...arr(spec.initContainers), ...arr(spec.containers)]) {
    const resources = obj(obj(c)?.resources) ?? {};
    for (const [name, value] of Object.entries(obj(resources.requests) ?? {})) {
      const q = tryParseQuantity(value);
      if (q && qosResources.includes(name) && quantitySign(q) > 0) add(requests, name, q);
    }
    const found = new Set<string>();
    for (const [name, value] of Object.entries(obj(resources.limits) ?? {})) {
      const q = tryParseQuantity(value);
      if (q && qosResources.includes(name) && quantitySign(q) > 0) {
        found.add(name);
        add(limits, name, q);
      }
    }
    if (!qosResources.every((r) => found.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
