// `kubectl get endpointslices`.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface EndpointSlice extends KubeObject {
  addressType?: string;
  ports?: { name?: string | null; port?: number | null }[] | null;
  endpoints?: { addresses?: string[] }[] | null;
}

const shown = 3;

/** At most three entries, then "+ N more..."; an empty list reads `<unset>`. */
function listWithMore(entries: string[]): string {
  const text = entries.slice(0, shown).join(",");
  if (entries.length > shown) return `${text} + ${entries.length - shown} more...`;
  return text || "<unset>";
}

export const endpointSlicesTable: TableConvertor = {
  columns: [
    nameColumn,
    column("AddressType", { description: "Kind of addresses in the slice: IPv4, IPv6 or FQDN." }),
    column("Ports", { description: "Port numbers (or names) the endpoints serve; * for all ports." }),
    column("Endpoints", { description: "Addresses of the endpoints in the slice." }),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const slice = obj as EndpointSlice;
    const ports = (slice.ports ?? []).map((p) => (p.port != null ? String(p.port) : (p.name ?? "*")));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [
      slice.metadata.name ?? "",
      slice.addressType ?? "",
      listWithMore(ports),
      listWithMore(addresses),
      ageCell(slice.metadata.creationTimestamp, now),
    ];
  },
};
