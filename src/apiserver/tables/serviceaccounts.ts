// `kubectl get serviceaccounts`.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface ServiceAccount extends KubeObject {
  secrets?: unknown[];
}

export const serviceAccountsTable: TableConvertor = {
  columns: [nameColumn, column("Secrets", { description: "Number of secrets listed on the service account." }), ageColumn],
  cells(obj: KubeObject, now: Date): Cell[] {
    const sa = obj as ServiceAccount;
    return [sa.metadata.name ?? "", (sa.secrets ?? []).length, ageCell(sa.metadata.creationTimestamp, now)];
  },
};
