// PersistentVolume: defaults and ValidatePersistentVolume / Update / StatusUpdate.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { forbidden, invalid, notSupported, required } from "../validation/field-errors.ts";
import { goPointer, goQuote, goStruct, rendered } from "../validation/go-value.ts";
import { posix } from "node:path";
import { arr, child, obj, semanticEqual, str, type JsonObject } from "../validation/json-access.ts";
import { jsonDiff } from "../validation/json-diff.ts";
import { nameIsDNSSubdomain } from "../validation/name.ts";
import { validateImmutable, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";
import { formatQuantity, goQuantity, quantitySign, tryParseQuantity } from "../validation/quantity.ts";
import { supportedVolumeModes, validateAccessModes } from "./persistent-volume-claim-spec.ts";
import { defaultResourceList } from "./resource-list.ts";
import { invalidQuantity } from "./resource-validation.ts";
import { validateNodeSelector } from "./scheduling-validation.ts";
import { validateCSIDriverName } from "./volume-validation.ts";
import { validatePathNoBacksteps } from "./volume-paths.ts";

const specPath = new FieldPath("spec");

// Upstream's order decides which source is reported as the extra one.
const pvSources = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "glusterfs",
  "flocker",
  "nfs",
  "rbd",
  "quobyte",
  "cephfs",
  "iscsi",
  "cinder",
  "fc",
  "flexVolume",
  "azureFile",
  "vsphereVolume",
  "photonPersistentDisk",
  "portworxVolume",
  "azureDisk",
  "scaleIO",
  "local",
  "storageos",
  "csi",
];
const sourceErrorPath: Record<string, string> = { gcePersistentDisk: "persistentDisk" };
const requiredFields: Record<string, string[]> = {
  gcePersistentDisk: ["pdName"],
  awsElasticBlockStore: ["volumeID"],
  glusterfs: ["endpoints", "path"],
  nfs: ["server", "path"],
  rbd: ["monitors", "image"],
  quobyte: ["registry", "volume"],
  cephfs: ["monitors"],
  iscsi: ["targetPortal", "iqn"],
  cinder: ["volumeID"],
  flexVolume: ["driver"],
  azureFile: ["secretName", "shareName"],
  vsphereVolume: ["volumePath"],
  photonPersistentDisk: ["pdID"],
  portworxVolume: ["volumeID"],
  azureDisk: ["diskName", "diskURI"],
  scaleIO: ["gateway", "system", "volumeName"],
  storageos: ["volumeName"],
  csi: ["volumeHandle"],
};
const reclaimPolicies = ["Delete", "Recycle", "Retain"];

export function defaultPersistentVolume(pv: KubeObject): void {
  const spec = child(pv, "spec");
  if (!str(spec.persistentVolumeReclaimPolicy)) spec.persistentVolumeReclaimPolicy = "Retain";
  if (spec.volumeMode === undefined || spec.volumeMode === null) spec.volumeMode = "Filesystem";
  defaultResourceList(spec.capacity);
  const hostPath = obj(spec.hostPath);
  if (hostPath && hostPath.type === undefined) hostPath.type = "";
  const status = child(pv, "status");
  if (!str(status.phase)) status.phase = "Pending";
}

