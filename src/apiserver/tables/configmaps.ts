// `kubectl get configmaps`.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export const configMapsTable: TableConvertor = {
  columns: [nameColumn, column("Data", { description: "Number of keys, text and binary." }), ageColumn],
  cells(obj: KubeObject, now: Date): Cell[] {
    const cm = obj as ConfigMap;
    const count = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [cm.metadata.name ?? "", count, ageCell(cm.metadata.creationTimestamp, now)];
  },
};
