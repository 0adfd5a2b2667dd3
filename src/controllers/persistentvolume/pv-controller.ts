// The persistentvolume-controller process: informer events feed the binder's caches and queue keys;
// one worker syncs them, as upstream runs one worker per queue so that two syncs never bind the
// same volume twice.
import type { Client } from "../../client/client.ts";
import { ApiEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import { WorkQueue, runWorkers } from "../../client/work-queue.ts";
import { retryingConflicts } from "./sync-retry.ts";
import { PersistentVolumeBinder } from "./persistent-volume-binder.ts";
import { InTreeVolumeDeleter, type VolumeDeleter } from "./static-volume-deleter.ts";
import type { StorageInformers } from "./storage-informers.ts";
import { claimClass, claimHasClass, claimKey } from "./volume-helpers.ts";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "./volume-types.ts";
import { ApiVolumeWriter } from "./volume-writer.ts";

export interface PersistentVolumeControllerOptions {
  events?: EventRecorder;
  deleter?: VolumeDeleter;
}

export class PersistentVolumeController {
  readonly #informers: StorageInformers;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  #running: Promise<void> = Promise.resolve();
  readonly #binder: PersistentVolumeBinder;

  constructor(client: Client, informers: StorageInformers, opts: PersistentVolumeControllerOptions = {}) {
    this.#informers = informers;
    this.#binder = new PersistentVolumeBinder({
      writer: new ApiVolumeWriter(client),
      events: opts.events ?? new ApiEventRecorder(client, { component: "persistentvolume-controller" }),
      classes: () => informers.storageClasses(),
      podsUsingClaim: (ns, name) => informers.podsUsingClaim(ns, name),
      node: (name) => informers.node(name),
      deleter: opts.deleter ?? new InTreeVolumeDeleter(),
      enqueueClaim: (key) => this.#queue.add(`claim/${key}`),
    });
    informers.volumes.on({
      add: (o) => this.#volumeChanged(o as PersistentVolume),
      update: (_old, o) => this.#volumeChanged(o as PersistentVolume),
      delete: (o) => {
        const v = o as PersistentVolume;
        this.#binder.volumes.delete(v);
        const ref = v.spec.claimRef;
        // The claim learns it is Lost now rather than at the next resync.
        if (ref?.name) this.#queue.add(`claim/${ref.namespace}/${ref.name}`);
      },
    });
    informers.claims.on({
      add: (o) => this.#claimChanged(o as PersistentVolumeClaim),
      update: (_old, o) => this.#claimChanged(o as PersistentVolumeClaim),
      delete: (o) => {
        const c = o as PersistentVolumeClaim;
        this.#binder.claims.delete(c);
        // Its volume is released (and reclaimed) without waiting for a resync.
        if (c.spec.volumeName) this.#queue.add(`volume/${c.spec.volumeName}`);
      },
    });
    informers.classes.on({
      add: (o) => this.#classChanged(o as StorageClass),
      update: (_old, o) => this.#classChanged(o as StorageClass),
    });
  }

  start(): void {
    this.#running = runWorkers(this.#queue, 1, retryingConflicts(this.#queue, (key) => this.#sync(key)));
  }

  /** Resolves when the syncs under way have finished. */
  stop(): Promise<void> {
    this.#queue.shutDown();
    return this.#running;
  }

  #volumeChanged(v: PersistentVolume): void {
    this.#binder.volumes.store(v);
    this.#queue.add(`volume/${v.metadata.name}`);
    // Upstream waits for the resync before pending claims look at a new volume; asking at once
    // binds seed-style static volumes without that delay.
    if (!v.spec.claimRef?.uid && v.status?.phase === "Available") this.#pokeUnboundClaims(() => true);
  }

  #claimChanged(c: PersistentVolumeClaim): void {
    this.#binder.claims.store(c);
    this.#queue.add(`claim/${claimKey(c)}`);
  }

  #classChanged(sc: StorageClass): void {
    // Claims of that class may now provision; claims without a class may now get it as default.
    this.#pokeUnboundClaims((c) => claimClass(c) === sc.metadata.name || !claimHasClass(c));
  }

  #pokeUnboundClaims(which: (c: PersistentVolumeClaim) => boolean): void {
    for (const c of this.#informers.unboundClaims()) if (which(c)) this.#queue.add(`claim/${claimKey(c)}`);
  }

  async #sync(key: string): Promise<void> {
    const [kind, ...rest] = key.split("/");
    if (kind === "volume") {
      const volume = this.#binder.volumes.get(rest.join("/"));
      if (volume) await this.#binder.syncVolume(volume);
      return;
    }
    const claim = this.#binder.claims.get(rest.join("/"));
    if (claim) await this.#binder.syncClaim(claim);
  }
}
