// `kubectl get pvc`: capacity and access modes come from status, and only once bound.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { accessModesCell, quantityCell, storageClassCell } from "./_storage.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    volumeName?: string;
    storageClassName?: string | null;
    volumeAttributesClassName?: string | null;
    volumeMode?: string;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, string | number> };
}

export const persistentVolumeClaimsTable: TableConvertor = {
  columns: [
    nameColumn,
    column("Status", { description: "Lifecycle phase of the claim: Pending, Bound or Lost." }),
    column("Volume", { description: "Name of the persistent volume bound to the claim." }),
    column("Capacity", { description: "Storage actually provided by the bound volume." }),
    column("Access Modes", { description: "Access modes of the bound volume (RWO, ROX, RWX, RWOP)." }),
    column("StorageClass", { description: "Storage class the claim asks for." }),
    column("VolumeAttributesClass", { description: "Volume attributes class the claim asks for." }),
    ageColumn,
    column("VolumeMode", { priority: 1, description: "Whether the volume is a filesystem or a raw block device." }),
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const pvc = obj as PersistentVolumeClaim;
    const spec = pvc.spec ?? {};
    const volumeName = spec.volumeName ?? "";
    // API defaulting makes an omitted phase Pending and an omitted volumeMode Filesystem.
    const phase = pvc.metadata.deletionTimestamp ? "Terminating" : (pvc.status?.phase ?? "Pending");
    const bound = volumeName !== "";
    return [
      pvc.metadata.name ?? "",
      phase,
      volumeName,
      bound ? quantityCell(pvc.status?.capacity?.storage) : "",
      bound ? accessModesCell(pvc.status?.accessModes) : "",
      storageClassCell(pvc.metadata, spec.storageClassName),
      spec.volumeAttributesClassName ?? "<unset>",
      ageCell(pvc.metadata.creationTimestamp, now),
      spec.volumeMode ?? "Filesystem",
    ];
  },
};
