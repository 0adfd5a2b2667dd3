// Pod volumes: names, exactly one source each, and the checks of the common sources. Sources of
// retired cloud plugins only get their required fields checked.
import type { FieldError, FieldPath } from "../field-error.ts";
import { forbidden, invalid, notSupported, required } from "../validation/field-errors.ts";
import { arr, obj, objects, str, type JsonObject } from "../validation/json-access.ts";
import { validateAnnotations, validateLabels } from "../validation/labels.ts";
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain } from "../validation/name.ts";
import { quantitySign, tryParseQuantity } from "../validation/quantity.ts";
import { validatePersistentVolumeClaimSpec } from "./persistent-volume-claim-spec.ts";
import { validateDownwardAPIFile } from "./downward-api.ts";
import {
  fileModeErrorMsg,
  validateKeyToPath,
  validateLocalDescendingPath,
  validatePathNoBacksteps,
} from "./volume-paths.ts";

const hostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

// Upstream's check order decides which of two sources is reported as the extra one; the second
// element is the child path used for the source's own errors (upstream's spelling).
const sourceOrder: ReadonlyArray<readonly [key: string, errorPath: string]> = [
  ["emptyDir", "emptyDir"],
  ["hostPath", "hostPath"],
  ["gitRepo", "gitRepo"],
  ["gcePersistentDisk", "persistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["secret", "secret"],
  ["nfs", "nfs"],
  ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"],
  ["flocker", "flocker"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["rbd", "rbd"],
  ["cinder", "cinder"],
  ["cephfs", "cephfs"],
  ["quobyte", "quobyte"],
  ["downwardAPI", "downwardAPI"],
  ["fc", "fc"],
  ["flexVolume", "flexVolume"],
  ["configMap", "configMap"],
  ["azureFile", "azureFile"],
  ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"],
  ["azureDisk", "azureDisk"],
  ["storageos", "storageos"],
  ["projected", "projected"],
  ["scaleIO", "scaleIO"],
  ["csi", "csi"],
  ["ephemeral", "ephemeral"],
  ["image", "image"],
];

// The "more than 1 volume type" error names these sources by their Go spelling.
const extraSourcePath: Record<string, string> = { cephfs: "cephFS", downwardAPI: "downwarAPI" };

/** Fields that must be non-empty, for sources whose plugins are gone from current releases. */
const requiredFields: Record<string, string[]> = {
  awsElasticBlockStore: ["volumeID"],
  glusterfs: ["endpoints", "path"],
  rbd: ["monitors", "image"],
  cinder: ["volumeID"],
  cephfs: ["monitors"],
  quobyte: ["registry", "volume"],
  flexVolume: ["driver"],
  azureFile: ["secretName", "shareName"],
  vsphereVolume: ["volumePath"],
  photonPersistentDisk: ["pdID"],
  portworxVolume: ["volumeID"],
  azureDisk: ["diskName", "diskURI"],
  scaleIO: ["gateway", "system", "volumeName"],
  iscsi: ["targetPortal", "iqn"],
  persistentVolumeClaim: ["claimName"],
  gcePersistentDisk: ["pdName"],
};

const validMode = (m: unknown): boolean => typeof m !== "number" || (m >= 0 && m <= 0o777);

function validateSourceFields(key: string, s: JsonObject, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of requiredFields[key] ?? []) {
    const v = s[f];
    if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)) errs.push(required(path.child(f)));
  }
  switch (key) {
    case "emptyDir": {
      const q = tryParseQuantity(s.sizeLimit);
      if (q && quantitySign(q) < 0) errs.push(forbidden(path.child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
      break;
    }
    case "hostPath":
      if (!str(s.path)) return [required(path.child("path"))];
      errs.push(...validatePathNoBacksteps(str(s.path), path.child("path")));
      if (typeof s.type === "string" && !hostPathTypes.includes(s.type)) errs.push(notSupported(path.child("type"), s.type, hostPathTypes));
      break;
    case "gitRepo":
      if (!str(s.repository)) errs.push(required(path.child("repository")));
      errs.push(...validateLocalDescendingPath(str(s.directory), path.child("directory")));
      break;
    case "gcePersistentDisk": {
      const partition = typeof s.partition === "number" ? s.partition : 0;
      if (partition < 0 || partition > 255) errs.push(invalid(path.child("partition"), partition, "must be between 1 and 255, inclusive"));
      break;
    }
    case "secret":
    case "configMap": {
      const nameField = key === "secret" ? "secretName" : "name";
      if (!str(s[nameField])) errs.push(required(path.child(nameField)));
      if (!validMode(s.defaultMode)) errs.push(invalid(path.child("defaultMode"), s.defaultMode as number, fileModeErrorMsg));
      for (const [item, i] of objects(s.items)) errs.push(...validateKeyToPath(item, path.child("items").index(i)));
      break;
    }
    case "nfs":
      if (!str(s.server)) errs.push(required(path.child("server")));
      if (!str(s.path)) errs.push(required(path.child("path")));
      if (!str(s.path).startsWith("/")) errs.push(invalid(path.child("path"), str(s.path), "must be an absolute path"));
      break;
    case "flocker":
      if (!str(s.datasetName) && !str(s.datasetUUID)) errs.push(required(path, "one of datasetName and datasetUUID is required"));
      break;
    case "downwardAPI":
      if (!validMode(s.defaultMode)) errs.push(invalid(path.child("defaultMode"), s.defaultMode as number, fileModeErrorMsg));
      for (const [item] of objects(s.items)) errs.push(...validateDownwardAPIFile(item, path));
      break;
    case "projected":
      errs.push(...validateProjected(s, path));
      break;
    case "storageos":
      if (!str(s.volumeName)) errs.push(required(path.child("volumeName")));
      else errs.push(...isDNS1123Label(str(s.volumeName)).map((m) => invalid(path.child("volumeName"), str(s.volumeName), m)));
      break;
    case "csi":
      errs.push(...validateCSIDriverName(str(s.driver), path.child("driver")));
      break;
    case "ephemeral":
      errs.push(...validateEphemeral(s, path));
      break;
    case "image":
      if (!str(s.reference)) errs.push(required(path.child("reference")));
      break;
  }
  return errs;
}

export function validateCSIDriverName(driver: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!driver) errs.push(required(path));
  if (Buffer.byteLength(driver) > 63) errs.push({ type: "FieldValueTooLong", field: path.toString(), detail: "may not be more than 63 bytes" });
  errs.push(...isDNS1123Subdomain(driver.toLowerCase()).map((m) => invalid(path, driver, m)));
  return errs;
}

