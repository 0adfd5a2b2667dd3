// `kubectl get statefulsets`.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, containerCells, containersColumn, imagesColumn, nameColumn, type ContainerLike } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface StatefulSet extends KubeObject {
  spec?: { replicas?: number; template?: { spec?: { containers?: ContainerLike[] } } };
  status?: { readyReplicas?: number };
}

export const statefulSetsTable: TableConvertor = {
  columns: [
    nameColumn,
    column("Ready", { description: "Ready pods out of the desired replicas." }),
    ageColumn,
    containersColumn,
    imagesColumn,
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const set = obj as StatefulSet;
    // API defaulting makes an omitted spec.replicas 1.
    const desired = set.spec?.replicas ?? 1;
    const [names, images] = containerCells(set.spec?.template?.spec?.containers);
    return [
      set.metadata.name ?? "",
      `${set.status?.readyReplicas ?? 0}/${desired}`,
      ageCell(set.metadata.creationTimestamp, now),
      names,
      images,
    ];
  },
};
