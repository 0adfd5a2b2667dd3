// Cluster IPs from the service CIDR (10.96.0.0/12; 10.96.0.1 is the kubernetes Service and
// 10.96.0.10 the DNS Service) and node ports from 30000–32767. What is in use is read from the
// stored Services; addresses handed out but not yet committed are held for a while.
import { isPlainObject, type KubeObject } from "../../../api/meta.ts";
import { StatusError } from "../../../api/status-error.ts";
import type { Backend } from "../../../store/backend.ts";

const SERVICES_PREFIX = "/registry/core/services/";
const FIRST_IP = (10 << 24) | (96 << 16) | 1;
const IP_COUNT = 1 << 20;
/** Reserved for well-known Services, handed out only when asked for by address. */
const RESERVED = new Set(["10.96.0.1", "10.96.0.10"]);
const HOLD_MS = 30_000;

function ipString(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export class ServiceAllocator {
  readonly #backend: Backend;
  readonly #held = new Map<string, number>();
  #nextIp = 11;
  #nextPort = 0;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  #inUse(): { ips: Set<string>; ports: Set<number> } {
    const ips = new Set<string>();
    const ports = new Set<number>();
    const now = Date.now();
    for (const [k, until] of this.#held) if (until < now) this.#held.delete(k);
    for (const k of this.#held.keys()) (k.startsWith("port:") ? ports.add(Number(k.slice(5))) : ips.add(k));
    for (const kv of this.#backend.list(SERVICES_PREFIX).items) {
      const spec = (kv.value as KubeObject).spec as Record<string, unknown> | undefined;
      for (const ip of (spec?.clusterIPs as string[] | undefined) ?? []) ips.add(ip);
      for (const p of (spec?.ports as Record<string, unknown>[] | undefined) ?? []) if (typeof p.nodePort === "number") ports.add(p.nodePort);
    }
    return { ips, ports };
  }

  allocateClusterIp(): string {
    const { ips } = this.#inUse();
    for (let i = 0; i < IP_COUNT - 2; i++) {
      const offset = ((this.#nextIp + i - 1) % (IP_COUNT - 2)) + 1;
      const ip = ipString(FIRST_IP - 1 + offset);
      if (ips.has(ip) || RESERVED.has(ip)) continue;
      this.#nextIp = offset + 1;
      this.#held.set(ip, Date.now() + HOLD_MS);
      return ip;
    }
    throw StatusError.internal("failed to allocate a serviceIP: range is full");
  }

  allocateNodePort(): number {
    const { ports } = this.#inUse();
    for (let i = 0; i < 2768; i++) {
      const port = 30000 + ((this.#nextPort + i) % 2768);
      if (ports.has(port)) continue;
      this.#nextPort = port - 30000 + 1;
      this.#held.set(`port:${port}`, Date.now() + HOLD_MS);
      return port;
    }
    throw StatusError.internal("failed to allocate a nodePort: range is full");
  }

  /** Fills spec.clusterIP(s) and missing node ports of a Service being created. */
  assign(svc: KubeObject): void {
    const spec = (isPlainObject(svc.spec) ? svc.spec : (svc.spec = {})) as Record<string, unknown>;
    const type = (spec.type as string | undefined) ?? "ClusterIP";
    if (type === "ExternalName") return;
    if (spec.clusterIP === undefined || spec.clusterIP === "") spec.clusterIP = this.allocateClusterIp();
    if (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) spec.clusterIPs = [spec.clusterIP];
    if (type === "NodePort" || type === "LoadBalancer") {
      for (const p of (spec.ports as Record<string, unknown>[] | undefined) ?? []) {
        if (p.nodePort === undefined || p.nodePort === 0) p.nodePort = this.allocateNodePort();
      }
    }
  }
}
