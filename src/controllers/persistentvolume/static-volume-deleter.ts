// What the PV controller itself can delete when a Released volume's policy is Delete (upstream's
// in-tree plugins): a hostPath directory under /tmp, nothing else. Volumes from a provisioner that
// is not in-tree, and CSI volumes, are left to that provisioner.
import { rm } from "node:fs/promises";
import { annDynamicallyProvisioned, type PersistentVolume } from "./volume-types.ts";

export type DeleteOutcome = "deleted" | "external";

export interface VolumeDeleter {
  /** Removes the volume's storage; "external" when someone else owns that. Throws on failure. */
  delete(volume: PersistentVolume): Promise<DeleteOutcome>;
}

// Upstream's pattern is unanchored on purpose: any path containing "/tmp/<something>".
const tmpPath = /\/tmp\/.+/;

export class InTreeVolumeDeleter implements VolumeDeleter {
  readonly #remove: (path: string) => Promise<void>;

  constructor(remove: (path: string) => Promise<void> = (path) => rm(path, { recursive: true, force: true })) {
    this.#remove = remove;
  }

  async delete(volume: PersistentVolume): Promise<DeleteOutcome> {
    const name = volume.metadata.name ?? "";
    const provisioner = volume.metadata.annotations?.[annDynamicallyProvisioned];
    if (provisioner) {
      if (!provisioner.startsWith("kubernetes.io/")) return "external";
      throw new Error(`no volume plugin matched name: ${provisioner}`);
    }
    if (volume.spec.csi) return "external";
    const hostPath = volume.spec.hostPath?.path;
    if (hostPath === undefined) throw new Error(`error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched`);
    if (!tmpPath.test(hostPath)) throw new Error(`host_path deleter only supports /tmp/.+ but received provided ${hostPath}`);
    await this.#remove(hostPath);
    return "deleted";
  }
}
