// Columns and cells several kinds share. Descriptions are ours; names, types and priorities are
// the ones kube-apiserver's printers declare, since kubectl shows the names as headers.
import { column } from "./table.ts";

export const nameColumn = column("Name", {
  format: "name",
  description: "Name of the object, unique among objects of its kind in its namespace.",
});

export const ageColumn = column("Age", {
  description: "Time since the object was created (metadata.creationTimestamp).",
});

export const containersColumn = column("Containers", {
  priority: 1,
  description: "Names of the containers in the pod template.",
});

export const imagesColumn = column("Images", {
  priority: 1,
  description: "Images of the containers in the pod template.",
});

export interface ContainerLike {
  name?: string;
  image?: string;
}

/** Container names and images, each comma-joined in template order. */
export function containerCells(containers: readonly ContainerLike[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? "").join(","), list.map((c) => c.image ?? "").join(",")];
}
