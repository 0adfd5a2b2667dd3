// `kubectl get endpoints`: up to three ip:port pairs, then "+ N more...".
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface Endpoints extends KubeObject {
  subsets?: { addresses?: { ip: string }[]; ports?: { port?: number }[] }[];
}

const shown = 3;

/** net.JoinHostPort: IPv6 hosts are bracketed. */
const joinHostPort = (host: string, port: number | undefined) =>
  host.includes(":") ? `[${host}]:${port ?? 0}` : `${host}:${port ?? 0}`;

function endpointsCell(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const list: string[] = [];
  let total = 0;
  const add = (entry: string) => {
    if (list.length < shown) list.push(entry);
  };
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    // Headless services may publish addresses without ports.
    if (ports.length === 0) {
      total += addresses.length;
      for (const a of addresses) add(a.ip);
      continue;
    }
    for (const p of ports) {
      total += addresses.length;
      for (const a of addresses) add(joinHostPort(a.ip, p.port));
    }
  }
  const text = list.join(",");
  return total > shown ? `${text} + ${total - shown} more...` : text;
}

export const endpointsTable: TableConvertor = {
  columns: [nameColumn, column("Endpoints", { description: "Ready addresses and ports behind the service." }), ageColumn],
  cells(obj: KubeObject, now: Date): Cell[] {
    const ep = obj as Endpoints;
    return [ep.metadata.name ?? "", endpointsCell(ep), ageCell(ep.metadata.creationTimestamp, now)];
  },
};
