// Server-side printing: a Table convertor per kind (meta.k8s.io/v1 Table). Pure functions of
// (object, now); the apiserver wraps the rows with their objects.
import type { KubeObject } from "../../api/meta.ts";

export interface ColumnDefinition {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean | null;

export interface TableConvertor {
  columns: ColumnDefinition[];
  /** One row of cells, aligned with `columns` (wide cells included: kubectl hides priority > 0). */
  cells(obj: KubeObject, now: Date): Cell[];
}

export function column(
  name: string,
  opts: { type?: ColumnDefinition["type"]; format?: string; description?: string; priority?: number } = {},
): ColumnDefinition {
  return {
    name,
    type: opts.type ?? "string",
    format: opts.format ?? "",
    description: opts.description ?? "",
    priority: opts.priority ?? 0,
  };
}
