// Directories as volumes, as minikube's storage-provisioner and rancher's local-path-provisioner
// make them: $ORDINAL_HOME/volumes/pvc-<uid>, world-writable, pinned to this node. Capacity is
// what the claim asked for and is not enforced (ordinal.dev/sized enforces it).
import { chmod, mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { isMountPoint } from "./mount-table.ts";
import { checkParameters, hostnameAffinity, isVolumeName, type ControllerExpansion, type ProvisionRequest, type ProvisionedSpec, type Provisioner } from "./provisioner.ts";

export const hostPathProvisionerNames = ["k8s.io/minikube-hostpath", "rancher.io/local-path", "ordinal.dev/hostpath"] as const;

export interface HostPathProvisionerOptions {
  /** $ORDINAL_HOME/volumes */
  dir: string;
  names?: readonly string[];
}

export class HostPathProvisioner implements Provisioner {
  readonly names: readonly string[];
  readonly #dir: string;

  constructor(opts: HostPathProvisionerOptions) {
    this.#dir = opts.dir;
    this.names = opts.names ?? hostPathProvisionerNames;
  }

  #path(pvName: string): string {
    if (!isVolumeName(pvName)) throw new Error(`refusing to use "${pvName}" as a volume directory name`);
    return join(this.#dir, pvName);
  }

  async provision(req: ProvisionRequest): Promise<ProvisionedSpec> {
    checkParameters(req, { volumeType: ["hostPath", "local"] });
    const path = this.#path(req.pvName);
    await mkdir(path, { recursive: true });
    // Any container user may write, as with minikube's volumes; umask must not narrow it.
    await chmod(path, 0o777);
    const storage = req.claim.spec.resources?.requests?.storage ?? "0";
    const source = req.storageClass.parameters?.volumeType === "local" ? { local: { path } } : { hostPath: { path, type: "DirectoryOrCreate" } };
    return { capacity: { storage }, ...source, nodeAffinity: hostnameAffinity(req.nodeName) };
  }

  async delete(pvName: string): Promise<void> {
    const path = this.#path(pvName);
    // A mounted filesystem here belongs to ordinal.dev/sized; emptying it would destroy its data.
    if (await isMountPoint(path)) throw new Error(`${path} is a mount point; not deleting it as a directory volume`);
    await rm(path, { recursive: true, force: true });
  }

  async storedVolumes(): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(this.#dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const images = new Set(entries.filter((e) => e.name.endsWith(".img")).map((e) => e.name.slice(0, -".img".length)));
    return entries.filter((e) => e.isDirectory() && isVolumeName(e.name) && !images.has(e.name)).map((e) => e.name);
  }

  /** A directory has no size to grow: the new request simply becomes the capacity. */
  async expand(): Promise<ControllerExpansion> {
    return { nodeExpansionRequired: false };
  }
}
