// Downward API references (env valueFrom and downwardAPI volume items): which pod fields and
// container resources may be exposed, and how.
import type { FieldError, FieldPath } from "../field-error.ts";
import { invalid, notSupported, required } from "../validation/field-errors.ts";
import { obj, str, type JsonObject } from "../validation/json-access.ts";
import { isQualifiedName } from "../validation/name.ts";
import { canonicalQuantity } from "../validation/quantity.ts";
import { fileModeErrorMsg, validateLocalNonReservedPath } from "./volume-paths.ts";

export const envFieldPaths = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
export const volumeFieldPaths = ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];

/** The fieldRef paths the downward API can convert (ConvertDownwardAPIFieldLabel). */
export const convertibleLabels: ReadonlySet<string> = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

const resourceFieldPaths = [
  "limits.cpu",
  "limits.ephemeral-storage",
  "limits.memory",
  "requests.cpu",
  "requests.ephemeral-storage",
  "requests.memory",
];

/** "metadata.labels['app']" -> ["metadata.labels", "app"]. */
export function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

/** ConvertDownwardAPIFieldLabel: the internal field path, or the conversion error. */
function convertFieldLabel(apiVersion: string, label: string): { path: string } | { error: string } {
  if (apiVersion !== "v1") return { error: `unsupported pod version: ${apiVersion}` };
  const sub = splitSubscript(label);
  if (sub) {
    return sub[0] === "metadata.annotations" || sub[0] === "metadata.labels"
      ? { path: label }
      : { error: `field label does not support subscript: ${label}` };
  }
  if (label === "spec.host") return { path: "spec.nodeName" };
  return convertibleLabels.has(label) ? { path: label } : { error: `field label not supported: ${label}` };
}

export function validateObjectFieldSelector(fs: JsonObject, allowed: readonly string[], path: FieldPath): FieldError[] {
  if (!str(fs.apiVersion)) return [required(path.child("apiVersion"))];
  if (!str(fs.fieldPath)) return [required(path.child("fieldPath"))];
  const converted = convertFieldLabel(str(fs.apiVersion), str(fs.fieldPath));
  if ("error" in converted) {
    return [invalid(path.child("fieldPath"), str(fs.fieldPath), `error converting fieldPath: ${converted.error}`)];
  }
  const sub = splitSubscript(converted.path);
  if (sub) {
    const key = sub[0] === "metadata.annotations" ? sub[1].toLowerCase() : sub[1];
    return isQualifiedName(key).map((m) => invalid(path, key, m));
  }
  return allowed.includes(converted.path) ? [] : [notSupported(path.child("fieldPath"), converted.path, allowed)];
}

const cpuDivisors = new Set(["1m", "1"]);
const byteDivisors = new Set(["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"]);
const byteDivisorList = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei";

function validateDivisor(resource: string, divisor: unknown, path: FieldPath): FieldError[] {
  const d = canonicalQuantity(divisor);
  if (d === undefined || d === "0") return [];
  const p = path.child("divisor");
  if (resource === "limits.cpu" || resource === "requests.cpu") {
    return cpuDivisors.has(d) ? [] : [invalid(p, resource, "only divisor's values 1m and 1 are supported with the cpu resource")];
  }
  const kind =
    resource === "limits.memory" || resource === "requests.memory"
      ? "memory"
      : resource === "limits.ephemeral-storage" || resource === "requests.ephemeral-storage"
        ? "local ephemeral storage"
        : resource.startsWith("requests.hugepages-") || resource.startsWith("limits.hugepages-")
          ? "hugepages"
          : undefined;
  if (kind === undefined || byteDivisors.has(d)) return [];
  return [invalid(p, resource, `only divisor's values ${byteDivisorList} are supported with the ${kind} resource`)];
}

export function validateResourceFieldSelector(fs: JsonObject, path: FieldPath, inVolume: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const resource = str(fs.resource);
  if (inVolume && !str(fs.containerName)) errs.push(required(path.child("containerName")));
  else if (!resource) errs.push(required(path.child("resource")));
  else if (!resourceFieldPaths.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
    errs.push(notSupported(path.child("resource"), resource, resourceFieldPaths));
  }
  errs.push(...validateDivisor(resource, fs.divisor, path));
  return errs;
}

/** A downwardAPI volume item; upstream reports its errors against the source's path. */
export function validateDownwardAPIFile(file: JsonObject, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(file.path)) errs.push(required(path.child("path")));
  errs.push(...validateLocalNonReservedPath(str(file.path), path.child("path")));
  const fieldRef = obj(file.fieldRef);
  const resourceFieldRef = obj(file.resourceFieldRef);
  if (fieldRef) {
    errs.push(...validateObjectFieldSelector(fieldRef, volumeFieldPaths, path.child("fieldRef")));
    if (resourceFieldRef) errs.push(invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
  } else if (resourceFieldRef) {
    errs.push(...validateResourceFieldSelector(resourceFieldRef, path.child("resourceFieldRef"), true));
  } else {
    errs.push(required(path, "one of fieldRef and resourceFieldRef is required"));
  }
  if (typeof file.mode === "number" && (file.mode < 0 || file.mode > 0o777)) {
    errs.push(invalid(path.child("mode"), file.mode, fileModeErrorMsg));
  }
  return errs;
}
