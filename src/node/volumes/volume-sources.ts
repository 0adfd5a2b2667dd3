// What the volume layer and container env read from the API: ConfigMaps, Secrets, claims and the
// volumes bound to them. Absent objects read as undefined; anything else the API says is thrown.
import type { KubeObject } from "../../api/meta.ts";
import { isNotFound } from "../../api/status-error.ts";
import type { Client, ResourceClient } from "../../client/client.ts";

export interface TokenRequest {
  audiences: string[];
  expirationSeconds?: number;
  /** The pod the token is bound to. */
  pod: { name: string; uid: string };
}

export interface VolumeSources {
  configMap(namespace: string, name: string): Promise<KubeObject | undefined>;
  secret(namespace: string, name: string): Promise<KubeObject | undefined>;
  claim(namespace: string, name: string): Promise<KubeObject | undefined>;
  volume(name: string): Promise<KubeObject | undefined>;
  /** A service account token (TokenRequest); absent where the API serves none. */
  serviceAccountToken?(namespace: string, serviceAccount: string, req: TokenRequest): Promise<string>;
}

async function orUndefined(read: Promise<KubeObject>): Promise<KubeObject | undefined> {
  try {
    return await read;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

const core = (plural: string) => ({ group: "", version: "v1", plural });

/** Reads through the API on every call, so volumes and env see the current objects. */
export class ApiVolumeSources implements VolumeSources {
  readonly #configMaps: ResourceClient;
  readonly #secrets: ResourceClient;
  readonly #claims: ResourceClient;
  readonly #volumes: ResourceClient;

  constructor(client: Client) {
    this.#configMaps = client.resource(core("configmaps"));
    this.#secrets = client.resource(core("secrets"));
    this.#claims = client.resource(core("persistentvolumeclaims"));
    this.#volumes = client.resource(core("persistentvolumes"));
  }

  configMap(namespace: string, name: string): Promise<KubeObject | undefined> {
    return orUndefined(this.#configMaps.get(namespace, name));
  }

  secret(namespace: string, name: string): Promise<KubeObject | undefined> {
    return orUndefined(this.#secrets.get(namespace, name));
  }

  claim(namespace: string, name: string): Promise<KubeObject | undefined> {
    return orUndefined(this.#claims.get(namespace, name));
  }

  volume(name: string): Promise<KubeObject | undefined> {
    return orUndefined(this.#volumes.get(undefined, name));
  }
}

/** A fixed set of objects, by kind, namespace and name: tests and the simulated node. */
export class ObjectVolumeSources implements VolumeSources {
  readonly #objects = new Map<string, KubeObject>();

  constructor(objects: readonly KubeObject[] = []) {
    for (const o of objects) this.put(o);
  }

  /** Adds or replaces an object (its kind must be set). */
  put(o: KubeObject): void {
    this.#objects.set(ObjectVolumeSources.#key(o.kind ?? "", o.metadata.namespace ?? "", o.metadata.name ?? ""), o);
  }

  remove(kind: string, namespace: string, name: string): void {
    this.#objects.delete(ObjectVolumeSources.#key(kind, namespace, name));
  }

  static #key(kind: string, namespace: string, name: string): string {
    return `${kind}/${namespace}/${name}`;
  }

  #get(kind: string, namespace: string, name: string): Promise<KubeObject | undefined> {
    return Promise.resolve(this.#objects.get(ObjectVolumeSources.#key(kind, namespace, name)));
  }

  configMap(namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.#get("ConfigMap", namespace, name);
  }

  secret(namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.#get("Secret", namespace, name);
  }

  claim(namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.#get("PersistentVolumeClaim", namespace, name);
  }

  volume(name: string): Promise<KubeObject | undefined> {
    return this.#get("PersistentVolume", "", name);
  }
}
