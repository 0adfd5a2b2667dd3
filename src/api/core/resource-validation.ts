// ResourceRequirements validation: names (standard, native or extended), quantities, and requests
// no greater than limits (equal for resources that cannot be overcommitted).
import type { FieldError, FieldPath } from "../field-error.ts";
import { forbidden, invalid, required, type Path } from "../validation/field-errors.ts";
import { obj } from "../validation/json-access.ts";
import { isQualifiedName } from "../validation/name.ts";
import { compareQuantity, formatQuantity, quantityFormatError, quantitySign, tryParseQuantity } from "../validation/quantity.ts";

const standardContainerResources = new Set(["cpu", "memory", "ephemeral-storage"]);
const standardResources = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "persistentvolumeclaims",
  "configmaps",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);

export const isHugePageResource = (name: string): boolean => name.startsWith("hugepages-");
export const isNativeResource = (name: string): boolean => !name.includes("/") || name.includes("kubernetes.io/");
const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePageResource(name);

function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

function isStandardResourceName(name: string): boolean {
  return (
    standardResources.has(name) ||
    isHugePageResource(name) ||
    name.startsWith("requests.hugepages-") ||
    name.startsWith("limits.hugepages-")
  );
}

/** A value that is not a quantity at all (upstream rejects it while decoding, with this text). */
export const invalidQuantity = (path: Path, value: unknown): FieldError =>
  invalid(path, typeof value === "string" || typeof value === "number" ? value : String(value), quantityFormatError);

export function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes("/")) {
    if (!isStandardResourceName(name)) errs.push(invalid(path, name, "must be a standard resource type or fully qualified"));
    if (!standardContainerResources.has(name) && !isHugePageResource(name)) {
      errs.push(invalid(path, name, "must be a standard resource for containers"));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

export function validateResourceRequirements(resources: unknown, path: FieldPath): FieldError[] {
  const r = obj(resources) ?? {};
  const limits = obj(r.limits) ?? {};
  const requests = obj(r.requests) ?? {};
  const limPath = path.child("limits");
  const reqPath = path.child("requests");
  const errs: FieldError[] = [];
  let cpuOrMemory = false;
  let hugePages = false;

  for (const name of Object.keys(limits).sort()) {
    const p = limPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    const q = tryParseQuantity(limits[name]);
    if (!q) errs.push(invalidQuantity(p, limits[name]));
    else if (quantitySign(q) < 0) errs.push(invalid(p, formatQuantity(q), "must be greater than or equal to 0"));
    if (isHugePageResource(name)) hugePages = true;
    if (name === "cpu" || name === "memory") cpuOrMemory = true;
  }
  for (const name of Object.keys(requests).sort()) {
    const p = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    const q = tryParseQuantity(requests[name]);
    if (!q) {
      errs.push(invalidQuantity(p, requests[name]));
      continue;
    }
    if (quantitySign(q) < 0) errs.push(invalid(p, formatQuantity(q), "must be greater than or equal to 0"));
    const limit = name in limits ? tryParseQuantity(limits[name]) : undefined;
    if (limit) {
      const cmp = compareQuantity(q, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (cmp > 0) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!(name in limits) && !isOvercommitAllowed(name)) {
      errs.push(required(limPath, "Limit must be set for non overcommitable resources"));
    }
    if (isHugePageResource(name)) hugePages = true;
    if (name === "cpu" || name === "memory") cpuOrMemory = true;
  }
  if (hugePages && !cpuOrMemory) errs.push(forbidden(path, "HugePages require cpu or memory"));
  return errs;
}
