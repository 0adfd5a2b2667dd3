// kubernetes.io/pv-protection (upstream pvprotection): a volume stays while it is Bound; once the
// binder has released it, a pending deletion goes ahead. Volumes lacking the finalizer get it.
import type { Client, ResourceClient } from "../../client/client.ts";
import { WorkQueue, runWorkers } from "../../client/work-queue.ts";
import { retryingConflicts } from "./sync-retry.ts";
import { isDeletionCandidate, needsFinalizer, setFinalizer } from "./finalizers.ts";
import type { StorageInformers } from "./storage-informers.ts";
import { pvProtectionFinalizer, volumesId, type PersistentVolume } from "./volume-types.ts";

export class PvProtectionController {
  readonly #informers: StorageInformers;
  readonly #volumes: ResourceClient;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  #running: Promise<void> = Promise.resolve();

  constructor(client: Client, informers: StorageInformers) {
    this.#informers = informers;
    this.#volumes = client.resource(volumesId);
    const changed = (v: PersistentVolume) => {
      if (needsFinalizer(v, pvProtectionFinalizer) || isDeletionCandidate(v, pvProtectionFinalizer)) this.#queue.add(v.metadata.name ?? "");
    };
    informers.volumes.on({ add: (o) => changed(o as PersistentVolume), update: (_old, o) => changed(o as PersistentVolume) });
  }

  start(): void {
    this.#running = runWorkers(this.#queue, 1, retryingConflicts(this.#queue, (key) => this.#sync(key)));
  }

  /** Resolves when the syncs under way have finished. */
  stop(): Promise<void> {
    this.#queue.shutDown();
    return this.#running;
  }

  async #sync(name: string): Promise<void> {
    const volume = this.#informers.volume(name);
    if (!volume) return;
    if (isDeletionCandidate(volume, pvProtectionFinalizer)) {
      if (volume.status?.phase !== "Bound") await setFinalizer(this.#volumes, volume, pvProtectionFinalizer, false);
      return;
    }
    if (needsFinalizer(volume, pvProtectionFinalizer)) await setFinalizer(this.#volumes, volume, pvProtectionFinalizer, true);
  }
}
