// EndpointSlice (discovery.k8s.io/v1): port defaults, ValidateEndpointSlice / Update.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { duplicate, invalid, notSupported, required, tooMany } from "../validation/field-errors.ts";
import { validateIP, validateIPv4, validateIPv6, validateNonSpecialIP } from "../validation/ip.ts";
import { arr, obj, objects, str } from "../validation/json-access.ts";
import { validateLabelName, validateLabels } from "../validation/labels.ts";
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain } from "../validation/name.ts";
import { validateImmutable, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";

const addressTypes = ["FQDN", "IPv4", "IPv6"];
const protocols = ["SCTP", "TCP", "UDP"];

export function defaultEndpointSlice(slice: KubeObject): void {
  for (const [port] of objects(slice.ports)) {
    if (port.name === undefined || port.name === null) port.name = "";
    if (port.protocol === undefined || port.protocol === null) port.protocol = "TCP";
  }
}

function validateFQDN(value: string, path: FieldPath): FieldError[] {
  if (!value) return [required(path)];
  const name = value.endsWith(".") ? value.slice(0, -1) : value;
  const sub = isDNS1123Subdomain(name);
  if (sub.length) return [invalid(path, name, sub.join(","))];
  const labels = name.split(".");
  if (labels.length < 2) return [invalid(path, name, "should be a domain with at least two segments separated by dots")];
  for (const label of labels) {
    const msgs = isDNS1123Label(label);
    if (msgs.length) return [invalid(path, label, msgs.join(","))];
  }
  return [];
}

function validateAddress(addressType: string, address: string, path: FieldPath): FieldError[] {
  switch (addressType) {
    case "IP":
      return validateIP(address, path);
    case "IPv4":
      return [...validateIPv4(address, path), ...validateNonSpecialIP(address, path)];
    case "IPv6":
      return [...validateIPv6(address, path), ...validateNonSpecialIP(address, path)];
    case "FQDN":
      return validateFQDN(address, path);
    default:
      return [];
  }
}

function validateSlice(slice: KubeObject, validTypes: readonly string[]): FieldError[] {
  const errs = validateObjectMeta(slice.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  const addressType = str(slice.addressType);
  if (!addressType) errs.push(required("addressType"));
  else if (!validTypes.includes(addressType)) errs.push(notSupported("addressType", addressType, validTypes));

  const endpointsPath = new FieldPath("endpoints");
  const endpoints = arr(slice.endpoints);
  if (endpoints.length > 1000) errs.push(tooMany(endpointsPath, endpoints.length, 1000));
  else {
    for (const [ep, i] of objects(endpoints)) {
      const p = endpointsPath.index(i);
      const addresses = arr(ep.addresses).map(str);
      if (addresses.length === 0) errs.push(required(p.child("addresses"), "must contain at least 1 address"));
      else if (addresses.length > 100) errs.push(tooMany(p.child("addresses"), addresses.length, 100));
      addresses.forEach((a, j) => errs.push(...validateAddress(addressType, a, p.child("addresses").index(j))));
      const topology = obj(ep.deprecatedTopology);
      if (topology && Object.keys(topology).length > 16) errs.push(tooMany(p.child("topology"), Object.keys(topology).length, 16));
      errs.push(...validateLabels(topology, p.child("topology")));
      if (typeof ep.hostname === "string") errs.push(...isDNS1123Label(ep.hostname).map((m) => invalid(p.child("hostname"), ep.hostname as string, m)));
    }
  }

  const portsPath = new FieldPath("ports");
  const ports = arr(slice.ports);
  if (ports.length > 100) errs.push(tooMany(portsPath, ports.length, 100));
  else {
    const names = new Set<string>();
    for (const [port, i] of objects(ports)) {
      const p = portsPath.index(i);
      const name = str(port.name);
      if (name) errs.push(...isDNS1123Label(name).map((m) => invalid(p.child("name"), name, m)));
      if (names.has(name)) errs.push(duplicate(p.child("name"), name));
      names.add(name);
      if (port.protocol === undefined || port.protocol === null) errs.push(required(p.child("protocol")));
      else if (!protocols.includes(str(port.protocol))) errs.push(notSupported(p.child("protocol"), str(port.protocol), protocols));
      if (typeof port.appProtocol === "string") errs.push(...validateLabelName(port.appProtocol, p.child("appProtocol")));
    }
  }
  return errs;
}

export function validateEndpointSlice(slice: KubeObject): FieldError[] {
  return validateSlice(slice, addressTypes);
}

/** The deprecated "IP" address type stays acceptable on objects that already use it. */
export function validateEndpointSliceUpdate(slice: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(slice.metadata, old.metadata);
  errs.push(...validateSlice(slice, ["FQDN", "IP", "IPv4", "IPv6"]));
  errs.push(...validateImmutable(str(slice.addressType), str(old.addressType), "addressType"));
  return errs;
}
