// Tolerant readers over decoded JSON. Objects reach validation after strict decoding, but a field may
// still be absent or null, and validation must report it rather than throw.
import { isPlainObject } from "../meta.ts";

export type JsonObject = Record<string, unknown>;

/** The value as an object, or undefined when it is absent or not an object. */
export const obj = (v: unknown): JsonObject | undefined => (isPlainObject(v) ? v : undefined);

/** The value as an array; absent or non-array values read as empty. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The value as a string; absent or non-string values read as "" (Go's zero value). */
export const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** A string map (labels, selectors, data); non-string values are skipped. */
export function strMap(v: unknown): Record<string, string> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) if (typeof val === "string") out[k] = val;
  return out;
}

/** The child object at `key`, created when absent. */
export function child(parent: JsonObject, key: string): JsonObject {
  const existing = obj(parent[key]);
  if (existing) return existing;
  const made: JsonObject = {};
  parent[key] = made;
  return made;
}

/** Array items that are objects, with their original indices. */
export function objects(v: unknown): Array<[JsonObject, number]> {
  const out: Array<[JsonObject, number]> = [];
  arr(v).forEach((item, i) => {
    const o = obj(item);
    if (o) out.push([o, i]);
  });
  return out;
}

/** Absent, null, or a list or map holding nothing but such values. */
function isEmptyContainer(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.values(v).every(isEmptyContainer);
}

const isZero = (v: unknown): boolean => v === "" || v === 0 || v === false || isEmptyContainer(v);

/**
 * apimachinery's Semantic.DeepEqual over JSON: nil and empty slices and maps compare equal. Without
 * type information an absent field also equals a scalar zero value ("", 0, false), as a Go struct
 * field that is not a pointer would; a map holding {"app": ""} is not empty.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isZero(a) && isZero(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => semanticEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}
