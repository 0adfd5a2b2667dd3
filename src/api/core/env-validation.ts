// Container env and envFrom.
import type { FieldError, FieldPath } from "../field-error.ts";
import { invalid, required } from "../validation/field-errors.ts";
import { arr, obj, str, type JsonObject } from "../validation/json-access.ts";
import { isConfigMapKey, isRelaxedEnvVarName, nameIsDNSSubdomain } from "../validation/name.ts";
import { envFieldPaths, validateObjectFieldSelector, validateResourceFieldSelector } from "./downward-api.ts";

function validateKeySelector(s: JsonObject, path: FieldPath): FieldError[] {
  const errs = nameIsDNSSubdomain(str(s.name), false).map((m) => invalid(path.child("name"), str(s.name), m));
  const key = str(s.key);
  if (!key) errs.push(required(path.child("key")));
  else errs.push(...isConfigMapKey(key).map((m) => invalid(path.child("key"), key, m)));
  return errs;
}

function validateValueFrom(env: JsonObject, path: FieldPath): FieldError[] {
  const from = obj(env.valueFrom);
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  const fieldRef = obj(from.fieldRef);
  if (fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(fieldRef, envFieldPaths, path.child("fieldRef")));
  }
  const resourceFieldRef = obj(from.resourceFieldRef);
  if (resourceFieldRef) {
    sources++;
    errs.push(...validateResourceFieldSelector(resourceFieldRef, path.child("resourceFieldRef"), false));
  }
  for (const key of ["configMapKeyRef", "secretKeyRef"]) {
    const ref = obj(from[key]);
    if (ref) {
      sources++;
      errs.push(...validateKeySelector(ref, path.child(key)));
    }
  }
  if (sources === 0) {
    errs.push(invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
  } else if (str(env.value)) {
    errs.push(invalid(path, "", "may not be specified when `value` is not empty"));
  } else if (sources > 1) {
    errs.push(invalid(path, "", "may not have more than one field specified at a time"));
  }
  return errs;
}

export function validateEnv(vars: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(vars).forEach((raw, i) => {
    const env = obj(raw) ?? {};
    const p = path.index(i);
    const name = str(env.name);
    if (!name) errs.push(required(p.child("name")));
    else errs.push(...isRelaxedEnvVarName(name).map((m) => invalid(p.child("name"), name, m)));
    errs.push(...validateValueFrom(env, p.child("valueFrom")));
  });
  return errs;
}

/** Errors about the number of sources are reported against the list's path, as upstream does. */
export function validateEnvFrom(sources: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(sources).forEach((raw, i) => {
    const source = obj(raw) ?? {};
    const p = path.index(i);
    const prefix = str(source.prefix);
    if (prefix) errs.push(...isRelaxedEnvVarName(prefix).map((m) => invalid(p.child("prefix"), prefix, m)));
    let count = 0;
    for (const key of ["configMapRef", "secretRef"]) {
      const ref = obj(source[key]);
      if (!ref) continue;
      count++;
      const name = str(ref.name);
      if (!name) errs.push(required(p.child(key).child("name")));
      else errs.push(...nameIsDNSSubdomain(name, true).map((m) => invalid(p.child(key).child("name"), name, m)));
    }
    if (count === 0) errs.push(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (count > 1) errs.push(invalid(path, "", "may not have more than one field specified at a time"));
  });
  return errs;
}
