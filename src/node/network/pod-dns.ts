// A pod's resolver configuration, formed as the kubelet forms it (pkg/kubelet/network/dns) and
// written as containerd's CRI plugin writes it: "search", then one "nameserver" line per server,
// then "options". Pure: the host's resolv.conf comes in as text.
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, str } from "../../api/validation/json-access.ts";
import { DNS1123SubdomainMaxLength } from "../../api/validation/name.ts";

export interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface ClusterDnsSettings {
  /** "cluster.local"; empty leaves the cluster's domains out of the search list. */
  clusterDomain: string;
  /** The DNS Service's address(es), ["10.96.0.10"]; empty makes ClusterFirst pods fall back to Default. */
  clusterDNS: string[];
  /** The node's /etc/resolv.conf; undefined behaves as the kubelet's `--resolv-conf=""`. */
  hostResolvConf: string | undefined;
}

export interface PodDnsResult {
  config: DnsConfig;
  /** Event messages (reason DNSConfigForming / MissingClusterDNS) the kubelet would record on the pod. */
  warnings: Array<{ reason: string; message: string }>;
}

// Pod validation allows these since ExpandedDNSConfig went GA (1.28).
const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_LINE_CHARS = 2048;

export const DEFAULT_DNS_OPTIONS = ["ndots:5"];

/** Nameservers accumulate; the last "search" and the last "options" line win; a search domain's trailing dot is dropped. */
export function parseResolvConf(text: string): DnsConfig {
  const out: DnsConfig = { servers: [], searches: [], options: [] };
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("#")) continue;
    const [key, ...rest] = trimmed.split(/\s+/);
    if (key === "nameserver" && rest.length > 0) out.servers.push(rest[0]);
    if (key === "search") out.searches = rest.map((s) => (s.endsWith(".") ? s.slice(0, -1) : s));
    if (key === "options") out.options = rest;
  }
  return out;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Options from dnsConfig override same-named ones. The kubelet rebuilds the list from a Go map, so
 * its order is random; ours keeps the first appearance of each name.
 */
export function mergeDnsOptions(existing: readonly string[], extra: ReadonlyArray<{ name: string; value?: string }>): string[] {
  const merged = new Map<string, string>();
  for (const op of existing) {
    const colon = op.indexOf(":");
    if (colon < 0) merged.set(op, "");
    else merged.set(op.slice(0, colon), op.slice(colon + 1));
  }
  for (const op of extra) merged.set(op.name, op.value ?? "");
  return [...merged].map(([name, value]) => (value === "" ? name : `${name}:${value}`));
}

type Policy = "cluster" | "host" | "none";

function policyOf(spec: Record<string, unknown>): Policy {
  const policy = str(spec.dnsPolicy) || "ClusterFirst";
  if (policy === "None") return "none";
  if (policy === "ClusterFirstWithHostNet") return "cluster";
  if (policy === "Default") return "host";
  return spec.hostNetwork === true && policy === "ClusterFirst" ? "host" : "cluster";
}

function fitSearches(searches: string[], warnings: PodDnsResult["warnings"]): string[] {
  let out = searches.slice(0, MAX_SEARCH_PATHS);
  let exceeded = out.length < searches.length;
  const fitting = out.filter((s) => s.length <= DNS1123SubdomainMaxLength);
  exceeded ||= fitting.length < out.length;
  out = fitting;
  while (out.join(" ").length > MAX_SEARCH_LINE_CHARS) {
    out = out.slice(0, -1);
    exceeded = true;
  }
  if (exceeded) {
    warnings.push({
      reason: "DNSConfigForming",
      message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${out.join(" ")}`,
    });
  }
  return out;
}

function fitServers(servers: string[], warnings: PodDnsResult["warnings"]): string[] {
  if (servers.length <= MAX_NAMESERVERS) return servers;
  const out = servers.slice(0, MAX_NAMESERVERS);
  warnings.push({
    reason: "DNSConfigForming",
    message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${out.join(" ")}`,
  });
  return out;
}

export function podDnsConfig(pod: KubeObject, settings: ClusterDnsSettings): PodDnsResult {
  const spec = obj(pod.spec) ?? {};
  const warnings: PodDnsResult["warnings"] = [];
  const host = settings.hostResolvConf === undefined ? { servers: [], searches: [], options: [] } : parseResolvConf(settings.hostResolvConf);
  let config: DnsConfig = host;
  let policy = policyOf(spec);
  if (policy === "cluster" && settings.clusterDNS.length === 0) {
    warnings.push({
      reason: "MissingClusterDNS",
      message: `pod: "${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`,
    });
    policy = "host";
  }
  if (policy === "none") config = { servers: [], searches: [], options: [] };
  if (policy === "cluster") {
    const domain = settings.clusterDomain;
    const clusterSearch = domain ? [`${str(pod.metadata.namespace)}.svc.${domain}`, `svc.${domain}`, domain] : [];
    config = { servers: [...settings.clusterDNS], searches: unique([...clusterSearch, ...host.searches]), options: [...DEFAULT_DNS_OPTIONS] };
  }
  if (policy === "host" && settings.hostResolvConf === undefined) {
    // No host resolver file: the kubelet points pods at a resolver on their own loopback.
    config = { servers: ["127.0.0.1"], searches: ["."], options: [] };
  }
  const extra = obj(spec.dnsConfig);
  if (extra) {
    config = {
      servers: unique([...config.servers, ...arr(extra.nameservers).map(str)]),
      searches: unique([...config.searches, ...arr(extra.searches).map(str)]),
      options: mergeDnsOptions(
        config.options,
        arr(extra.options).map((o) => {
          const op = obj(o) ?? {};
          return typeof op.value === "string" ? { name: str(op.name), value: op.value } : { name: str(op.name) };
        }),
      ),
    };
  }
  return { config: { ...config, servers: fitServers(config.servers, warnings), searches: fitSearches(config.searches, warnings) }, warnings };
}

/** The file content; a config with nothing in it means a copy of the host's file (as containerd does). */
export function renderResolvConf(config: DnsConfig, hostResolvConf: string | undefined): string {
  if (config.servers.length === 0 && config.searches.length === 0 && config.options.length === 0) return hostResolvConf ?? "";
  let out = "";
  if (config.searches.length > 0) out += `search ${config.searches.join(" ")}\n`;
  for (const server of config.servers) out += `nameserver ${server}\n`;
  if (config.options.length > 0) out += `options ${config.options.join(" ")}\n`;
  return out;
}
