// Relative paths inside volumes (items, subPath, downward API files): never absolute, never "..".
import type { FieldError, FieldPath } from "../field-error.ts";
import { invalid, required } from "../validation/field-errors.ts";
import { str, type JsonObject } from "../validation/json-access.ts";

export const fileModeErrorMsg = "must be a number between 0 and 0777 (octal), both inclusive";

export function validatePathNoBacksteps(target: string, path: FieldPath): FieldError[] {
  return target.split("/").includes("..") ? [invalid(path, target, "must not contain '..'")] : [];
}

export function validateLocalDescendingPath(target: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith("/")) errs.push(invalid(path, target, "must be a relative path"));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

export function validateLocalNonReservedPath(target: string, path: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith("..") && !target.startsWith("../")) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

export function validateKeyToPath(item: JsonObject, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(item.key)) errs.push(required(path.child("key")));
  if (!str(item.path)) errs.push(required(path.child("path")));
  errs.push(...validateLocalNonReservedPath(str(item.path), path.child("path")));
  const mode = item.mode;
  if (typeof mode === "number" && (mode < 0 || mode > 0o777)) errs.push(invalid(path.child("mode"), mode, fileModeErrorMsg));
  return errs;
}
