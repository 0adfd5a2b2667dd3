// `kubectl get pv`.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { accessModesCell, quantityCell, storageClassCell } from "./_storage.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: Record<string, string | number>;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string };
    storageClassName?: string;
    volumeAttributesClassName?: string | null;
    volumeMode?: string;
  };
  status?: { phase?: string; reason?: string };
}

export const persistentVolumesTable: TableConvertor = {
  columns: [
    nameColumn,
    column("Capacity", { description: "Storage size of the volume." }),
    column("Access Modes", { description: "Ways the volume can be mounted (RWO, ROX, RWX, RWOP)." }),
    column("Reclaim Policy", { description: "What happens to the volume once its claim is released." }),
    column("Status", { description: "Lifecycle phase: Pending, Available, Bound, Released or Failed." }),
    column("Claim", { description: "The claim bound to the volume, as namespace/name." }),
    column("StorageClass", { description: "Storage class the volume belongs to." }),
    column("VolumeAttributesClass", { description: "Volume attributes class of the volume." }),
    column("Reason", { description: "Why the volume is in its current phase, if known." }),
    ageColumn,
    column("VolumeMode", { priority: 1, description: "Whether the volume is a filesystem or a raw block device." }),
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const pv = obj as PersistentVolume;
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ""}/${spec.claimRef.name ?? ""}` : "";
    // API defaulting fills phase Pending, reclaim policy Retain and volumeMode Filesystem.
    const phase = pv.metadata.deletionTimestamp ? "Terminating" : (pv.status?.phase ?? "Pending");
    return [
      pv.metadata.name ?? "",
      quantityCell(spec.capacity?.storage),
      accessModesCell(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? "Retain",
      phase,
      claim,
      storageClassCell(pv.metadata, spec.storageClassName),
      spec.volumeAttributesClassName ?? "<unset>",
      pv.status?.reason ?? "",
      ageCell(pv.metadata.creationTimestamp, now),
      spec.volumeMode ?? "Filesystem",
    ];
  },
};
