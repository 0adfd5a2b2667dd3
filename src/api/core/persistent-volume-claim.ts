// PersistentVolumeClaim: defaults and ValidatePersistentVolumeClaim / Update / StatusUpdate.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { forbidden, invalid, required } from "../validation/field-errors.ts";
import { arr, child, obj, semanticEqual, str, type JsonObject } from "../validation/json-access.ts";
import { jsonDiff } from "../validation/json-diff.ts";
import { nameIsDNSSubdomain } from "../validation/name.ts";
import { validateImmutable, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";
import { compareQuantity, quantityValue, tryParseQuantity } from "../validation/quantity.ts";
import { defaultPersistentVolumeClaimSpec, validatePersistentVolumeClaimSpec } from "./persistent-volume-claim-spec.ts";
import { defaultResourceList } from "./resource-list.ts";

const specPath = new FieldPath("spec");
const betaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

export function defaultPersistentVolumeClaim(pvc: KubeObject): void {
  defaultPersistentVolumeClaimSpec(child(pvc, "spec"));
  const status = child(pvc, "status");
  if (!str(status.phase)) status.phase = "Pending";
  defaultResourceList(status.capacity);
  defaultResourceList(status.allocatedResources);
}

export function validatePersistentVolumeClaim(pvc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pvc.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  errs.push(...validatePersistentVolumeClaimSpec(pvc.spec, specPath));
  return errs;
}

const storageOf = (spec: JsonObject) => tryParseQuantity(obj(obj(spec.resources)?.requests)?.storage);

export function validatePersistentVolumeClaimUpdate(pvc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pvc.metadata, old.metadata);
  errs.push(...validatePersistentVolumeClaim(pvc));
  const spec = obj(pvc.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};
  const next: JsonObject = structuredClone(spec);
  const prev: JsonObject = structuredClone(oldSpec);
  // The binder sets volumeName once.
  if (!str(oldSpec.volumeName)) prev.volumeName = next.volumeName;

  const oldAnnotations = obj(old.metadata?.annotations) ?? {};
  const newAnnotations = obj(pvc.metadata?.annotations) ?? {};
  const oldClassName = oldSpec.storageClassName;
  const newClassName = spec.storageClassName;
  const upgradeFromAnnotation =
    betaStorageClassAnnotation in oldAnnotations &&
    (oldClassName === undefined || oldClassName === null) &&
    typeof newClassName === "string" &&
    newClassName === oldAnnotations[betaStorageClassAnnotation] &&
    (!(betaStorageClassAnnotation in newAnnotations) || newAnnotations[betaStorageClassAnnotation] === oldAnnotations[betaStorageClassAnnotation]);
  if (upgradeFromAnnotation) {
    delete next.storageClassName;
  } else {
    errs.push(
      ...validateImmutable(
        str(newAnnotations[betaStorageClassAnnotation]),
        str(oldAnnotations[betaStorageClassAnnotation]),
        new FieldPath("metadata").child("annotations").child(betaStorageClassAnnotation),
      ),
    );
    const upgradeFromNil =
      typeof newClassName === "string" &&
      (oldClassName === undefined || oldClassName === null) &&
      (!(betaStorageClassAnnotation in oldAnnotations) || newClassName === oldAnnotations[betaStorageClassAnnotation]);
    if (upgradeFromNil) next.storageClassName = oldClassName;
  }

  const bound = str(obj(pvc.status)?.phase) === "Bound";
  const nextRequests = obj(obj(next.resources)?.requests);
  if (bound && nextRequests) nextRequests.storage = obj(obj(oldSpec.resources)?.requests)?.storage;
  if (bound && next.volumeAttributesClassName !== undefined) next.volumeAttributesClassName = prev.volumeAttributesClassName;
  if (!semanticEqual(next, prev)) {
    errs.push(
      forbidden(specPath, `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${jsonDiff(prev, next, "spec")}`),
    );
  }

  const newSize = storageOf(spec);
  const oldSize = storageOf(oldSpec);
  if (newSize && oldSize && compareQuantity(newSize, oldSize) < 0) {
    // Shrinking is allowed only to recover from a failed expansion, never below what is provisioned.
    const statusSize = tryParseQuantity(obj(obj(old.status)?.capacity)?.storage);
    if (statusSize ? compareQuantity(newSize, statusSize) <= 0 : quantityValue(newSize) <= 0) {
      errs.push(forbidden(specPath.child("resources").child("requests").child("storage"), "field can not be less than status.capacity"));
    }
  }
  errs.push(...validateImmutable(spec.volumeMode, oldSpec.volumeMode, "volumeMode", typeof spec.volumeMode === "string" ? spec.volumeMode : null));
  const oldVac = oldSpec.volumeAttributesClassName;
  const newVac = spec.volumeAttributesClassName;
  if (typeof oldVac === "string" && oldVac !== newVac) {
    if (newVac === undefined || newVac === null) {
      errs.push(forbidden(specPath.child("volumeAttributesClassName"), "update from non-nil value to nil is forbidden"));
    } else if (newVac === "") {
      errs.push(forbidden(specPath.child("volumeAttributesClassName"), "update from non-nil value to an empty string is forbidden"));
    }
  }
  return errs;
}

export function validatePersistentVolumeClaimStatusUpdate(pvc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pvc.metadata, old.metadata);
  if (!str(pvc.metadata?.resourceVersion)) errs.push(required("resourceVersion"));
  // Upstream spells this path with a capital S.
  if (arr(obj(pvc.spec)?.accessModes).length === 0) errs.push(required(new FieldPath("Spec").child("accessModes")));
  const capacity = obj(obj(pvc.status)?.capacity) ?? {};
  for (const [name, value] of Object.entries(capacity)) {
    const q = tryParseQuantity(value);
    if (q && quantityValue(q) < 0) {
      errs.push(invalid(new FieldPath("status").child("capacity").key(name), quantityValue(q), "must be a valid resource quantity"));
    }
  }
  return errs;
}
