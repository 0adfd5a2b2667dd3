// A VolumeWriter over two Maps, as upstream's volume reactor: versions are checked and bumped,
// spec and status writes keep the other half, and errors can be queued for the next writes.
import { StatusError } from "../../api/status-error.ts";
import type { PersistentVolume, PersistentVolumeClaim } from "./volume-types.ts";
import type { VolumeWriter } from "./volume-writer.ts";

export type WriteVerb = "updateVolume" | "updateVolumeStatus" | "deleteVolume" | "updateClaim" | "updateClaimStatus";

export class FakeVolumeWriter implements VolumeWriter {
  readonly volumes = new Map<string, PersistentVolume>();
  readonly claims = new Map<string, PersistentVolumeClaim>();
  readonly calls: string[] = [];
  /** Errors handed out, in order, to the next writes with a matching verb. */
  readonly errors: { verb: WriteVerb; error: Error }[] = [];
  #version = 1000;

  constructor(volumes: PersistentVolume[] = [], claims: PersistentVolumeClaim[] = []) {
    for (const v of volumes) this.volumes.set(v.metadata.name!, structuredClone(v));
    for (const c of claims) this.claims.set(`${c.metadata.namespace}/${c.metadata.name}`, structuredClone(c));
  }

  #injected(verb: WriteVerb, name: string): void {
    this.calls.push(`${verb} ${name}`);
    const i = this.errors.findIndex((e) => e.verb === verb);
    if (i >= 0) throw this.errors.splice(i, 1)[0].error;
  }

  #write<T extends PersistentVolume | PersistentVolumeClaim>(store: Map<string, T>, key: string, obj: T, status: boolean, resource: string): T {
    const old = store.get(key);
    if (!old) throw StatusError.notFound({ group: "", resource }, obj.metadata.name ?? "");
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw StatusError.staleUpdate({ group: "", resource }, obj.metadata.name ?? "");
    }
    const next = structuredClone(status ? { ...old, status: obj.status } : { ...obj, status: old.status }) as T;
    next.metadata.resourceVersion = String(++this.#version);
    store.set(key, next);
    return structuredClone(next);
  }

  async updateVolume(volume: PersistentVolume): Promise<PersistentVolume> {
    this.#injected("updateVolume", volume.metadata.name!);
    return this.#write(this.volumes, volume.metadata.name!, volume, false, "persistentvolumes");
  }

  async updateVolumeStatus(volume: PersistentVolume): Promise<PersistentVolume> {
    this.#injected("updateVolumeStatus", volume.metadata.name!);
    return this.#write(this.volumes, volume.metadata.name!, volume, true, "persistentvolumes");
  }

  async deleteVolume(name: string): Promise<void> {
    this.#injected("deleteVolume", name);
    this.volumes.delete(name);
  }

  async getVolume(name: string): Promise<PersistentVolume | undefined> {
    const v = this.volumes.get(name);
    return v && structuredClone(v);
  }

  async updateClaim(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    this.#injected("updateClaim", claim.metadata.name!);
    return this.#write(this.claims, `${claim.metadata.namespace}/${claim.metadata.name}`, claim, false, "persistentvolumeclaims");
  }

  async updateClaimStatus(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    this.#injected("updateClaimStatus", claim.metadata.name!);
    return this.#write(this.claims, `${claim.metadata.namespace}/${claim.metadata.name}`, claim, true, "persistentvolumeclaims");
  }

  async getClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    const c = this.claims.get(`${namespace}/${name}`);
    return c && structuredClone(c);
  }
}
