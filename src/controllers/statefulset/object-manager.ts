// The pod and claim seam under StatefulPodControl: reads from informer caches, writes through the
// API (StatefulPodControlObjectManager). A Map-backed fake lives in fake-object-manager.ts.
import type { Client, ResourceClient } from "../../client/client.ts";
import type { Lister } from "../../client/lister.ts";
import type { PersistentVolumeClaim, Pod } from "./stateful-set-types.ts";

export interface ObjectManager {
  createPod(pod: Pod): Promise<void>;
  /** The cached pod, or undefined when the cache has none. */
  getPod(namespace: string, name: string): Pod | undefined;
  updatePod(pod: Pod): Promise<void>;
  deletePod(pod: Pod): Promise<void>;
  createClaim(claim: PersistentVolumeClaim): Promise<void>;
  /** The cached claim, or undefined when the cache has none. */
  getClaim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  updateClaim(claim: PersistentVolumeClaim): Promise<void>;
}

export interface ApiObjectManagerListers {
  pods: Lister<Pod>;
  claims: Lister<PersistentVolumeClaim>;
}

export class ApiObjectManager implements ObjectManager {
  readonly #pods: ResourceClient;
  readonly #claims: ResourceClient;
  readonly #listers: ApiObjectManagerListers;

  constructor(client: Client, listers: ApiObjectManagerListers) {
    this.#pods = client.resource({ group: "", version: "v1", plural: "pods" });
    this.#claims = client.resource({ group: "", version: "v1", plural: "persistentvolumeclaims" });
    this.#listers = listers;
  }

  async createPod(pod: Pod): Promise<void> {
    await this.#pods.create(pod.metadata.namespace, pod);
  }

  getPod(namespace: string, name: string): Pod | undefined {
    return this.#listers.pods.get(namespace, name);
  }

  async updatePod(pod: Pod): Promise<void> {
    await this.#pods.update(pod);
  }

  async deletePod(pod: Pod): Promise<void> {
    await this.#pods.delete(pod.metadata.namespace, pod.metadata.name!);
  }

  async createClaim(claim: PersistentVolumeClaim): Promise<void> {
    await this.#claims.create(claim.metadata.namespace, claim);
  }

  getClaim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.#listers.claims.get(namespace, name);
  }

  async updateClaim(claim: PersistentVolumeClaim): Promise<void> {
    await this.#claims.update(claim);
  }
}