function validateProjected(s: JsonObject, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!validMode(s.defaultMode)) errs.push(invalid(path.child("defaultMode"), s.defaultMode as number, fileModeErrorMsg));
  const seen = new Set<string>();
  const claim = (p: string, shown: string) => {
    if (!p) return;
    if (seen.has(p)) errs.push(invalid(path, shown, "conflicting duplicate paths"));
    seen.add(p);
  };
  for (const [source, i] of objects(s.sources)) {
    const srcPath = path.child("sources").index(i);
    let kinds = 0;
    for (const key of ["secret", "configMap"]) {
      const ref = obj(source[key]);
      if (!ref) continue;
      kinds++;
      if (!str(ref.name)) errs.push(required(srcPath.child(key).child("name")));
      for (const [item, j] of objects(ref.items)) {
        errs.push(...validateKeyToPath(item, srcPath.child(key).child("items").index(j)));
        claim(str(item.path), str(ref.name));
      }
    }
    const downward = obj(source.downwardAPI);
    if (downward) {
      kinds++;
      for (const [item] of objects(downward.items)) {
        errs.push(...validateDownwardAPIFile(item, srcPath.child("downwardAPI")));
        claim(str(item.path), str(item.path));
      }
    }
    const token = obj(source.serviceAccountToken);
    if (token) {
      kinds++;
      const seconds = typeof token.expirationSeconds === "number" ? token.expirationSeconds : 0;
      const sp = srcPath.child("serviceAccountToken").child("expirationSeconds");
      if (seconds < 600) errs.push(invalid(sp, seconds, "may not specify a duration less than 10 minutes"));
      if (seconds > 2 ** 32) errs.push(invalid(sp, seconds, "may not specify a duration larger than 2^32 seconds"));
      if (!str(token.path)) errs.push(required(path.child("path")));
      else errs.push(...validateLocalDescendingPath(str(token.path), path.child("path")));
    }
    if (obj(source.clusterTrustBundle)) kinds++;
    if (kinds > 1) errs.push(forbidden(srcPath, "may not specify more than 1 volume type per source"));
  }
  return errs;
}

