// What a built-in provisioner does for the provision and expansion controllers. Every operation is
// idempotent and keyed by the volume name pvc-<claim uid>, so a crash at any point is repaired by
// doing the same thing again.
import { join } from "node:path";
import type { PersistentVolumeClaim, PersistentVolumeSpec, StorageClass } from "../controllers/persistentvolume/volume-types.ts";

export interface ProvisionRequest {
  /** pvc-<claim uid>: the PV's name and the name of its storage under the volumes directory. */
  pvName: string;
  claim: PersistentVolumeClaim;
  storageClass: StorageClass;
  /** The node the volume is made on (and pinned to by node affinity). */
  nodeName: string;
}

/** The spec fields a provisioner decides: capacity, the volume source and node affinity. */
export type ProvisionedSpec = Pick<PersistentVolumeSpec, "capacity" | "hostPath" | "local" | "nodeAffinity">;

/** After growing the backing storage: whether the filesystem must still grow on the node. */
export interface ControllerExpansion {
  nodeExpansionRequired: boolean;
}

export type NodeExpansion = "done" | "needs-restart";

export interface Provisioner {
  /** The StorageClass provisioner names served, e.g. k8s.io/minikube-hostpath. */
  readonly names: readonly string[];
  provision(req: ProvisionRequest): Promise<ProvisionedSpec>;
  /** Removes the volume's storage; nothing to remove is success. */
  delete(pvName: string): Promise<void>;
  /** The pvc-<uid> names whose storage exists, to find what a crash left without a PV. */
  storedVolumes(): Promise<string[]>;
  /** Grows the backing storage to at least `bytes`; absent when volumes cannot grow. */
  expand?(pvName: string, bytes: number): Promise<ControllerExpansion>;
  /** Grows the filesystem; "needs-restart" when that must wait until no pod uses the volume. */
  expandOnNode?(pvName: string, opts: { inUse: boolean }): Promise<NodeExpansion>;
  /** Restores what a restart of the host or of ordinal undid (mounts). */
  repair?(pvName: string): Promise<void>;
  /**
   * Lets go of what this node holds for its volumes when ordinal stops (mounts, loop devices);
   * `repair` restores it at the next start. Containers still using a volume keep it through their
   * own mounts.
   */
  release?(): Promise<void>;
}

/** $ORDINAL_HOME/volumes: where every built-in provisioner keeps its volumes. */
export const volumesDir = (home: string): string => join(home, "volumes");

export const hostnameAffinity = (nodeName: string): ProvisionedSpec["nodeAffinity"] => ({
  required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [nodeName] }] }] },
});

/** Rejects StorageClass parameters a provisioner does not know, naming them. */
export function checkParameters(req: ProvisionRequest, known: Record<string, readonly string[]>): void {
  for (const [key, value] of Object.entries(req.storageClass.parameters ?? {})) {
    const allowed = known[key];
    if (!allowed) {
      const names = Object.keys(known);
      throw new Error(`unsupported parameter "${key}"${names.length ? ` (supported: ${names.join(", ")})` : " (this provisioner takes none)"}`);
    }
    if (!allowed.includes(value)) throw new Error(`invalid value "${value}" for parameter "${key}": must be one of ${allowed.join(", ")}`);
  }
}

export const isVolumeName = (name: string): boolean => /^pvc-[0-9a-z-]+$/.test(name);
