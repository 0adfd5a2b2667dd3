// Resource lists (cpu, memory, storage ...) are stored in the canonical quantity form a real server
// writes back, rounded up to milli precision as SetDefaults_ResourceList does: "0.5" -> "500m",
// "1024Mi" -> "1Gi". Values that do not parse are left for validation to report.
import { obj, type JsonObject } from "../validation/json-access.ts";
import { formatQuantity, roundUpQuantity, tryParseQuantity } from "../validation/quantity.ts";

/** Canonicalizes each quantity of a resource list in place. */
export function defaultResourceList(list: unknown, opts: { roundToMilli: boolean } = { roundToMilli: true }): void {
  const m = obj(list);
  if (!m) return;
  for (const [key, value] of Object.entries(m)) {
    const q = tryParseQuantity(value);
    if (q) m[key] = formatQuantity(opts.roundToMilli ? roundUpQuantity(q, -3) : q);
  }
}

/** Canonicalizes requests and limits of a ResourceRequirements in place. */
export function defaultResourceRequirements(resources: unknown): void {
  const r: JsonObject | undefined = obj(resources);
  if (!r) return;
  defaultResourceList(r.limits);
  defaultResourceList(r.requests);
}

/** Canonicalizes a single quantity field (e.g. emptyDir.sizeLimit) without rounding. */
export function defaultQuantityField(parent: JsonObject | undefined, key: string): void {
  if (!parent) return;
  const q = tryParseQuantity(parent[key]);
  if (q) parent[key] = formatQuantity(q);
}
