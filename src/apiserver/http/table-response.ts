// meta.k8s.io Table responses built from a kind's TableConvertor (spec §2).
import type { KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import type { GenericStore } from "../registry/generic-store.ts";

export type IncludeObject = "None" | "Metadata" | "Object";

export function parseIncludeObject(value: string | null): IncludeObject {
  if (!value || value === "Metadata") return "Metadata";
  if (value === "None" || value === "Object") return value;
  throw StatusError.badRequest(`includeObject: unsupported value "${value}"`);
}

function rowObject(obj: KubeObject, include: IncludeObject, version: string): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return obj;
  return { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export interface TableOptions {
  version: "v1" | "v1beta1";
  include: IncludeObject;
  now: Date;
  /** Omit columnDefinitions (watch events after the first). */
  noHeaders?: boolean;
}

export function toTable(store: GenericStore, objects: readonly KubeObject[], listMeta: Record<string, unknown>, opts: TableOptions): Record<string, unknown> {
  const table = store.strategy.table;
  const rows = objects.map((obj) => {
    const row: Record<string, unknown> = { cells: table.cells(obj, opts.now) };
    const o = rowObject(obj, opts.include, opts.version);
    if (o !== undefined) row.object = o;
    return row;
  });
  const out: Record<string, unknown> = { kind: "Table", apiVersion: `meta.k8s.io/${opts.version}`, metadata: listMeta };
  if (!opts.noHeaders) out.columnDefinitions = table.columns;
  out.rows = rows;
  return out;
}

export function tableContentType(version: string): string {
  return `application/json;as=Table;v=${version};g=meta.k8s.io`;
}
