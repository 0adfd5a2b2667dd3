// ValidateService's spec checks: ports, type, session affinity, cluster IPs and traffic policies.
import type { FieldError, FieldPath } from "../field-error.ts";
import { duplicate, forbidden, invalid, notSupported, required } from "../validation/field-errors.ts";
import { goPointer, goQuote, goStringSlice, goStruct, rendered } from "../validation/go-value.ts";
import { validateCIDR, validateIP, validateNonSpecialIP } from "../validation/ip.ts";
import { arr, obj, str, type JsonObject } from "../validation/json-access.ts";
import { isIP } from "node:net";
import { validateLabelName, validateLabels } from "../validation/labels.ts";
import { isDNS1123Label, isDNS1123Subdomain, isValidPortNum } from "../validation/name.ts";
import { validatePortNumOrName } from "./probe-validation.ts";

const serviceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const protocols = ["SCTP", "TCP", "UDP"];

function isHeadless(spec: JsonObject): boolean {
  const ips = arr(spec.clusterIPs);
  return ips.length === 1 && ips[0] === "None";
}

function validatePort(port: JsonObject, requireName: boolean, names: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port.name);
  if (requireName && !name) errs.push(required(path.child("name")));
  else if (name) {
    errs.push(...isDNS1123Label(name).map((m) => invalid(path.child("name"), name, m)));
    if (names.has(name)) errs.push(duplicate(path.child("name"), name));
    else names.add(name);
  }
  const portNum = typeof port.port === "number" ? port.port : 0;
  errs.push(...isValidPortNum(portNum).map((m) => invalid(path.child("port"), portNum, m)));
  const protocol = str(port.protocol);
  if (!protocol) errs.push(required(path.child("protocol")));
  else if (!protocols.includes(protocol)) errs.push(notSupported(path.child("protocol"), protocol, protocols));
  errs.push(...validatePortNumOrName(port.targetPort, path.child("targetPort")));
  if (typeof port.appProtocol === "string") errs.push(...validateLabelName(port.appProtocol, path.child("appProtocol")));
  return errs;
}

function goServicePortKey(protocol: string, port: number): string {
  return goStruct("core.ServicePort", [
    ["Name", '""'],
    ["Protocol", goQuote(protocol)],
    ["AppProtocol", goPointer("string", undefined)],
    ["Port", String(port)],
    ["TargetPort", 'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}'],
    ["NodePort", "0"],
  ]);
}

