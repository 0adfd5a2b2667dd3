// What a pod asks of a node, in milli-units per resource (the scheduler's computePodResourceRequest):
// the larger of what its containers need together and what any init container needs while it
// runs, plus the pod overhead. Sidecars (init containers that keep running) count with both.
import type { KubeObject } from "../api/meta.ts";
import { arr, obj, type JsonObject } from "../api/validation/json-access.ts";
import { quantityMilliValue, tryParseQuantity } from "../api/validation/quantity.ts";

export type Resources = Map<string, number>;

export function parseResources(list: unknown): Resources {
  const out: Resources = new Map();
  for (const [name, value] of Object.entries(obj(list) ?? {})) {
    const q = tryParseQuantity(value);
    if (q) out.set(name, quantityMilliValue(q));
  }
  return out;
}

function add(into: Resources, from: Resources): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function max(into: Resources, from: Resources): void {
  for (const [k, v] of from) into.set(k, Math.max(into.get(k) ?? 0, v));
}

const requests = (c: unknown) => parseResources(obj(obj(c)?.resources)?.requests);

export function podRequests(pod: KubeObject): Resources {
  const spec: JsonObject = obj(pod.spec) ?? {};
  const total: Resources = new Map();
  for (const c of arr(spec.containers)) add(total, requests(c));
  const sidecars: Resources = new Map();
  const initPeak: Resources = new Map();
  for (const raw of arr(spec.initContainers)) {
    const c = obj(raw) ?? {};
    if (c.restartPolicy === "Always") {
      add(sidecars, requests(c));
      continue;
    }
    const during = new Map(sidecars);
    add(during, requests(c));
    max(initPeak, during);
  }
  add(total, sidecars);
  max(total, initPeak);
  add(total, parseResources(spec.overhead));
  return total;
}
