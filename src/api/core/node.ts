// Node: defaults (allocatable from capacity, podCIDR/podCIDRs) and ValidateNode / Update.
import { isIP } from "node:net";
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { duplicate, forbidden, invalid, notSupported, required } from "../validation/field-errors.ts";
import { goQuote, goStringSlice, goStruct, rendered } from "../validation/go-value.ts";
import { validateCIDR } from "../validation/ip.ts";
import { arr, child, obj, str, type JsonObject } from "../validation/json-access.ts";
import { validateLabelName } from "../validation/labels.ts";
import { isValidLabelValue, nameIsDNSSubdomain } from "../validation/name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";
import { formatQuantity, quantitySign, tryParseQuantity } from "../validation/quantity.ts";
import { defaultResourceList } from "./resource-list.ts";
import { taintEffects } from "./scheduling-validation.ts";

const metadataPath = new FieldPath("metadata");
const specPath = new FieldPath("spec");
const statusPath = new FieldPath("status");

export function defaultNode(node: KubeObject): void {
  const spec = child(node, "spec");
  if (arr(spec.podCIDRs).length === 0 && str(spec.podCIDR)) spec.podCIDRs = [spec.podCIDR];
  if (arr(spec.podCIDRs).length > 0) spec.podCIDR = arr(spec.podCIDRs)[0];
  const status = obj(node.status);
  if (!status) return;
  defaultResourceList(status.capacity);
  if (obj(status.capacity) && !obj(status.allocatable)) status.allocatable = { ...(status.capacity as JsonObject) };
  defaultResourceList(status.allocatable);
}

function goTaint(t: JsonObject): string {
  return goStruct("core.Taint", [
    ["Key", goQuote(str(t.key))],
    ["Value", goQuote(str(t.value))],
    ["Effect", goQuote(str(t.effect))],
    ["TimeAdded", t.timeAdded ? "(*v1.Time)(0xc000010000)" : "(*v1.Time)(nil)"],
  ]);
}

/** Taints are reported under metadata.taints, as upstream does. */
function validateTaints(taints: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(taints).forEach((raw, i) => {
    const t = obj(raw) ?? {};
    const p = path.index(i);
    errs.push(...validateLabelName(str(t.key), p.child("key")));
    const valueErrs = isValidLabelValue(str(t.value));
    if (valueErrs.length) errs.push(invalid(p.child("value"), str(t.value), valueErrs.join(";")));
    const effect = str(t.effect);
    if (!effect) errs.push(required(p.child("effect")));
    else if (!taintEffects.includes(effect)) errs.push(notSupported(p.child("effect"), effect, taintEffects));
    const key = `${effect}\u0000${str(t.key)}`;
    if (seen.has(key)) {
      errs.push({ type: "FieldValueDuplicate", field: p.toString(), detail: `${goTaint(t)}: taints must be unique by key and effect pair` });
      return;
    }
    seen.add(key);
  });
  return errs;
}

function validateResources(node: KubeObject): FieldError[] {
  const status = obj(node.status) ?? {};
  const errs: FieldError[] = [];
  for (const list of ["capacity", "allocatable"]) {
    for (const [name, value] of Object.entries(obj(status[list]) ?? {})) {
      const q = tryParseQuantity(value);
      if (q && quantitySign(q) < 0) errs.push(invalid(statusPath.child(list).child(name), formatQuantity(q), "must be greater than or equal to 0"));
    }
  }
  return errs;
}

function validatePodCIDRs(spec: JsonObject): FieldError[] {
  const cidrs = arr(spec.podCIDRs).map(str);
  const path = specPath.child("podCIDRs");
  const errs = cidrs.flatMap((c, i) => validateCIDR(c, path.index(i)));
  if (cidrs.length > 1) {
    const families = cidrs.map((c) => isIP(c.split("/")[0]));
    if (!(families.includes(4) && families.includes(6)) || cidrs.length > 2) {
      errs.push(invalid(path, rendered(goStringSlice(cidrs)), "may specify no more than one CIDR for each IP family"));
    }
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(duplicate(path.index(i), c));
      seen.add(c);
    });
  }
  return errs;
}

export function validateNode(node: KubeObject): FieldError[] {
  const spec = obj(node.spec) ?? {};
  const errs = validateObjectMeta(node.metadata, { namespaced: false, nameValidator: nameIsDNSSubdomain });
  errs.push(...validateTaints(spec.taints, metadataPath.child("taints")));
  errs.push(...validateResources(node));
  errs.push(...validatePodCIDRs(spec));
  return errs;
}

export function validateNodeUpdate(node: KubeObject, old: KubeObject): FieldError[] {
  const spec = obj(node.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata);
  errs.push(...validateResources(node));
  const seen = new Set<string>();
  arr(obj(node.status)?.addresses).forEach((raw, i) => {
    const a = obj(raw) ?? {};
    const key = `${str(a.type)}\u0000${str(a.address)}`;
    if (seen.has(key)) {
      const shown = goStruct("core.NodeAddress", [["Type", goQuote(str(a.type))], ["Address", goQuote(str(a.address))]]);
      errs.push(duplicate(statusPath.child("addresses").index(i), rendered(shown)));
    }
    seen.add(key);
  });
  const oldCIDRs = arr(oldSpec.podCIDRs).map(str);
  const newCIDRs = arr(spec.podCIDRs).map(str);
  const cidrChange = "node updates may not change podCIDR except from \"\" to valid";
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(forbidden(specPath.child("podCIDRs"), cidrChange));
    else oldCIDRs.forEach((c, i) => c !== newCIDRs[i] && errs.push(forbidden(specPath.child("podCIDRs"), cidrChange)));
  }
  if (str(oldSpec.providerID) && str(oldSpec.providerID) !== str(spec.providerID)) {
    errs.push(forbidden(specPath.child("providerID"), "node updates may not change providerID except from \"\" to valid"));
  }
  errs.push(...validateTaints(spec.taints, metadataPath.child("taints")));
  if (str(spec.externalID) !== str(oldSpec.externalID)) errs.push(forbidden(specPath.child("externalID"), "may not be updated"));
  return errs;
}

/** The node agent's /status writes are checked like any update. */
export const validateNodeStatusUpdate = validateNodeUpdate;
