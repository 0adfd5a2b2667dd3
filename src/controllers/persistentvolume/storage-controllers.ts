// Everything storage in one process, for the control plane to start and stop: the PV controller,
// the protection controllers, the built-in provisioners (hostpath and sized) and expansion, over
// one shared set of informers.
import type { Client } from "../../client/client.ts";
import type { Clock } from "../../client/clock.ts";
import { bootstrapStorageClasses } from "../../storage/bootstrap-storage-classes.ts";
import { HostPathProvisioner } from "../../storage/hostpath-provisioner.ts";
import { ProvisionController } from "../../storage/provision-controller.ts";
import { volumesDir, type Provisioner } from "../../storage/provisioner.ts";
import { SizedProvisioner } from "../../storage/sized-provisioner.ts";
import { ExpansionController } from "./expansion-controller.ts";
import { PersistentVolumeController } from "./pv-controller.ts";
import { PvProtectionController } from "./pv-protection-controller.ts";
import { PvcProtectionController } from "./pvc-protection-controller.ts";
import type { VolumeDeleter } from "./static-volume-deleter.ts";
import { StorageInformers } from "./storage-informers.ts";

export interface StorageControllersOptions {
  /** $ORDINAL_HOME; volumes live under <home>/volumes. */
  home: string;
  /** This node's name (`ordinal-0`): provisioned volumes are pinned to it. */
  nodeName: string;
  /** Replaces the built-in provisioners (tests). */
  provisioners?: Provisioner[];
  /** Creates the default `standard` class when missing (default true). */
  bootstrap?: boolean;
  /** How often unbound claims and volumes are synced again (default 15 s, as upstream). */
  resyncMs?: number;
  deleter?: VolumeDeleter;
  clock?: Clock;
}

export class StorageControllers {
  readonly informers: StorageInformers;
  readonly #client: Client;
  readonly #bootstrap: boolean;
  readonly #pv: PersistentVolumeController;
  readonly #pvcProtection: PvcProtectionController;
  readonly #pvProtection: PvProtectionController;
  readonly #provision: ProvisionController;
  readonly #expansion: ExpansionController;
  readonly #provisioners: readonly Provisioner[];

  constructor(client: Client, opts: StorageControllersOptions) {
    this.#client = client;
    this.#bootstrap = opts.bootstrap ?? true;
    const dir = volumesDir(opts.home);
    const provisioners = opts.provisioners ?? [new HostPathProvisioner({ dir }), new SizedProvisioner({ dir })];
    this.#provisioners = provisioners;
    this.informers = new StorageInformers(client, { resyncMs: opts.resyncMs });
    this.#pv = new PersistentVolumeController(client, this.informers, { deleter: opts.deleter });
    this.#pvcProtection = new PvcProtectionController(client, this.informers);
    this.#pvProtection = new PvProtectionController(client, this.informers);
    this.#provision = new ProvisionController(client, this.informers, provisioners, { nodeName: opts.nodeName });
    this.#expansion = new ExpansionController(client, this.informers, provisioners, { nodeName: opts.nodeName, clock: opts.clock });
  }

  /** Resolves once caches are filled and volumes a restart unmounted are mounted again. */
  async start(): Promise<void> {
    if (this.#bootstrap) await bootstrapStorageClasses(this.#client);
    await this.informers.start();
    await this.#provision.recover();
    this.#pv.start();
    this.#pvcProtection.start();
    this.#pvProtection.start();
    this.#provision.start();
    this.#expansion.start();
  }

  /** Resolves when every sync under way has finished (nothing is mounted or written after). */
  async stop(): Promise<void> {
    const running = [this.#expansion.stop(), this.#provision.stop(), this.#pvProtection.stop(), this.#pvcProtection.stop(), this.#pv.stop()];
    this.informers.stop();
    await Promise.all(running);
    for (const p of this.#provisioners) await p.release?.();
  }
}
