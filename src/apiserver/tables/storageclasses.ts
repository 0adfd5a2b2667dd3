// `kubectl get storageclasses`: the default class is marked in its name.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface StorageClass extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

const defaultClassAnnotations = [
  "storageclass.kubernetes.io/is-default-class",
  "storageclass.beta.kubernetes.io/is-default-class",
];

function isDefaultClass(sc: StorageClass): boolean {
  const annotations = sc.metadata.annotations ?? {};
  return defaultClassAnnotations.some((a) => annotations[a] === "true");
}

export const storageClassesTable: TableConvertor = {
  columns: [
    nameColumn,
    column("Provisioner", { description: "The volume plugin that provisions volumes of this class." }),
    column("ReclaimPolicy", { description: "Reclaim policy given to volumes this class provisions." }),
    column("VolumeBindingMode", { description: "When claims are bound and provisioned: Immediate or WaitForFirstConsumer." }),
    column("AllowVolumeExpansion", { description: "Whether claims of this class may be resized." }),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const sc = obj as StorageClass;
    const name = sc.metadata.name ?? "";
    return [
      isDefaultClass(sc) ? `${name} (default)` : name,
      sc.provisioner ?? "",
      sc.reclaimPolicy ?? "Delete",
      sc.volumeBindingMode ?? "Immediate",
      sc.allowVolumeExpansion ?? false,
      ageCell(sc.metadata.creationTimestamp, now),
    ];
  },
};
