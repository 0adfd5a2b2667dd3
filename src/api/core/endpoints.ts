// Endpoints (core/v1): port protocols default to TCP; subsets need addresses, valid IPs and ports.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { invalid, notSupported, required } from "../validation/field-errors.ts";
import { validateIP, validateNonSpecialIP } from "../validation/ip.ts";
import { arr, obj, objects, str, type JsonObject } from "../validation/json-access.ts";
import { validateLabelName } from "../validation/labels.ts";
import { isDNS1123Label, isValidPortNum, nameIsDNSSubdomain } from "../validation/name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";

const protocols = ["SCTP", "TCP", "UDP"];

export function defaultEndpoints(ep: KubeObject): void {
  for (const [subset] of objects(ep.subsets)) {
    for (const [port] of objects(subset.ports)) if (!str(port.protocol)) port.protocol = "TCP";
  }
}

function validateAddress(a: JsonObject, path: FieldPath): FieldError[] {
  const errs = validateIP(str(a.ip), path.child("ip"));
  const hostname = str(a.hostname);
  if (hostname) errs.push(...isDNS1123Label(hostname).map((m) => invalid(path.child("hostname"), hostname, m)));
  if (typeof a.nodeName === "string") {
    errs.push(...nameIsDNSSubdomain(a.nodeName, false).map((m) => invalid(path.child("nodeName"), a.nodeName as string, m)));
  }
  errs.push(...validateNonSpecialIP(str(a.ip), path.child("ip")));
  return errs;
}

/** A single port, as Endpoints and EndpointSlices share the rules. */
export function validateEndpointPort(port: JsonObject, requireName: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port.name);
  if (requireName && !name) errs.push(required(path.child("name")));
  else if (name) errs.push(...isDNS1123Label(name).map((m) => invalid(path.child("name"), name, m)));
  const num = typeof port.port === "number" ? port.port : 0;
  errs.push(...isValidPortNum(num).map((m) => invalid(path.child("port"), num, m)));
  const protocol = str(port.protocol);
  if (!protocol) errs.push(required(path.child("protocol")));
  else if (!protocols.includes(protocol)) errs.push(notSupported(path.child("protocol"), protocol, protocols));
  if (typeof port.appProtocol === "string") errs.push(...validateLabelName(port.appProtocol, path.child("appProtocol")));
  return errs;
}

export function validateEndpoints(ep: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  arr(ep.subsets).forEach((raw, i) => {
    const subset = obj(raw) ?? {};
    const p = new FieldPath("subsets").index(i);
    if (arr(subset.addresses).length === 0 && arr(subset.notReadyAddresses).length === 0) {
      errs.push(required(p, "must specify `addresses` or `notReadyAddresses`"));
    }
    for (const key of ["addresses", "notReadyAddresses"]) {
      for (const [a, j] of objects(subset[key])) errs.push(...validateAddress(a, p.child(key).index(j)));
    }
    const ports = arr(subset.ports);
    for (const [port, j] of objects(ports)) errs.push(...validateEndpointPort(port, ports.length > 1, p.child("ports").index(j)));
  });
  return errs;
}

export function validateEndpointsUpdate(ep: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(ep.metadata, old.metadata), ...validateEndpoints(ep)];
}
