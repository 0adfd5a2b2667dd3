// `kubectl get namespaces`.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

export const namespacesTable: TableConvertor = {
  columns: [nameColumn, column("Status", { description: "Active, or Terminating while being deleted." }), ageColumn],
  cells(obj: KubeObject, now: Date): Cell[] {
    const ns = obj as Namespace;
    // API defaulting makes an omitted phase Active.
    return [ns.metadata.name ?? "", ns.status?.phase ?? "Active", ageCell(ns.metadata.creationTimestamp, now)];
  },
};
