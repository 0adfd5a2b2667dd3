// ordinal.dev/sized: every volume is its own ext4 filesystem of the requested size (a sparse image
// file on a loop device, mounted at $ORDINAL_HOME/volumes/pvc-<uid>), so a volume cannot hold more
// than its claim asked for, and a larger request grows it. See README.md in this directory.
import { chmod, mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { quantityValue, tryParseQuantity } from "../api/validation/quantity.ts";
import { LoopFilesystem } from "./loop-filesystem.ts";
import {
  checkParameters,
  hostnameAffinity,
  isVolumeName,
  type ControllerExpansion,
  type NodeExpansion,
  type ProvisionRequest,
  type ProvisionedSpec,
  type Provisioner,
} from "./provisioner.ts";
import type { CommandRunner } from "./run-command.ts";

export const sizedProvisionerName = "ordinal.dev/sized";

const MiB = 1024 * 1024;

/** Image sizes are whole MiB, at least one. */
export const imageBytes = (bytes: number): number => Math.max(1, Math.ceil(bytes / MiB)) * MiB;

export interface SizedProvisionerOptions {
  /** $ORDINAL_HOME/volumes */
  dir: string;
  run?: CommandRunner;
}

export class SizedProvisioner implements Provisioner {
  readonly names = [sizedProvisionerName];
  readonly #dir: string;
  readonly #run: CommandRunner | undefined;

  constructor(opts: SizedProvisionerOptions) {
    this.#dir = opts.dir;
    this.#run = opts.run;
  }

  filesystem(pvName: string): LoopFilesystem {
    if (!isVolumeName(pvName)) throw new Error(`refusing to use "${pvName}" as a volume name`);
    return new LoopFilesystem({ image: join(this.#dir, `${pvName}.img`), mountPoint: join(this.#dir, pvName), run: this.#run });
  }

  async provision(req: ProvisionRequest): Promise<ProvisionedSpec> {
    checkParameters(req, { fsType: ["ext4"] });
    const storage = req.claim.spec.resources?.requests?.storage;
    const requested = tryParseQuantity(storage);
    if (!requested || storage === undefined) throw new Error("the claim requests no storage size");
    const fs = this.filesystem(req.pvName);
    await mkdir(fs.mountPoint, { recursive: true });
    await fs.create(imageBytes(quantityValue(requested)));
    await fs.ensureMounted();
    await chmod(fs.mountPoint, 0o777);
    return { capacity: { storage }, hostPath: { path: fs.mountPoint, type: "Directory" }, nodeAffinity: hostnameAffinity(req.nodeName) };
  }

  async delete(pvName: string): Promise<void> {
    const fs = this.filesystem(pvName);
    await fs.destroy();
    await rm(fs.mountPoint, { recursive: true, force: true });
  }

  async storedVolumes(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const stored = names.map((n) => /^(pvc-[0-9a-z-]+)\.img(\.tmp)?$/.exec(n)?.[1]).filter((n): n is string => n !== undefined);
    return [...new Set(stored)];
  }

  async expand(pvName: string, bytes: number): Promise<ControllerExpansion> {
    await this.filesystem(pvName).growImage(imageBytes(bytes));
    return { nodeExpansionRequired: true };
  }

  expandOnNode(pvName: string, opts: { inUse: boolean }): Promise<NodeExpansion> {
    return this.filesystem(pvName).growFilesystem(opts);
  }

  async release(): Promise<void> {
    for (const name of await this.storedVolumes()) await this.filesystem(name).unmount();
  }

  async repair(pvName: string): Promise<void> {
    const fs = this.filesystem(pvName);
    if (!(await fs.imageExists())) throw new Error(`the image of ${pvName} (${fs.image}) is missing`);
    await mkdir(fs.mountPoint, { recursive: true });
    await fs.ensureMounted();
  }
}
