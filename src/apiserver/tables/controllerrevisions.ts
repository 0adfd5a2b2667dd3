// `kubectl get controllerrevisions`: CONTROLLER names the owning workload as kind.group/name.
import type { KubeObject, OwnerReference } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface ControllerRevision extends KubeObject {
  revision?: number;
}

/** `statefulset.apps/web`: the lower-cased GroupKind of the owner, then its name. */
function controllerCell(owner: OwnerReference | undefined): string {
  if (!owner) return "<none>";
  const slash = owner.apiVersion.indexOf("/");
  const group = slash < 0 ? "" : owner.apiVersion.slice(0, slash);
  const kind = owner.kind ?? "";
  if (group === "" && kind === "") return owner.name;
  const groupKind = group ? `${kind}.${group}` : kind;
  return `${groupKind.toLowerCase()}/${owner.name}`;
}

export const controllerRevisionsTable: TableConvertor = {
  columns: [
    nameColumn,
    column("Controller", { description: "The workload that owns this revision." }),
    column("Revision", { description: "Revision number of the recorded state." }),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const rev = obj as ControllerRevision;
    const owner = rev.metadata.ownerReferences?.find((o) => o.controller === true);
    return [rev.metadata.name ?? "", controllerCell(owner), rev.revision ?? 0, ageCell(rev.metadata.creationTimestamp, now)];
  },
};
