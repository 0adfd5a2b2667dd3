// The built-in provisioners' controller, as sig-storage-lib-external-provisioner runs one beside
// each external provisioner: it makes a PersistentVolume pvc-<claim uid> for every claim the PV
// controller hands to one of its provisioners, and removes the storage and the PV of released
// Delete volumes. The deterministic name makes provisioning safe to repeat after a crash: at most one
// PV per claim exists, and creating it again answers AlreadyExists.
import { randomUUID } from "node:crypto";
import { isAlreadyExists, isNotFound } from "../api/status-error.ts";
import type { Client, ResourceClient } from "../client/client.ts";
import { ApiEventRecorder, type EventRecorder } from "../client/event-recorder.ts";
import { WorkQueue, runWorkers } from "../client/work-queue.ts";
import { retryingConflicts } from "../controllers/persistentvolume/sync-retry.ts";
import { hasFinalizer, setFinalizer } from "../controllers/persistentvolume/finalizers.ts";
import type { StorageInformers } from "../controllers/persistentvolume/storage-informers.ts";
import { claimClass, claimKey, claimRefFor, isDelayBinding } from "../controllers/persistentvolume/volume-helpers.ts";
import {
  annBetaStorageProvisioner,
  annDynamicallyProvisioned,
  annSelectedNode,
  annStorageProvisioner,
  provisionerDeletionFinalizer,
  reasons,
  volumesId,
  type PersistentVolume,
  type PersistentVolumeClaim,
} from "../controllers/persistentvolume/volume-types.ts";
import type { Provisioner } from "./provisioner.ts";

