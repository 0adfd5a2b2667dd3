// One set of informers for all storage controllers, with the lookups they share: pods by the claims
// they use, unbound claims, a node's labels. The binder's periodic resync rides on the claim and
// volume informers (upstream's 15 s --pvclaimbinder-sync-period).
import type { Client } from "../../client/client.ts";
import { Informer } from "../../client/informer.ts";
import type { MatchNode } from "./find-matching-volume.ts";
import { claimNamesOf, hasAnnotation } from "./volume-helpers.ts";
import {
  annBindCompleted,
  claimsId,
  classesId,
  nodesId,
  podsId,
  volumesId,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  type StorageClass,
} from "./volume-types.ts";

export interface StorageInformerOptions {
  resyncMs?: number;
}

export class StorageInformers {
  readonly volumes: Informer;
  readonly claims: Informer;
  readonly classes: Informer;
  readonly pods: Informer;
  readonly nodes: Informer;

  constructor(client: Client, opts: StorageInformerOptions = {}) {
    const resyncMs = opts.resyncMs ?? 15_000;
    this.volumes = new Informer(client.resource(volumesId), {}, { resyncMs });
    this.claims = new Informer(client.resource(claimsId), {}, { resyncMs });
    this.classes = new Informer(client.resource(classesId));
    this.pods = new Informer(client.resource(podsId));
    this.nodes = new Informer(client.resource(nodesId));
  }

  async start(): Promise<void> {
    await Promise.all([this.classes.start(), this.nodes.start(), this.pods.start()]);
    await this.volumes.start();
    await this.claims.start();
  }

  stop(): void {
    for (const i of [this.volumes, this.claims, this.classes, this.pods, this.nodes]) i.stop();
  }

  volume(name: string): PersistentVolume | undefined {
    return this.volumes.get(name) as PersistentVolume | undefined;
  }

  claim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.claims.get(`${namespace}/${name}`) as PersistentVolumeClaim | undefined;
  }

  storageClass(name: string): StorageClass | undefined {
    return name ? (this.classes.get(name) as StorageClass | undefined) : undefined;
  }

  storageClasses(): StorageClass[] {
    return this.classes.list() as StorageClass[];
  }

  podsUsingClaim(namespace: string, claimName: string): Pod[] {
    return (this.pods.list() as Pod[]).filter((p) => p.metadata.namespace === namespace && claimNamesOf(p).includes(claimName));
  }

  /** Claims that have not finished binding: what a new volume or class may unblock. */
  unboundClaims(): PersistentVolumeClaim[] {
    return (this.claims.list() as PersistentVolumeClaim[]).filter((c) => !hasAnnotation(c, annBindCompleted) && !c.metadata.deletionTimestamp);
  }

  node(name: string): MatchNode | undefined {
    const node = this.nodes.get(name);
    return node ? { name, labels: node.metadata.labels ?? {} } : undefined;
  }
}
