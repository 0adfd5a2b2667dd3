// `kubectl get services`: cluster IP, external IPs by service type, and ports.
import type { KubeObject } from "../../api/meta.ts";
import { formatLabels } from "../../api/selectors/label-selector.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface ServicePort {
  port?: number;
  nodePort?: number;
  protocol?: string;
}

interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: ServicePort[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** Load-balancer ingress points, deduplicated and sorted (the printer builds a string set). */
function loadBalancerAddresses(svc: Service): string[] {
  const addresses = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    const address = ing.ip || ing.hostname;
    if (address) addresses.add(address);
  }
  return [...addresses].sort();
}

/** The server always renders the wide form, so load-balancer addresses are never clipped. */
function externalIPCell(svc: Service, type: string): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (type) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerAddresses(svc);
      if (externalIPs.length) return [...lb, ...externalIPs].join(",");
      return lb.length ? lb.join(",") : "<pending>";
    }
    case "ExternalName":
      return svc.spec?.externalName ?? "";
    default:
      return "<unknown>";
  }
}

function clusterIPCell(svc: Service): string {
  const ips = svc.spec?.clusterIPs ?? [];
  // Defaulting copies a lone clusterIP into clusterIPs.
  if (ips.length) return ips[0];
  return svc.spec?.clusterIP || "<none>";
}

function portsCell(ports: readonly ServicePort[] | undefined): string {
  const text = (ports ?? [])
    .map((p) => {
      // API defaulting makes an omitted protocol TCP.
      const protocol = p.protocol ?? "TCP";
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(",");
  return text || "<none>";
}

export const servicesTable: TableConvertor = {
  columns: [
    nameColumn,
    column("Type", { description: "How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName." }),
    column("Cluster-IP", { description: "The virtual IP inside the cluster, or None for a headless service." }),
    column("External-IP", { description: "Addresses the service is reachable on from outside the cluster." }),
    column("Port(s)", { description: "Service ports as port[:nodePort]/protocol." }),
    ageColumn,
    column("Selector", { priority: 1, description: "Labels of the pods the service routes to." }),
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const svc = obj as Service;
    // API defaulting makes an omitted type ClusterIP.
    const type = svc.spec?.type ?? "ClusterIP";
    return [
      svc.metadata.name ?? "",
      type,
      clusterIPCell(svc),
      externalIPCell(svc, type),
      portsCell(svc.spec?.ports),
      ageCell(svc.metadata.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};
