// Service: SetDefaults_Service, the clusterIP bookkeeping the registry does on update, and
// ValidateService / Update / StatusUpdate.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { forbidden, invalid, notSupported } from "../validation/field-errors.ts";
import { goStringSlice, rendered } from "../validation/go-value.ts";
import { validateIP } from "../validation/ip.ts";
import { arr, child, obj, objects, str, type JsonObject } from "../validation/json-access.ts";
import { isDNS1123Subdomain, nameIsDNS1035Label } from "../validation/name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";
import { validateServiceSpec } from "./service-spec.ts";

const specPath = new FieldPath("spec");

const needsClusterIP = (spec: JsonObject): boolean => str(spec.type) !== "ExternalName";
const needsNodePorts = (spec: JsonObject): boolean =>
  str(spec.type) === "NodePort" || (str(spec.type) === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false);
export const isHeadlessService = (spec: JsonObject): boolean => {
  const ips = arr(spec.clusterIPs);
  return ips.length === 1 && ips[0] === "None";
};
const externallyAccessible = (spec: JsonObject): boolean =>
  ["LoadBalancer", "NodePort"].includes(str(spec.type)) || (str(spec.type) === "ClusterIP" && arr(spec.externalIPs).length > 0);

export function defaultService(svc: KubeObject): void {
  const spec = child(svc, "spec");
  if (!str(spec.sessionAffinity)) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP" && typeof obj(obj(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds !== "number") {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!str(spec.type)) spec.type = "ClusterIP";
  for (const [port] of objects(spec.ports)) {
    if (!str(port.protocol)) port.protocol = "TCP";
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === "") {
      port.targetPort = port.port;
    }
  }
  if (externallyAccessible(spec) && !str(spec.externalTrafficPolicy)) spec.externalTrafficPolicy = "Cluster";
  if (spec.internalTrafficPolicy === undefined && ["NodePort", "LoadBalancer", "ClusterIP"].includes(str(spec.type))) {
    spec.internalTrafficPolicy = "Cluster";
  }
  if (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  // An old client sets only clusterIP; clusterIPs follows it.
  if (str(spec.clusterIP) && arr(spec.clusterIPs).length === 0) spec.clusterIPs = [spec.clusterIP];
  // ServiceStatus holds a LoadBalancerStatus struct, which a real server always writes.
  const status = child(svc, "status");
  if (!obj(status.loadBalancer)) status.loadBalancer = {};
  if (needsClusterIP(spec)) {
    if (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === null) spec.ipFamilyPolicy = "SingleStack";
    if (arr(spec.ipFamilies).length === 0) spec.ipFamilies = ["IPv4"];
  }
}

/**
 * What the service registry does before validating an update: keep the allocated clusterIP(s) and
 * node ports a client left out (a `kubectl apply` of a manifest without them), and keep clusterIPs
 * in step with a changed clusterIP. Run it after defaultService.
 */
export function prepareServiceUpdate(svc: KubeObject, old: KubeObject): void {
  const spec = child(svc, "spec");
  const oldSpec = obj(old.spec) ?? {};
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if (!str(spec.clusterIP)) spec.clusterIP = oldSpec.clusterIP;
    if (arr(spec.clusterIPs).length === 0 && arr(oldSpec.clusterIPs).length > 0) spec.clusterIPs = oldSpec.clusterIPs;
    if (str(spec.clusterIP) !== str(oldSpec.clusterIP) && sameList(spec.clusterIPs, oldSpec.clusterIPs)) {
      spec.clusterIPs = str(spec.clusterIP) ? [spec.clusterIP] : undefined;
    }
    if (arr(spec.ipFamilies).length === 0 && arr(oldSpec.ipFamilies).length > 0) spec.ipFamilies = oldSpec.ipFamilies;
  }
  if (needsNodePorts(oldSpec) && needsNodePorts(spec)) {
    const nodePorts = (s: JsonObject) => new Set(arr(s.ports).map((p) => obj(p)?.nodePort).filter((n) => typeof n === "number" && n !== 0));
    const oldUsed = nodePorts(oldSpec);
    const used = new Set([...nodePorts(spec)].filter((n) => oldUsed.has(n)));
    const byName = new Map(arr(oldSpec.ports).map((p) => [str(obj(p)?.name), obj(p)?.nodePort] as const));
    for (const [port] of objects(spec.ports)) {
      const previous = byName.get(str(port.name));
      if (!port.nodePort && typeof previous === "number" && !used.has(previous)) port.nodePort = previous;
    }
  }
}

const sameList = (a: unknown, b: unknown): boolean => JSON.stringify(arr(a)) === JSON.stringify(arr(b));

export function validateService(svc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(svc.metadata, { namespaced: true, nameValidator: nameIsDNS1035Label });
  errs.push(...validateServiceSpec(obj(svc.spec) ?? {}, specPath));
  return errs;
}

