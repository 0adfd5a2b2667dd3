// PersistentVolumeClaimSpec defaults and validation, shared by PVCs, StatefulSet claim templates and
// ephemeral volumes.
import type { FieldError, FieldPath } from "../field-error.ts";
import { forbidden, invalid, notSupported, required } from "../validation/field-errors.ts";
import { rendered } from "../validation/go-value.ts";
import { arr, obj, str, type JsonObject } from "../validation/json-access.ts";
import { validateLabelSelector } from "../validation/labels.ts";
import { isDNS1123Subdomain, nameIsDNSLabel, nameIsDNSSubdomain } from "../validation/name.ts";
import { formatQuantity, quantitySign, tryParseQuantity } from "../validation/quantity.ts";
import { defaultResourceRequirements } from "./resource-list.ts";
import { invalidQuantity } from "./resource-validation.ts";

export const supportedAccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
export const supportedVolumeModes = ["Block", "Filesystem"];

export function defaultPersistentVolumeClaimSpec(spec: unknown): void {
  const s = obj(spec);
  if (!s) return;
  if (s.volumeMode === undefined || s.volumeMode === null) s.volumeMode = "Filesystem";
  defaultResourceRequirements(s.resources);
}

/** Access modes: known values only, and ReadWriteOncePod alone. */
export function validateAccessModes(modes: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const mode of arr(modes).map(str)) {
    if (!supportedAccessModes.includes(mode)) errs.push(notSupported(path, mode, supportedAccessModes));
    if (mode === "ReadWriteOncePod") rwop = true;
    else if (supportedAccessModes.includes(mode)) other = true;
  }
  if (rwop && other) errs.push(forbidden(path, "may not use ReadWriteOncePod with other access modes"));
  return errs;
}

function validateDataSource(source: JsonObject, path: FieldPath, withNamespace: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(source.name)) errs.push(required(path.child("name")));
  if (!str(source.kind)) errs.push(required(path.child("kind")));
  const apiGroup = str(source.apiGroup);
  if (!apiGroup && str(source.kind) !== "PersistentVolumeClaim") {
    errs.push(invalid(path, str(source.kind), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (apiGroup) errs.push(...isDNS1123Subdomain(apiGroup).map((m) => invalid(path.child("apiGroup"), apiGroup, m)));
  const namespace = str(source.namespace);
  if (withNamespace && namespace) {
    errs.push(...nameIsDNSLabel(namespace, false).map((m) => invalid(path.child("namespace"), namespace, m)));
  }
  return errs;
}

// Upstream passes a *field.Path as the bad value here, so kubectl shows the struct.
const goDataSourcePath = rendered('field.Path{name:"dataSource", index:"", parent:(*field.Path)(0xc000010000)}');

export function validatePersistentVolumeClaimSpec(spec: unknown, path: FieldPath): FieldError[] {
  const s = obj(spec) ?? {};
  const errs: FieldError[] = [];
  const modes = arr(s.accessModes);
  if (modes.length === 0) errs.push(required(path.child("accessModes"), "at least 1 access mode is required"));
  if (obj(s.selector)) errs.push(...validateLabelSelector(s.selector, path.child("selector")));
  errs.push(...validateAccessModes(modes, path.child("accessModes")));

  const storagePath = path.child("resources").key("storage");
  const requests = obj(obj(s.resources)?.requests) ?? {};
  if (!("storage" in requests)) {
    errs.push(required(storagePath));
  } else {
    const q = tryParseQuantity(requests.storage);
    if (!q) errs.push(invalidQuantity(storagePath, requests.storage));
    else if (quantitySign(q) <= 0) errs.push(invalid(storagePath, formatQuantity(q), "must be greater than zero"));
  }

  const className = str(s.storageClassName);
  if (className) errs.push(...nameIsDNSSubdomain(className, false).map((m) => invalid(path.child("storageClassName"), className, m)));
  if (s.volumeMode !== undefined && s.volumeMode !== null && !supportedVolumeModes.includes(str(s.volumeMode))) {
    errs.push(notSupported(path.child("volumeMode"), str(s.volumeMode), supportedVolumeModes));
  }

  const dataSource = obj(s.dataSource);
  const dataSourceRef = obj(s.dataSourceRef);
  if (dataSource) errs.push(...validateDataSource(dataSource, path.child("dataSource"), false));
  if (dataSourceRef) errs.push(...validateDataSource(dataSourceRef, path.child("dataSourceRef"), true));
  if (dataSourceRef && str(dataSourceRef.namespace)) {
    if (dataSource) errs.push(invalid(path, goDataSourcePath, "may not be specified when dataSourceRef.namespace is specified"));
  } else if (dataSource && dataSourceRef) {
    const same =
      str(dataSource.apiGroup) === str(dataSourceRef.apiGroup) &&
      (dataSource.apiGroup === undefined) === (dataSourceRef.apiGroup === undefined) &&
      str(dataSource.kind) === str(dataSourceRef.kind) &&
      str(dataSource.name) === str(dataSourceRef.name);
    if (!same) errs.push(invalid(path, goDataSourcePath, "must match dataSourceRef"));
  }

  const vac = str(s.volumeAttributesClassName);
  if (vac) errs.push(...nameIsDNSSubdomain(vac, false).map((m) => invalid(path.child("volumeAttributesClassName"), vac, m)));
  return errs;
}
