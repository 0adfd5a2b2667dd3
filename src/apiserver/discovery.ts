// Discovery documents, legacy and aggregated (spec §1.2–1.3). Pure functions of the registry.
import type { GenericStore } from "./registry/generic-store.ts";
import { groupVersionString, type GroupVersion, type ResourceRegistry } from "./registry/resource-registry.ts";

const FULL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

interface SubresourceInfo {
  verbs: string[];
  kind?: { group: string; version: string; kind: string };
}

function subresourceInfo(store: GenericStore, sub: string): SubresourceInfo {
  const n = store.strategy.names;
  const own = { group: n.group, version: n.version, kind: n.kind };
  switch (sub) {
    case "status":
      return { verbs: ["get", "patch", "update"], kind: own };
    case "scale":
      return { verbs: ["get", "patch", "update"], kind: { group: "autoscaling", version: "v1", kind: "Scale" } };
    case "log":
      return { verbs: ["get"], kind: { group: "", version: "v1", kind: "Pod" } };
    case "exec":
    case "attach":
      return { verbs: ["create", "get"], kind: { group: "", version: "v1", kind: sub === "exec" ? "PodExecOptions" : "PodAttachOptions" } };
    case "portforward":
      return { verbs: ["create", "get"], kind: { group: "", version: "v1", kind: "PodPortForwardOptions" } };
    case "proxy":
      return { verbs: ["create", "delete", "get", "patch", "update"], kind: { group: "", version: "v1", kind: `${n.kind}ProxyOptions` } };
    case "eviction":
      return { verbs: ["create"], kind: { group: "policy", version: "v1", kind: "Eviction" } };
    case "binding":
      return { verbs: ["create"], kind: { group: "", version: "v1", kind: "Binding" } };
    case "finalize":
      return { verbs: ["update"], kind: own };
    case "ephemeralcontainers":
      return { verbs: ["get", "patch", "update"], kind: own };
    default:
      return { verbs: ["get"], kind: own };
  }
}

function subresourcesOf(store: GenericStore): string[] {
  const subs = [...(store.strategy.subresources ?? [])];
  if (store.strategy.hasStatus && !subs.includes("status")) subs.push("status");
  return subs.sort();
}

export function apiVersions(): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }],
  };
}

function apiGroup(name: string, versions: GroupVersion[]): Record<string, unknown> {
  const vs = versions.map((gv) => ({ groupVersion: groupVersionString(gv), version: gv.version }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  const groups = new Map<string, GroupVersion[]>();
  for (const gv of registry.groupVersions()) {
    if (!gv.group) continue;
    groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv]);
  }
  return { kind: "APIGroupList", apiVersion: "v1", groups: [...groups].map(([name, vs]) => apiGroup(name, vs)) };
}

export function apiGroupDoc(registry: ResourceRegistry, group: string): Record<string, unknown> | undefined {
  const vs = registry.groupVersions().filter((gv) => gv.group === group);
  if (!vs.length || !group) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group, vs) };
}

export function apiResourceList(registry: ResourceRegistry, gv: GroupVersion): Record<string, unknown> | undefined {
  const stores = registry.inGroupVersion(gv);
  if (!stores.length) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const store of stores) {
    const n = store.strategy.names;
    const entry: Record<string, unknown> = {
      name: n.plural,
      singularName: n.singular,
      namespaced: store.strategy.namespaced,
      kind: n.kind,
      verbs: FULL_VERBS,
    };
    if (n.shortNames.length) entry.shortNames = n.shortNames;
    if (n.categories.length) entry.categories = n.categories;
    resources.push(entry);
    for (const sub of subresourcesOf(store)) {
      const info = subresourceInfo(store, sub);
      const subEntry: Record<string, unknown> = { name: `${n.plural}/${sub}`, singularName: "", namespaced: store.strategy.namespaced };
      if (info.kind && (info.kind.group !== n.group || info.kind.version !== n.version)) {
        subEntry.group = info.kind.group;
        subEntry.version = info.kind.version;
      }
      subEntry.kind = info.kind?.kind ?? n.kind;
      subEntry.verbs = info.verbs;
      resources.push(subEntry);
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersionString(gv), resources };
}

function discoveryResource(store: GenericStore): Record<string, unknown> {
  const n = store.strategy.names;
  const out: Record<string, unknown> = {
    resource: n.plural,
    responseKind: { group: "", version: "", kind: n.kind },
    scope: store.strategy.namespaced ? "Namespaced" : "Cluster",
    singularResource: n.singular,
    verbs: FULL_VERBS,
  };
  if (n.shortNames.length) out.shortNames = n.shortNames;
  if (n.categories.length) out.categories = n.categories;
  const subs = subresourcesOf(store).map((sub) => {
    const info = subresourceInfo(store, sub);
    const s: Record<string, unknown> = { subresource: sub, verbs: info.verbs };
    if (info.kind) s.responseKind = info.kind;
    return s;
  });
  if (subs.length) out.subresources = subs;
  return out;
}

/** The aggregated APIGroupDiscoveryList for /api (core) or /apis (named groups). */
export function aggregatedDiscovery(registry: ResourceRegistry, legacy: boolean, version: "v2" | "v2beta1"): Record<string, unknown> {
  const byGroup = new Map<string, GroupVersion[]>();
  for (const gv of registry.groupVersions()) {
    if (legacy !== (gv.group === "")) continue;
    byGroup.set(gv.group, [...(byGroup.get(gv.group) ?? []), gv]);
  }
  const items = [...byGroup].map(([group, gvs]) => ({
    metadata: group ? { name: group } : {},
    versions: gvs.map((gv) => ({
      version: gv.version,
      resources: registry.inGroupVersion(gv).map(discoveryResource),
      freshness: "Current",
    })),
  }));
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