function validateEphemeral(s: JsonObject, path: FieldPath): FieldError[] {
  const template = obj(s.volumeClaimTemplate);
  const tPath = path.child("volumeClaimTemplate");
  if (!template) return [required(tPath)];
  const meta = obj(template.metadata) ?? {};
  const mPath = tPath.child("metadata");
  const errs = [...validateAnnotations(meta.annotations, mPath.child("annotations")), ...validateLabels(meta.labels, mPath.child("labels"))];
  for (const key of Object.keys(meta)) {
    if (key !== "labels" && key !== "annotations" && meta[key] !== undefined && meta[key] !== null) {
      errs.push(forbidden(mPath.child(key), "cannot be set"));
    }
  }
  errs.push(...validatePersistentVolumeClaimSpec(template.spec, tPath.child("spec")));
  return errs;
}

export interface ValidatedVolumes {
  /** Source key ("emptyDir", "persistentVolumeClaim", ...) of every volume that passed validation. */
  sources: Map<string, string>;
  errors: FieldError[];
}

export function validateVolumes(volumes: unknown, path: FieldPath, podName?: string): ValidatedVolumes {
  const sources = new Map<string, string>();
  const errors: FieldError[] = [];
  const ephemeralClaims = new Set(
    podName ? objects(volumes).filter(([v]) => obj(v.ephemeral)).map(([v]) => `${podName}-${str(v.name)}`) : [],
  );
  arr(volumes).forEach((raw, i) => {
    const v = obj(raw) ?? {};
    const idxPath = path.index(i);
    const name = str(v.name);
    const el: FieldError[] = [];
    let first = "";
    for (const [key, errorPath] of sourceOrder) {
      const s = obj(v[key]);
      if (!s) continue;
      if (first) {
        el.push(forbidden(idxPath.child(extraSourcePath[key] ?? key), "may not specify more than 1 volume type"));
        continue;
      }
      first = key;
      el.push(...validateSourceFields(key, s, idxPath.child(errorPath)));
      if (key === "ephemeral" && podName && name) {
        const claimName = `${podName}-${name}`;
        for (const msg of nameIsDNSSubdomain(claimName, false)) {
          el.push(invalid(idxPath.child("name"), name, `PVC name "${claimName}": ${msg}`));
        }
      }
    }
    if (!first) el.push(required(idxPath, "must specify a volume type"));
    if (!name) el.push(required(idxPath.child("name")));
    else el.push(...isDNS1123Label(name).map((m) => invalid(idxPath.child("name"), name, m)));
    if (sources.has(name)) el.push({ type: "FieldValueDuplicate", field: idxPath.child("name").toString(), value: name, detail: "" });
    if (el.length === 0) sources.set(name, first);
    else errors.push(...el);
    const claimName = str(obj(v.persistentVolumeClaim)?.claimName);
    if (claimName && ephemeralClaims.has(claimName)) {
      errors.push(
        invalid(idxPath.child("persistentVolumeClaim").child("claimName"), claimName, "must not reference a PVC that gets created for an ephemeral volume"),
      );
    }
  });
  return { sources, errors };
}

