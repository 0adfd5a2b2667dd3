// `kubectl get leases`.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string | null };
}

export const leasesTable: TableConvertor = {
  columns: [nameColumn, column("Holder", { description: "Identity of the current holder of the lease." }), ageColumn],
  cells(obj: KubeObject, now: Date): Cell[] {
    const lease = obj as Lease;
    return [lease.metadata.name ?? "", lease.spec?.holderIdentity ?? "", ageCell(lease.metadata.creationTimestamp, now)];
  },
};
