// The binder's writes and live reads, behind one seam: the API through the client, or the
// Map-backed fake the binder tests use.
import { isNotFound } from "../../api/status-error.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import { claimsId, volumesId, type PersistentVolume, type PersistentVolumeClaim } from "./volume-types.ts";

export interface VolumeWriter {
  updateVolume(volume: PersistentVolume): Promise<PersistentVolume>;
  updateVolumeStatus(volume: PersistentVolume): Promise<PersistentVolume>;
  deleteVolume(name: string): Promise<void>;
  getVolume(name: string): Promise<PersistentVolume | undefined>;
  updateClaim(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim>;
  updateClaimStatus(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim>;
  getClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined>;
}

async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export class ApiVolumeWriter implements VolumeWriter {
  readonly #volumes: ResourceClient;
  readonly #claims: ResourceClient;

  constructor(client: Client) {
    this.#volumes = client.resource(volumesId);
    this.#claims = client.resource(claimsId);
  }

  async updateVolume(volume: PersistentVolume): Promise<PersistentVolume> {
    return (await this.#volumes.update(volume)) as PersistentVolume;
  }

  async updateVolumeStatus(volume: PersistentVolume): Promise<PersistentVolume> {
    return (await this.#volumes.updateStatus(volume)) as PersistentVolume;
  }

  async deleteVolume(name: string): Promise<void> {
    await orUndefined(() => this.#volumes.delete(undefined, name));
  }

  getVolume(name: string): Promise<PersistentVolume | undefined> {
    return orUndefined(async () => (await this.#volumes.get(undefined, name)) as PersistentVolume);
  }

  async updateClaim(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    return (await this.#claims.update(claim)) as PersistentVolumeClaim;
  }

  async updateClaimStatus(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    return (await this.#claims.updateStatus(claim)) as PersistentVolumeClaim;
  }

  getClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    return orUndefined(async () => (await this.#claims.get(namespace, name)) as PersistentVolumeClaim);
  }
}