function validateClusterIPs(spec: JsonObject, path: FieldPath): FieldError[] {
  if (str(spec.type) === "ExternalName") return [];
  const errs: FieldError[] = [];
  const ipsPath = path.child("clusterIPs");
  const ips = arr(spec.clusterIPs).map(str);
  const shownIPs = rendered(goStringSlice(Array.isArray(spec.clusterIPs) ? ips : undefined));
  const clusterIP = str(spec.clusterIP);
  if (clusterIP) {
    if (ips.length === 0) errs.push(required(ipsPath));
    else if (ips[0] !== clusterIP) errs.push(invalid(ipsPath, shownIPs, "first value must match `clusterIP`"));
  } else if (ips.length > 0) {
    errs.push(invalid(ipsPath, shownIPs, "must be empty when `clusterIP` is not specified"));
  }
  const families = arr(spec.ipFamilies).map(str);
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (f !== "IPv4" && f !== "IPv6") errs.push(notSupported(path.child("ipFamilies").index(i), f, ["IPv4", "IPv6"]));
    if (seen.has(f)) errs.push(duplicate(path.child("ipFamilies").index(i), f));
    seen.add(f);
  });
  const policy = spec.ipFamilyPolicy;
  if (typeof policy === "string" && !["PreferDualStack", "RequireDualStack", "SingleStack"].includes(policy)) {
    errs.push(notSupported(path.child("ipFamilyPolicy"), policy, ["PreferDualStack", "RequireDualStack", "SingleStack"]));
  }
  let badIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        badIPs = true;
        errs.push(invalid(ipsPath, shownIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrs = validateIP(ip, ipsPath.index(i));
    if (ipErrs.length) badIPs = true;
    errs.push(...ipErrs);
  });
  if (ips.length > 2) errs.push(invalid(ipsPath, shownIPs, "may only hold up to 2 values"));
  if (badIPs) return errs;
  if (ips.length > 1 && isIP(ips[0]) === isIP(ips[1])) {
    errs.push(invalid(ipsPath, shownIPs, "may specify no more than one IP for each IP family"));
  }
  if (!isHeadless(spec)) {
    ips.forEach((ip, i) => {
      if (i >= families.length) return;
      if (families[i] === "IPv4" && isIP(ip) === 6) errs.push(invalid(ipsPath.index(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (families[i] === "IPv6" && isIP(ip) !== 6) errs.push(invalid(ipsPath.index(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

function validateTrafficPolicies(spec: JsonObject, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(spec.type);
  const accessible = type === "LoadBalancer" || type === "NodePort" || (type === "ClusterIP" && arr(spec.externalIPs).length > 0);
  const etp = str(spec.externalTrafficPolicy);
  if (!accessible) {
    if (etp) errs.push(invalid(path.child("externalTrafficPolicy"), etp, "may only be set for externally-accessible services"));
  } else if (!etp) errs.push(required(path.child("externalTrafficPolicy")));
  else if (etp !== "Cluster" && etp !== "Local") errs.push(notSupported(path.child("externalTrafficPolicy"), etp, ["Cluster", "Local"]));
  const hc = typeof spec.healthCheckNodePort === "number" ? spec.healthCheckNodePort : 0;
  if (!(type === "LoadBalancer" && etp === "Local")) {
    if (hc !== 0) {
      errs.push(invalid(path.child("healthCheckNodePort"), hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (hc === 0) errs.push(required(path.child("healthCheckNodePort")));
  else errs.push(...isValidPortNum(hc).map((m) => invalid(path.child("healthCheckNodePort"), hc, m)));
  const itp = spec.internalTrafficPolicy;
  if ((itp === undefined || itp === null) && ["NodePort", "LoadBalancer", "ClusterIP"].includes(type)) {
    errs.push(required(path.child("internalTrafficPolicy")));
  }
  if (typeof itp === "string" && itp !== "Cluster" && itp !== "Local") errs.push(notSupported(path.child("internalTrafficPolicy"), itp, ["Cluster", "Local"]));
  if (typeof spec.trafficDistribution === "string" && spec.trafficDistribution !== "PreferClose") {
    errs.push(notSupported(path.child("trafficDistribution"), spec.trafficDistribution, ["PreferClose"]));
  }
  return errs;
}

export function validateServiceSpec(spec: JsonObject, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(spec.type);
  const ports = arr(spec.ports).map((p) => obj(p) ?? {});
  if (ports.length === 0 && !isHeadless(spec) && type !== "ExternalName") errs.push(required(path.child("ports")));
  if ((type === "LoadBalancer" || type === "NodePort") && isHeadless(spec)) {
    errs.push(invalid(path.child("clusterIPs").index(0), "None", `may not be set to 'None' for ${type} services`));
  }
  if (type === "ExternalName") {
    if (arr(spec.clusterIPs).length > 0) errs.push(forbidden(path.child("clusterIPs"), "may not be set for ExternalName services"));
    if (arr(spec.ipFamilies).length > 0) errs.push(forbidden(path.child("ipFamilies"), "may not be set for ExternalName services"));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) {
      errs.push(forbidden(path.child("ipFamilyPolicy"), "may not be set for ExternalName services"));
    }
    const cname = str(spec.externalName).replace(/\.$/, "");
    if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => invalid(path.child("externalName"), cname, m)));
    else errs.push(required(path.child("externalName")));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validatePort(p, ports.length > 1, names, path.child("ports").index(i))));
  if (obj(spec.selector)) errs.push(...validateLabels(spec.selector, path.child("selector")));

  const affinity = str(spec.sessionAffinity);
  if (!affinity) errs.push(required(path.child("sessionAffinity")));
  else if (affinity !== "ClientIP" && affinity !== "None") errs.push(notSupported(path.child("sessionAffinity"), affinity, ["ClientIP", "None"]));
  const configPath = path.child("sessionAffinityConfig");
  if (affinity === "ClientIP") {
    const clientIP = obj(obj(spec.sessionAffinityConfig)?.clientIP);
    const timeout = clientIP?.timeoutSeconds;
    const why = "when session affinity type is ClientIP";
    if (!obj(spec.sessionAffinityConfig)) errs.push(required(configPath, why));
    else if (!clientIP) errs.push(required(configPath.child("clientIP"), why));
    else if (typeof timeout !== "number") errs.push(required(configPath.child("clientIP").child("timeoutSeconds"), why));
    else if (timeout <= 0 || timeout > 86400) {
      errs.push(invalid(configPath.child("clientIP").child("timeoutSeconds"), timeout, "must be greater than 0 and less than 86400"));
    }
  } else if (affinity === "None" && obj(spec.sessionAffinityConfig)) {
    errs.push(forbidden(configPath, "must not be set when session affinity is None"));
  }

  errs.push(...validateClusterIPs(spec, path));
  arr(spec.externalIPs).forEach((ip, i) => {
    const p = path.child("externalIPs").index(i);
    const ipErrs = validateIP(str(ip), p);
    errs.push(...(ipErrs.length ? ipErrs : validateNonSpecialIP(str(ip), p)));
  });
  if (!type) errs.push(required(path.child("type")));
  else if (!serviceTypes.includes(type)) errs.push(notSupported(path.child("type"), type, serviceTypes));
  if (type === "ClusterIP") {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(forbidden(path.child("ports").index(i).child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const protocol = str(p.protocol);
    if (typeof p.nodePort === "number" && p.nodePort !== 0) {
      const key = `${protocol}/${p.nodePort}`;
      if (nodePorts.has(key)) errs.push(duplicate(path.child("ports").index(i).child("nodePort"), p.nodePort));
      nodePorts.add(key);
    }
    const portNum = typeof p.port === "number" ? p.port : 0;
    const key = `${protocol}/${portNum}`;
    if (portKeys.has(key)) errs.push(duplicate(path.child("ports").index(i), rendered(goServicePortKey(protocol, portNum))));
    portKeys.add(key);
  });
  const ranges = arr(spec.loadBalancerSourceRanges).map(str);
  if (ranges.length > 0) {
    // Upstream spells this path with a capital L.
    const p = path.child("LoadBalancerSourceRanges");
    if (type !== "LoadBalancer") errs.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => errs.push(...validateCIDR(r.trim(), p.index(i))));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== "LoadBalancer") {
    errs.push(forbidden(path.child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"));
  }
  if (type === "LoadBalancer" && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    errs.push({ type: "FieldValueRequired", field: "allocateLoadBalancerNodePorts", detail: "" });
  }
  if (typeof spec.loadBalancerClass === "string") {
    if (type === "LoadBalancer") errs.push(...validateLabelName(spec.loadBalancerClass, path.child("loadBalancerClass")));
    else errs.push(forbidden(path.child("loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'"));
  }
  errs.push(...validateTrafficPolicies(spec, path));
  return errs;
}
