// The files of configMap, secret, downwardAPI and projected volumes: relative path -> content and
// mode, built as the kubelet's volume plugins do (items pick and rename keys, a missing key is an
// error unless the source is optional, per-item modes override defaultMode).
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, str, strMap, type JsonObject } from "../../api/validation/json-access.ts";
import { metadataFieldValue, resourceFieldValue, sortLines, type ResourceList } from "./downward-api.ts";
import type { VolumeSources } from "./volume-sources.ts";

export interface FileProjection {
  data: Uint8Array;
  mode: number;
}

export type Payload = Map<string, FileProjection>;

/** Defaulting sets 0644; a pod that skipped it gets the same. */
export const DEFAULT_FILE_MODE = 0o644;

/** Go's path.Clean for a relative path: no empty, "." or trailing segments. */
export function cleanPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg !== "..") out.push(seg);
    else if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (!p.startsWith("/")) out.push(seg);
  }
  return (p.startsWith("/") ? "/" : "") + (out.join("/") || (p.startsWith("/") ? "" : "."));
}

export const modeOf = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);

/** utilerrors.NewAggregate: one message alone, several deduplicated inside brackets. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}

function keyedPayload(data: Map<string, Uint8Array>, items: unknown, defaultMode: number, optional: boolean, missingKey: (key: string) => string): Payload {
  const payload: Payload = new Map();
  const mappings = arr(items).map((i) => obj(i) ?? {});
  if (mappings.length === 0) {
    for (const [key, bytes] of data) payload.set(key, { data: bytes, mode: defaultMode });
    return payload;
  }
  for (const m of mappings) {
    const bytes = data.get(str(m.key));
    if (!bytes) {
      if (optional) continue;
      throw new Error(missingKey(str(m.key)));
    }
    payload.set(str(m.path), { data: bytes, mode: modeOf(m.mode, defaultMode) });
  }
  return payload;
}

/** data as UTF-8 files plus binaryData; a missing optional ConfigMap is passed as undefined. */
export function configMapPayload(configMap: KubeObject | undefined, items: unknown, defaultMode: number, optional: boolean): Payload {
  const data = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(strMap(configMap?.data) ?? {})) data.set(k, Buffer.from(v, "utf8"));
  for (const [k, v] of Object.entries(strMap(configMap?.binaryData) ?? {})) data.set(k, Buffer.from(v, "base64"));
  return keyedPayload(data, items, defaultMode, optional, (key) => `configmap references non-existent config key: ${key}`);
}

export function secretPayload(secret: KubeObject | undefined, items: unknown, defaultMode: number, optional: boolean): Payload {
  const data = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(strMap(secret?.data) ?? {})) data.set(k, Buffer.from(v, "base64"));
  return keyedPayload(data, items, defaultMode, optional, (key) => `references non-existent secret key: ${key}`);
}

/** downwardAPI items; errors are collected over all items, as CollectData does. */
export function downwardAPIPayload(pod: KubeObject, items: unknown, defaultMode: number, allocatable: ResourceList): Payload {
  const payload: Payload = new Map();
  const errors: string[] = [];
  for (const item of arr(items).map((i) => obj(i) ?? {})) {
    const fieldRef = obj(item.fieldRef);
    const resourceFieldRef = obj(item.resourceFieldRef);
    let value = "";
    try {
      if (fieldRef) value = sortLines(metadataFieldValue(pod, str(fieldRef.fieldPath)));
      else if (resourceFieldRef) value = sortLines(resourceFieldValue(resourceFieldRef, pod, undefined, allocatable));
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
    payload.set(cleanPath(str(item.path)), { data: Buffer.from(value, "utf8"), mode: modeOf(item.mode, defaultMode) });
  }
  if (errors.length > 0) throw new Error(aggregateMessage(errors));
  return payload;
}

export interface ProjectionContext {
  sources: VolumeSources;
  allocatable: ResourceList;
}

async function projectionSource(pod: KubeObject, source: JsonObject, defaultMode: number, ctx: ProjectionContext): Promise<Payload> {
  const namespace = pod.metadata.namespace ?? "";
  const secret = obj(source.secret);
  const configMap = obj(source.configMap);
  const downwardAPI = obj(source.downwardAPI);
  const token = obj(source.serviceAccountToken);
  if (secret) {
    const optional = secret.optional === true;
    const found = await ctx.sources.secret(namespace, str(secret.name));
    if (!found && !optional) throw new Error(`secret "${str(secret.name)}" not found`);
    return secretPayload(found, secret.items, defaultMode, optional);
  }
  if (configMap) {
    const optional = configMap.optional === true;
    const found = await ctx.sources.configMap(namespace, str(configMap.name));
    if (!found && !optional) throw new Error(`configmap "${str(configMap.name)}" not found`);
    return configMapPayload(found, configMap.items, defaultMode, optional);
  }
  if (downwardAPI) return downwardAPIPayload(pod, downwardAPI.items, defaultMode, ctx.allocatable);
  if (token) {
    if (!ctx.sources.serviceAccountToken) throw new Error("not implemented: projected serviceAccountToken (the API serves no TokenRequest)");
    const audience = str(token.audience);
    const jwt = await ctx.sources.serviceAccountToken(namespace, str(obj(pod.spec)?.serviceAccountName), {
      audiences: audience ? [audience] : [],
      expirationSeconds: typeof token.expirationSeconds === "number" ? token.expirationSeconds : undefined,
      pod: { name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" },
    });
    // As upstream: with an fsGroup the token file is 0600, whatever defaultMode says.
    const fsGroup = obj(obj(pod.spec)?.securityContext)?.fsGroup;
    return new Map([[str(token.path), { data: Buffer.from(jwt, "utf8"), mode: typeof fsGroup === "number" ? 0o600 : defaultMode }]]);
  }
  const kind = Object.keys(source)[0] ?? "source";
  throw new Error(`not implemented: projected ${kind}`);
}

/** All sources of a projected volume; later sources win a path, errors are collected. */
export async function projectedPayload(pod: KubeObject, projected: JsonObject, ctx: ProjectionContext): Promise<Payload> {
  const defaultMode = modeOf(projected.defaultMode, DEFAULT_FILE_MODE);
  const payload: Payload = new Map();
  const errors: string[] = [];
  for (const source of arr(projected.sources).map((s) => obj(s) ?? {})) {
    try {
      for (const [path, file] of await projectionSource(pod, source, defaultMode, ctx)) payload.set(path, file);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (errors.length > 0) throw new Error(aggregateMessage(errors));
  return payload;
}