function validateClusterIPsChange(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  if (!needsClusterIP(spec) || !needsClusterIP(oldSpec)) return [];
  if (isHeadlessService(spec) && isHeadlessService(oldSpec)) return [];
  const next = arr(spec.clusterIPs).map(str);
  const prev = arr(oldSpec.clusterIPs).map(str);
  const shown = rendered(goStringSlice(Array.isArray(spec.clusterIPs) ? next : undefined));
  const first = specPath.child("clusterIPs").index(0);
  const errs: FieldError[] = [];
  if (prev.length === next.length) {
    prev.forEach((ip, i) => {
      if (ip !== next[i]) errs.push(invalid(specPath.child("clusterIPs").index(i), shown, "may not change once set"));
    });
  } else if (prev.length > next.length) {
    if (next.length === 0) errs.push(invalid(first, shown, "primary clusterIP can not be unset"));
    if (prev.length > 0 && next.length > 0 && next[0] !== prev[0]) errs.push(invalid(first, shown, "may not change once set"));
    if (next.length === 1 && spec.ipFamilyPolicy !== "SingleStack") {
      errs.push(invalid(specPath.child("ipFamilyPolicy"), spec.ipFamilyPolicy === undefined ? null : str(spec.ipFamilyPolicy), "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (prev.length > 0 && next[0] !== prev[0]) {
    errs.push(invalid(first, shown, "may not change once set"));
  }
  return errs;
}

function validateIPFamiliesChange(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  if (!needsClusterIP(spec) || !needsClusterIP(oldSpec)) return [];
  if (isHeadlessService(spec) || isHeadlessService(oldSpec)) return [];
  const next = arr(spec.ipFamilies).map(str);
  const prev = arr(oldSpec.ipFamilies).map(str);
  const first = specPath.child("ipFamilies").index(0);
  const families = rendered(goStringSlice(next, "[]core.IPFamily"));
  if (prev.length === next.length) {
    return prev.some((f, i) => f !== next[i]) ? [invalid(first, families, "may not change once set")] : [];
  }
  const errs: FieldError[] = [];
  if (next.length > 0 && prev.length > 0 && next[0] !== prev[0]) {
    errs.push(invalid(first, rendered(goStringSlice(arr(spec.clusterIPs))), "may not change once set"));
  }
  if (prev.length > next.length && next.length === 1 && spec.ipFamilyPolicy !== "SingleStack") {
    errs.push(invalid(specPath.child("ipFamilyPolicy"), spec.ipFamilyPolicy === undefined ? null : str(spec.ipFamilyPolicy), "must be set to 'SingleStack' when releasing the secondary ipFamily"));
  }
  return errs;
}

export function validateServiceUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const spec = obj(svc.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  errs.push(...validateClusterIPsChange(spec, oldSpec));
  errs.push(...validateIPFamiliesChange(spec, oldSpec));
  if (str(spec.type) === "LoadBalancer" && str(oldSpec.type) === "LoadBalancer" && spec.loadBalancerClass !== oldSpec.loadBalancerClass) {
    errs.push(invalid(specPath.child("loadBalancerClass"), typeof spec.loadBalancerClass === "string" ? spec.loadBalancerClass : null, "may not change once set"));
  }
  const healthCheck = (s: JsonObject) => str(s.type) === "LoadBalancer" && str(s.externalTrafficPolicy) === "Local";
  if (healthCheck(spec) && healthCheck(oldSpec) && spec.healthCheckNodePort !== oldSpec.healthCheckNodePort) {
    errs.push(forbidden(specPath.child("healthCheckNodePort"), "field is immutable"));
  }
  // Upstream runs the whole create-time validation (metadata included) after the update rules.
  errs.push(...validateService(svc));
  return errs;
}

export function validateServiceStatusUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  const spec = obj(svc.spec) ?? {};
  const ingress = arr(obj(obj(svc.status)?.loadBalancer)?.ingress);
  const path = new FieldPath("status").child("loadBalancer").child("ingress");
  if (str(spec.type) !== "LoadBalancer" && ingress.length > 0) {
    errs.push(forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'"));
    return errs;
  }
  ingress.forEach((raw, i) => {
    const ing = obj(raw) ?? {};
    const p = path.index(i);
    if (str(ing.ip)) errs.push(...validateIP(str(ing.ip), p.child("ip")));
    if (str(ing.ip) && ing.ipMode === undefined) errs.push({ type: "FieldValueRequired", field: p.child("ipMode").toString(), detail: "must be specified when `ip` is set" });
    if (ing.ipMode !== undefined && !str(ing.ip)) errs.push(forbidden(p.child("ipMode"), "may not be specified when `ip` is not set"));
    else if (typeof ing.ipMode === "string" && ing.ipMode !== "VIP" && ing.ipMode !== "Proxy") {
      errs.push(notSupported(p.child("ipMode"), ing.ipMode, ["Proxy", "VIP"]));
    }
    const hostname = str(ing.hostname);
    if (hostname) {
      errs.push(...isDNS1123Subdomain(hostname).map((m) => invalid(p.child("hostname"), hostname, m)));
      if (validateIP(hostname, p).length === 0) errs.push(invalid(p.child("hostname"), hostname, "must be a DNS name, not an IP address"));
    }
  });
  return errs;
}
