// A container's environment as the kubelet builds it (makeEnvironmentVariables): envFrom sources
// first, then env in order, later entries replacing earlier ones; `$(VAR)` in a value sees what
// is defined before it. A missing required source stops the container from being created.
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, str, strMap, type JsonObject } from "../../api/validation/json-access.ts";
import { podFieldValue, resourceFieldValue, type PodAddresses, type ResourceList } from "./downward-api.ts";
import { expandVars, lookupIn, type EnvVar } from "./expand-vars.ts";
import type { VolumeSources } from "./volume-sources.ts";

/** The container cannot be created as specified: its status waits with this reason and the message. */
export class ContainerConfigError extends Error {
  readonly reason = "CreateContainerConfigError";

  constructor(message: string) {
    super(message);
    this.name = "ContainerConfigError";
  }
}

export interface EnvContext {
  sources: Pick<VolumeSources, "configMap" | "secret">;
  addresses: PodAddresses;
  /** node.status.allocatable, for resourceFieldRef limits the container leaves unset. */
  allocatable: ResourceList;
}

const decodeSecretData = (data: unknown): Map<string, string> =>
  new Map(Object.entries(strMap(data) ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));

/** Reads each ConfigMap and Secret once per container, as the kubelet's per-call caches do. */
class SourceCache {
  readonly #ctx: EnvContext;
  readonly #namespace: string;
  readonly #configMaps = new Map<string, Map<string, string> | undefined>();
  readonly #secrets = new Map<string, Map<string, string> | undefined>();

  constructor(ctx: EnvContext, namespace: string) {
    this.#ctx = ctx;
    this.#namespace = namespace;
  }

  async configMap(name: string): Promise<Map<string, string> | undefined> {
    if (!this.#configMaps.has(name)) {
      const cm = await this.#ctx.sources.configMap(this.#namespace, name);
      this.#configMaps.set(name, cm && new Map(Object.entries(strMap(cm.data) ?? {})));
    }
    return this.#configMaps.get(name);
  }

  async secret(name: string): Promise<Map<string, string> | undefined> {
    if (!this.#secrets.has(name)) {
      const s = await this.#ctx.sources.secret(this.#namespace, name);
      this.#secrets.set(name, s && decodeSecretData(s.data));
    }
    return this.#secrets.get(name);
  }
}

/** An envFrom source or a key reference ("key" is only read for the latter). */
type Ref = { kind: "configmap" | "secret"; name: string; key: string; optional: boolean };

function refOf(source: JsonObject | undefined, kind: Ref["kind"]): Ref | undefined {
  if (!source) return undefined;
  return { kind, name: str(source.name), key: str(source.key), optional: source.optional === true };
}

/** The source's data; undefined when it is absent and optional; throws when absent and required. */
async function readRef(cache: SourceCache, ref: Ref): Promise<Map<string, string> | undefined> {
  const data = ref.kind === "configmap" ? await cache.configMap(ref.name) : await cache.secret(ref.name);
  if (!data && !ref.optional) throw new ContainerConfigError(`${ref.kind} "${ref.name}" not found`);
  return data;
}

function configError(compute: () => string): string {
  try {
    return compute();
  } catch (e) {
    throw new ContainerConfigError(e instanceof Error ? e.message : String(e));
  }
}

async function valueFrom(pod: KubeObject, container: JsonObject, from: JsonObject, cache: SourceCache, ctx: EnvContext): Promise<string | undefined> {
  const fieldRef = obj(from.fieldRef);
  const resourceFieldRef = obj(from.resourceFieldRef);
  const keyRef = refOf(obj(from.configMapKeyRef), "configmap") ?? refOf(obj(from.secretKeyRef), "secret");
  if (fieldRef) return configError(() => podFieldValue(pod, fieldRef, ctx.addresses));
  if (resourceFieldRef) return configError(() => resourceFieldValue(resourceFieldRef, pod, container, ctx.allocatable));
  if (!keyRef) return "";
  const data = await readRef(cache, keyRef);
  if (!data) return undefined;
  const value = data.get(keyRef.key);
  if (value === undefined && !keyRef.optional) {
    const kind = keyRef.kind === "configmap" ? "ConfigMap" : "Secret";
    throw new ContainerConfigError(`couldn't find key ${keyRef.key} in ${kind} ${pod.metadata.namespace}/${keyRef.name}`);
  }
  return value;
}

/** The container's final environment; throws ContainerConfigError with the kubelet's message. */
export async function containerEnv(pod: KubeObject, container: JsonObject, ctx: EnvContext): Promise<EnvVar[]> {
  const cache = new SourceCache(ctx, pod.metadata.namespace ?? "");
  const env = new Map<string, string>();
  for (const source of arr(container.envFrom).map((s) => obj(s) ?? {})) {
    const ref = refOf(obj(source.configMapRef), "configmap") ?? refOf(obj(source.secretRef), "secret");
    if (!ref) continue;
    const data = await readRef(cache, ref);
    for (const [key, value] of data ?? []) env.set(str(source.prefix) + key, value);
  }
  const lookup = lookupIn(env);
  for (const e of arr(container.env).map((v) => obj(v) ?? {})) {
    let value: string | undefined = str(e.value);
    const from = obj(e.valueFrom);
    if (value !== "") value = expandVars(value, lookup);
    else if (from) {
      value = await valueFrom(pod, container, from, cache, ctx);
      if (value === undefined) continue;
    }
    env.set(str(e.name), value);
  }
  return [...env].map(([name, value]) => ({ name, value }));
}
