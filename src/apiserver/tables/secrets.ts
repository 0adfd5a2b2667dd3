// `kubectl get secrets`.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export const secretsTable: TableConvertor = {
  columns: [
    nameColumn,
    column("Type", { description: "Kind of secret, such as Opaque or kubernetes.io/tls." }),
    column("Data", { description: "Number of keys the secret holds." }),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const secret = obj as Secret;
    // Upstream merges write-only stringData into data before anything reads it.
    const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
    // API defaulting makes an omitted type Opaque.
    return [secret.metadata.name ?? "", secret.type ?? "Opaque", keys.size, ageCell(secret.metadata.creationTimestamp, now)];
  },
};