function goResourceList(capacity: JsonObject | undefined): string {
  if (!capacity) return "core.ResourceList(nil)";
  const entries = Object.keys(capacity)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuantity(String(capacity[k]))}`);
  return `core.ResourceList{${entries.join(", ")}}`;
}

function validateSource(key: string, source: JsonObject, path: FieldPath, hasNodeAffinity: boolean): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of requiredFields[key] ?? []) {
    const v = source[f];
    if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)) errs.push(required(path.child(f)));
  }
  if (key === "hostPath" || key === "local") {
    if (!str(source.path)) return [required(path.child("path"))];
    errs.push(...validatePathNoBacksteps(str(source.path), path.child("path")));
  }
  if (key === "nfs" && !str(source.path).startsWith("/")) errs.push(invalid(path.child("path"), str(source.path), "must be an absolute path"));
  if (key === "csi") errs.push(...validateCSIDriverName(str(source.driver), path.child("driver")));
  if (key === "local" && !hasNodeAffinity) errs.push(required(specPath.child("nodeAffinity"), "Local volume requires node affinity"));
  return errs;
}

export function validatePersistentVolumeSpec(spec: JsonObject, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (arr(spec.accessModes).length === 0) errs.push(required(path.child("accessModes")));
  errs.push(...validateAccessModes(spec.accessModes, path.child("accessModes")));
  const capacity = obj(spec.capacity) ?? {};
  if (Object.keys(capacity).length === 0) errs.push(required(path.child("capacity")));
  if (!("storage" in capacity) || Object.keys(capacity).length > 1) {
    errs.push(notSupported(path.child("capacity"), rendered(goResourceList(obj(spec.capacity))), ["storage"]));
  }
  for (const [name, value] of Object.entries(capacity)) {
    const q = tryParseQuantity(value);
    if (!q) errs.push(invalidQuantity(path.child("capacity").key(name), value));
    else if (quantitySign(q) <= 0) errs.push(invalid(path.child("capacity").key(name), formatQuantity(q), "must be greater than zero"));
  }
  const policy = str(spec.persistentVolumeReclaimPolicy);
  if (policy && !reclaimPolicies.includes(policy)) errs.push(notSupported(path.child("persistentVolumeReclaimPolicy"), policy, reclaimPolicies));
  const affinity = obj(spec.nodeAffinity);
  if (affinity) {
    const requiredTerms = obj(affinity.required);
    if (requiredTerms) errs.push(...validateNodeSelector(requiredTerms, path.child("nodeAffinity").child("required")));
    else errs.push(required(path.child("nodeAffinity").child("required"), "must specify required node constraints"));
  }
  let found = false;
  for (const key of pvSources) {
    const source = obj(spec[key]);
    if (!source) continue;
    if (found && key !== "flexVolume") {
      errs.push(forbidden(path.child(key), "may not specify more than 1 volume type"));
      continue;
    }
    found = true;
    errs.push(...validateSource(key, source, path.child(sourceErrorPath[key] ?? key), affinity !== undefined));
  }
  if (!found) errs.push(required(path, "must specify a volume type"));
  const hostPath = obj(spec.hostPath);
  if (hostPath && str(hostPath.path) && posix.normalize(str(hostPath.path)).replace(/(.)\/$/, "$1") === "/" && policy === "Recycle") {
    errs.push(forbidden(path.child("persistentVolumeReclaimPolicy"), "may not be 'recycle' for a hostPath mount of '/'"));
  }
  const className = str(spec.storageClassName);
  if (className) errs.push(...nameIsDNSSubdomain(className, false).map((m) => invalid(path.child("storageClassName"), className, m)));
  if (typeof spec.volumeMode === "string" && !supportedVolumeModes.includes(spec.volumeMode)) {
    errs.push(notSupported(path.child("volumeMode"), spec.volumeMode, supportedVolumeModes));
  }
  return errs;
}

export function validatePersistentVolume(pv: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pv.metadata, { namespaced: false, nameValidator: nameIsDNSSubdomain });
  errs.push(...validatePersistentVolumeSpec(obj(pv.spec) ?? {}, specPath));
  return errs;
}

const nonSourceFields = new Set([
  "accessModes",
  "capacity",
  "claimRef",
  "persistentVolumeReclaimPolicy",
  "storageClassName",
  "mountOptions",
  "volumeMode",
  "nodeAffinity",
  "volumeAttributesClassName",
]);

function sourceOf(spec: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(spec).filter(([k]) => !nonSourceFields.has(k)));
}

export function validatePersistentVolumeUpdate(pv: KubeObject, old: KubeObject): FieldError[] {
  const errs = validatePersistentVolume(pv);
  const spec = obj(pv.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};
  const next = sourceOf(spec);
  const prev = sourceOf(oldSpec);
  // A CSI volume may gain a controllerExpandSecretRef after creation.
  const nextCSI = obj(next.csi);
  if (nextCSI && obj(prev.csi) && !obj(obj(prev.csi)?.controllerExpandSecretRef)) {
    next.csi = { ...nextCSI, controllerExpandSecretRef: undefined };
  }
  if (!semanticEqual(next, prev)) {
    errs.push(forbidden(specPath.child("persistentvolumesource"), `spec.persistentvolumesource is immutable after creation\n${jsonDiff(prev, next, "spec")}`));
  }
  errs.push(...validateImmutable(spec.volumeMode, oldSpec.volumeMode, "volumeMode", typeof spec.volumeMode === "string" ? spec.volumeMode : null));
  if (obj(oldSpec.nodeAffinity) && !semanticEqual(spec.nodeAffinity, oldSpec.nodeAffinity)) {
    const next = obj(spec.nodeAffinity);
    const shown = next ? rendered(goStruct("core.VolumeNodeAffinity", [["Required", goPointer("core.NodeSelector", next.required)]])) : null;
    errs.push(invalid("nodeAffinity", shown, "field is immutable, except for updating from beta label to GA"));
  }
  if (typeof oldSpec.volumeAttributesClassName === "string" && (spec.volumeAttributesClassName === undefined || spec.volumeAttributesClassName === null)) {
    errs.push(forbidden(specPath.child("volumeAttributesClassName"), "update from non-nil value to nil is forbidden"));
  }
  return errs;
}

export function validatePersistentVolumeStatusUpdate(pv: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pv.metadata, old.metadata);
  if (!str(pv.metadata?.resourceVersion)) errs.push(required("resourceVersion"));
  return errs;
}
