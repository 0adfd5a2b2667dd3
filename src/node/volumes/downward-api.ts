// Downward API values as the kubelet computes them, for env valueFrom and downwardAPI volume files:
// pod fields (metadata, spec.nodeName, addresses) and container resources scaled by a divisor.
// Errors carry upstream's messages.
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, str, strMap, type JsonObject } from "../../api/validation/json-access.ts";
import { isQualifiedName } from "../../api/validation/name.ts";
import { parseQuantity, type Quantity } from "../../api/validation/quantity.ts";
import { goQuote } from "./go-quote.ts";
import { convertibleLabels, splitSubscript } from "../../api/core/downward-api.ts";

/** The pod's and node's addresses, first the primary one. */
export interface PodAddresses {
  podIPs: readonly string[];
  hostIPs: readonly string[];
}

/** node.status.allocatable: what an unset limit means. */
export type ResourceList = Readonly<Record<string, string>>;

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** `key="value"` lines sorted by key, values quoted as Go's %q: labels and annotations in a file. */
export function formatMap(m: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(m ?? {})
    .sort(byteOrder)
    .map((k) => `${k}=${goQuote(m![k])}`)
    .join("\n");
}

/** The volume plugin sorts the lines of every value once more (a no-op unless it has several). */
export const sortLines = (value: string): string => value.split("\n").sort(byteOrder).join("\n");

/** fieldpath.ExtractFieldPathAsString: the metadata fields, the only ones a volume file may name. */
export function metadataFieldValue(pod: KubeObject, fieldPath: string): string {
  const meta = pod.metadata;
  const sub = splitSubscript(fieldPath);
  if (sub) {
    const [path, key] = sub;
    if (path !== "metadata.annotations" && path !== "metadata.labels") throw new Error(`fieldPath "${fieldPath}" does not support subscript`);
    const errs = isQualifiedName(path === "metadata.annotations" ? key.toLowerCase() : key);
    if (errs.length > 0) throw new Error(`invalid key subscript in ${fieldPath}: ${errs.join(";")}`);
    return (path === "metadata.annotations" ? meta.annotations : meta.labels)?.[key] ?? "";
  }
  switch (fieldPath) {
    case "metadata.annotations":
      return formatMap(meta.annotations);
    case "metadata.labels":
      return formatMap(meta.labels);
    case "metadata.name":
      return meta.name ?? "";
    case "metadata.namespace":
      return meta.namespace ?? "";
    case "metadata.uid":
      return meta.uid ?? "";
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}

/** ConvertDownwardAPIFieldLabel: the internal path of an env fieldRef. */
function convertFieldLabel(apiVersion: string, label: string): string {
  if (apiVersion !== "v1") throw new Error(`unsupported pod version: ${apiVersion}`);
  const sub = splitSubscript(label);
  if (sub) {
    if (sub[0] === "metadata.annotations" || sub[0] === "metadata.labels") return label;
    throw new Error(`field label does not support subscript: ${label}`);
  }
  if (label === "spec.host") return "spec.nodeName";
  if (!convertibleLabels.has(label)) throw new Error(`field label not supported: ${label}`);
  return label;
}

/** An env var's valueFrom.fieldRef. */
export function podFieldValue(pod: KubeObject, fieldRef: JsonObject, addrs: PodAddresses): string {
  const path = convertFieldLabel(str(fieldRef.apiVersion) || "v1", str(fieldRef.fieldPath));
  const spec = obj(pod.spec) ?? {};
  switch (path) {
    case "spec.nodeName":
      return str(spec.nodeName);
    case "spec.serviceAccountName":
      return str(spec.serviceAccountName);
    case "status.hostIP":
      return addrs.hostIPs[0] ?? "";
    case "status.hostIPs":
      return addrs.hostIPs.join(",");
    case "status.podIP":
      return addrs.podIPs[0] ?? "";
    case "status.podIPs":
      return addrs.podIPs.join(",");
  }
  return metadataFieldValue(pod, path);
}

/** Every container of the pod, init containers after the regular ones as findContainerInPod looks. */
const podContainers = (pod: KubeObject): JsonObject[] =>
  [...arr(obj(pod.spec)?.containers), ...arr(obj(pod.spec)?.initContainers)].map((c) => obj(c) ?? {});

const limitDefaulted = ["cpu", "memory", "ephemeral-storage"];

/** MergeContainerResourceLimits: unset or zero cpu, memory and ephemeral-storage limits become the node's allocatable. */
export function withAllocatableLimits(container: JsonObject, allocatable: ResourceList): JsonObject {
  const resources = obj(container.resources) ?? {};
  const limits: Record<string, string> = { ...strMap(resources.limits) };
  for (const name of limitDefaulted) {
    const set = limits[name] !== undefined && parseQuantity(limits[name]).n !== 0n;
    if (!set && allocatable[name] !== undefined) limits[name] = allocatable[name];
  }
  return { ...container, resources: { ...resources, limits } };
}

const MAX_INT64 = 2n ** 63n - 1n;

/** ceil(q / divisor) as a decimal string; "0" for a zero or negative value or divisor. */
export function divideQuantity(q: Quantity, divisor: Quantity): string {
  if (q.n <= 0n || divisor.n <= 0n) return "0";
  let num = q.n;
  let den = divisor.n;
  if (q.scale >= divisor.scale) num *= 10n ** BigInt(q.scale - divisor.scale);
  else den *= 10n ** BigInt(divisor.scale - q.scale);
  const ceil = (num + den - 1n) / den;
  return String(ceil > MAX_INT64 ? MAX_INT64 : ceil);
}

const standardResources = new Set(["limits.cpu", "limits.memory", "limits.ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage"]);

/** ExtractContainerResourceValue over a container whose limits are already defaulted. */
export function containerResourceValue(selector: JsonObject, container: JsonObject): string {
  const resource = str(selector.resource);
  const divisorText = selector.divisor;
  let divisor = parseQuantity("1");
  if ((typeof divisorText === "string" || typeof divisorText === "number") && parseQuantity(divisorText).n !== 0n) divisor = parseQuantity(divisorText);
  const dot = resource.indexOf(".");
  const [kind, name] = [resource.slice(0, dot), resource.slice(dot + 1)];
  if (!standardResources.has(resource) && !((kind === "limits" || kind === "requests") && name.startsWith("hugepages-"))) {
    throw new Error(`unsupported container resource : ${resource}`);
  }
  const value = strMap(obj(obj(container.resources)?.[kind]))?.[name];
  return divideQuantity(parseQuantity(value ?? "0"), divisor);
}

/**
 * A resourceFieldRef: the named container's (or, when it names none, `container`'s) resource with
 * unset limits taken from the node's allocatable, as both the env and the volume paths do.
 */
export function resourceFieldValue(selector: JsonObject, pod: KubeObject, container: JsonObject | undefined, allocatable: ResourceList): string {
  const name = str(selector.containerName);
  let target = container;
  if (name) {
    target = podContainers(pod).find((c) => c.name === name);
    if (!target) throw new Error(`container ${name} not found`);
  }
  if (!target) throw new Error("resourceFieldRef names no container");
  return containerResourceValue(selector, withAllocatableLimits(target, allocatable));
}