export interface ProvisionControllerOptions {
  nodeName: string;
  /** Overrides the per-provisioner recorders (tests). */
  events?: EventRecorder;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class ProvisionController {
  readonly #informers: StorageInformers;
  readonly #volumes: ResourceClient;
  readonly #byName = new Map<string, Provisioner>();
  readonly #events = new Map<string, EventRecorder>();
  readonly #nodeName: string;
  readonly #queue = new WorkQueue({ baseDelayMs: 500, maxDelayMs: 60_000 });
  #running: Promise<void> = Promise.resolve();

  constructor(client: Client, informers: StorageInformers, provisioners: readonly Provisioner[], opts: ProvisionControllerOptions) {
    this.#informers = informers;
    this.#volumes = client.resource(volumesId);
    this.#nodeName = opts.nodeName;
    // Upstream names the event source <provisioner>_<host>_<uuid>.
    const identity = randomUUID();
    for (const p of provisioners) {
      for (const name of p.names) {
        this.#byName.set(name, p);
        this.#events.set(name, opts.events ?? new ApiEventRecorder(client, { component: `${name}_${opts.nodeName}_${identity}` }));
      }
    }
    const claimChanged = (c: PersistentVolumeClaim) => {
      if (this.#provisionerOf(c)) this.#queue.add(`claim/${claimKey(c)}`);
    };
    informers.claims.on({
      add: (o) => claimChanged(o as PersistentVolumeClaim),
      update: (_old, o) => claimChanged(o as PersistentVolumeClaim),
      // A claim deleted while its volume was being made may leave storage without a PV.
      delete: (o) => {
        if (this.#provisionerOf(o as PersistentVolumeClaim)) this.#queue.add(`orphan/pvc-${o.metadata.uid}`);
      },
    });
    const volumeChanged = (v: PersistentVolume) => {
      if (this.#byName.has(v.metadata.annotations?.[annDynamicallyProvisioned] ?? "")) this.#queue.add(`volume/${v.metadata.name}`);
    };
    informers.volumes.on({ add: (o) => volumeChanged(o as PersistentVolume), update: (_old, o) => volumeChanged(o as PersistentVolume) });
  }

  start(): void {
    this.#running = runWorkers(this.#queue, 2, retryingConflicts(this.#queue, (key) => this.#sync(key)));
  }

  /** Resolves when the syncs under way have finished. */
  stop(): Promise<void> {
    this.#queue.shutDown();
    return this.#running;
  }

  #provisionerOf(c: PersistentVolumeClaim): string | undefined {
    const annotations = c.metadata.annotations ?? {};
    const name = annotations[annStorageProvisioner] ?? annotations[annBetaStorageProvisioner];
    return name && this.#byName.has(name) ? name : undefined;
  }

  async #sync(key: string): Promise<void> {
    const [kind, ...rest] = key.split("/");
    if (kind === "volume") await this.#syncVolume(rest.join("/"));
    else if (kind === "orphan") await this.#removeOrphan(rest.join("/"));
    else await this.#syncClaim(rest[0], rest[1]);
  }

  async #syncClaim(namespace: string, name: string): Promise<void> {
    const claim = this.#informers.claim(namespace, name);
    if (!claim || claim.spec.volumeName || claim.metadata.deletionTimestamp) return;
    const provisionerName = this.#provisionerOf(claim);
    if (!provisionerName) return;
    const sc = this.#informers.storageClass(claimClass(claim));
    if (!sc || sc.provisioner !== provisionerName) return;
    const selected = claim.metadata.annotations?.[annSelectedNode];
    if (isDelayBinding(sc) && !selected) return;
    if (selected && selected !== this.#nodeName) return;
    const pvName = `pvc-${claim.metadata.uid}`;
    if (this.#informers.volume(pvName) || (await this.#exists(pvName))) return;

    const events = this.#events.get(provisionerName)!;
    events.event(claim, "Normal", reasons.provisioning, `External provisioner is provisioning volume for claim "${claimKey(claim)}"`);
    try {
      if (claim.spec.selector) throw new Error("claim Selector is not supported");
      if (claim.spec.volumeMode === "Block") throw new Error(`${provisionerName} does not support block volume provisioning`);
      const spec = await this.#byName.get(provisionerName)!.provision({ pvName, claim, storageClass: sc, nodeName: this.#nodeName });
      const reclaimPolicy = sc.reclaimPolicy ?? "Delete";
      const volume: PersistentVolume = {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: {
          name: pvName,
          annotations: { [annDynamicallyProvisioned]: provisionerName },
          ...(reclaimPolicy === "Delete" ? { finalizers: [provisionerDeletionFinalizer] } : {}),
        },
        spec: {
          ...spec,
          accessModes: claim.spec.accessModes,
          persistentVolumeReclaimPolicy: reclaimPolicy,
          storageClassName: claimClass(claim),
          volumeMode: claim.spec.volumeMode ?? "Filesystem",
          claimRef: claimRefFor(claim),
          ...(sc.mountOptions?.length ? { mountOptions: sc.mountOptions } : {}),
        },
      };
      await this.#volumes.create(undefined, volume);
    } catch (e) {
      if (!isAlreadyExists(e)) {
        events.event(claim, "Warning", reasons.provisioningFailed, `failed to provision volume with StorageClass "${sc.metadata.name}": ${errorText(e)}`);
        throw e;
      }
    }
    events.event(claim, "Normal", reasons.provisioningSucceeded, `Successfully provisioned volume ${pvName}`);
  }

  async #exists(pvName: string): Promise<boolean> {
    try {
      await this.#volumes.get(undefined, pvName);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /**
   * A released Delete volume loses its storage, then its PV. A PV deleted by the user keeps its
   * finalizer until it is no longer Bound; then the storage goes (policy Delete) or stays (Retain).
   */
  async #syncVolume(name: string): Promise<void> {
    const volume = this.#informers.volume(name);
    if (!volume) return;
    const provisionerName = volume.metadata.annotations?.[annDynamicallyProvisioned] ?? "";
    const provisioner = this.#byName.get(provisionerName);
    if (!provisioner) return;
    const phase = volume.status?.phase;
    const deleteStorage = volume.spec.persistentVolumeReclaimPolicy === "Delete";
    if (volume.metadata.deletionTimestamp) {
      if (!hasFinalizer(volume, provisionerDeletionFinalizer) || phase === "Bound") return;
      if (deleteStorage) await this.#deleteStorage(provisionerName, provisioner, volume);
      await setFinalizer(this.#volumes, volume, provisionerDeletionFinalizer, false);
      return;
    }
    if (phase !== "Released" || !deleteStorage) return;
    await this.#deleteStorage(provisionerName, provisioner, volume);
    if (hasFinalizer(volume, provisionerDeletionFinalizer)) await setFinalizer(this.#volumes, volume, provisionerDeletionFinalizer, false);
    try {
      await this.#volumes.delete(undefined, name, { preconditions: { uid: volume.metadata.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async #deleteStorage(provisionerName: string, provisioner: Provisioner, volume: PersistentVolume): Promise<void> {
    try {
      await provisioner.delete(volume.metadata.name ?? "");
    } catch (e) {
      this.#events.get(provisionerName)!.event(volume, "Warning", reasons.volumeFailedDelete, errorText(e));
      throw e;
    }
  }

  /**
   * After a restart: remount what needs mounting, and remove storage a crash left behind with
   * neither a PV nor a claim (made before its PV was created, for a claim deleted since).
   */
  async recover(): Promise<void> {
    for (const v of this.#informers.volumes.list() as PersistentVolume[]) {
      const p = this.#byName.get(v.metadata.annotations?.[annDynamicallyProvisioned] ?? "");
      if (!p?.repair || v.metadata.deletionTimestamp) continue;
      try {
        await p.repair(v.metadata.name ?? "");
      } catch (e) {
        console.error(`ordinal: volume ${v.metadata.name} could not be repaired:`, errorText(e));
      }
    }
    for (const p of new Set(this.#byName.values())) {
      for (const pvName of await p.storedVolumes()) {
        try {
          await this.#removeOrphan(pvName);
        } catch (e) {
          console.error(`ordinal: leftover storage of ${pvName} could not be removed:`, errorText(e));
        }
      }
    }
  }

  /** Removes the storage of pvName if neither its PV nor its claim exists. */
  async #removeOrphan(pvName: string): Promise<void> {
    const uid = pvName.slice("pvc-".length);
    if ((this.#informers.claims.list() as PersistentVolumeClaim[]).some((c) => c.metadata.uid === uid)) return;
    if (this.#informers.volume(pvName) || (await this.#exists(pvName))) return;
    for (const p of new Set(this.#byName.values())) {
      if ((await p.storedVolumes()).includes(pvName)) await p.delete(pvName);
    }
  }
}
