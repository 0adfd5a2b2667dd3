// StorageClass (storage.k8s.io/v1): reclaimPolicy Delete and volumeBindingMode Immediate by default;
// the provisioner and parameters are fixed once created.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { forbidden, invalid, notSupported, required, tooLong } from "../validation/field-errors.ts";
import { arr, obj, semanticEqual, str } from "../validation/json-access.ts";
import { validateLabelName } from "../validation/labels.ts";
import { byteLength, isQualifiedName, nameIsDNSSubdomain } from "../validation/name.ts";
import { validateImmutable, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";

const maxParameters = 512;
const maxParameterBytes = 256 * 1024;
const reclaimPolicies = ["Delete", "Retain"];
const bindingModes = ["Immediate", "WaitForFirstConsumer"];

export function defaultStorageClass(sc: KubeObject): void {
  if (!str(sc.reclaimPolicy)) sc.reclaimPolicy = "Delete";
  if (!str(sc.volumeBindingMode)) sc.volumeBindingMode = "Immediate";
}

function validateParameters(params: unknown): FieldError[] {
  const p = obj(params) ?? {};
  const keys = Object.keys(p);
  const path = new FieldPath("parameters");
  if (keys.length > maxParameters) return [tooLong(path, maxParameters)];
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of keys) {
    if (k.length < 1) errs.push(invalid(path, k, "field can not be empty."));
    total += byteLength(k) + byteLength(str(p[k]));
  }
  if (total > maxParameterBytes) errs.push(tooLong(path, maxParameterBytes));
  return errs;
}

function validateAllowedTopologies(topologies: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const path = new FieldPath("allowedTopologies");
  arr(topologies).forEach((raw, i) => {
    const exprPath = path.index(i).child("matchLabelExpressions");
    const seenKeys = new Set<string>();
    arr(obj(raw)?.matchLabelExpressions).forEach((e, j) => {
      const expr = obj(e) ?? {};
      const p = exprPath.index(j);
      const values = arr(expr.values).map(str);
      if (values.length === 0) errs.push(required(p.child("values")));
      const seen = new Set<string>();
      values.forEach((v, k) => {
        if (seen.has(v)) errs.push({ type: "FieldValueDuplicate", field: p.child("values").index(k).toString(), value: v, detail: "" });
        seen.add(v);
      });
      const key = str(expr.key);
      errs.push(...validateLabelName(key, p.child("key")));
      if (seenKeys.has(key)) errs.push({ type: "FieldValueDuplicate", field: p.child("key").toString(), value: key, detail: "" });
      seenKeys.add(key);
    });
  });
  return errs;
}

export function validateStorageClass(sc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(sc.metadata, { namespaced: false, nameValidator: nameIsDNSSubdomain });
  const provisioner = str(sc.provisioner);
  if (!provisioner) errs.push(required("provisioner"));
  else errs.push(...isQualifiedName(provisioner.toLowerCase()).map((m) => invalid("provisioner", provisioner, m)));
  errs.push(...validateParameters(sc.parameters));
  const reclaim = str(sc.reclaimPolicy);
  if (reclaim && !reclaimPolicies.includes(reclaim)) errs.push(notSupported("reclaimPolicy", reclaim, reclaimPolicies));
  const binding = sc.volumeBindingMode;
  if (typeof binding !== "string") errs.push(required("volumeBindingMode"));
  else if (!bindingModes.includes(binding)) errs.push(notSupported("volumeBindingMode", binding, bindingModes));
  errs.push(...validateAllowedTopologies(sc.allowedTopologies));
  return errs;
}

export function validateStorageClassUpdate(sc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(sc.metadata, old.metadata);
  if (!semanticEqual(sc.parameters, old.parameters)) errs.push(forbidden("parameters", "updates to parameters are forbidden."));
  if (str(sc.provisioner) !== str(old.provisioner)) errs.push(forbidden("provisioner", "updates to provisioner are forbidden."));
  if (str(sc.reclaimPolicy) !== str(old.reclaimPolicy)) errs.push(forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
  errs.push(...validateImmutable(str(sc.volumeBindingMode), str(old.volumeBindingMode), "volumeBindingMode"));
  return errs;
}
