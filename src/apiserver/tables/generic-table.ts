// The table kube-apiserver serves for kinds without a printer (registry/rest/table.go):
// the name and the creation time as an RFC 3339 date.
import { rfc3339, type KubeObject } from "../../api/meta.ts";
import { nameColumn } from "./_columns.ts";
import { parseTimestamp } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

/** Go's zero time, which the generic printer shows for objects without a timestamp. */
const zeroTime = "0001-01-01T00:00:00Z";

export const genericTable: TableConvertor = {
  columns: [nameColumn, column("Created At", { type: "date", description: "When the object was created." })],
  cells(obj: KubeObject): Cell[] {
    const t = parseTimestamp(obj.metadata.creationTimestamp);
    return [obj.metadata.name ?? "", t === undefined ? zeroTime : rfc3339(new Date(t))];
  },
};
