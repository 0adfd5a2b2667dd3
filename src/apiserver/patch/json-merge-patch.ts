// RFC 7386 JSON Merge Patch as the apiserver applies application/merge-patch+json (through
// gopkg.in/evanphx/json-patch.v4 MergePatch). Differences from the RFC text, all upstream's:
// - a `null`, string, number or boolean patch is 400 BadRequest "Invalid JSON Patch";
// - an array patch replaces the document (the caller's decoding then rejects it for a kind);
// - null members are dropped from objects the patch inserts, also inside arrays, except when an
//   array replaces an existing object, which is taken verbatim.
import { isPlainObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import { mergeFailure } from "./_patch-errors.ts";

type JsonObject = Record<string, unknown>;

/** Merges `patch` into a copy of `doc`; the inputs are never modified. */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return withoutNulls(structuredClone(patch));
  if (!isPlainObject(patch)) throw StatusError.badRequest("Invalid JSON Patch");
  if (!isPlainObject(doc)) throw mergeFailure("Invalid JSON Document");
  return mergeObjects(structuredClone(doc), structuredClone(patch));
}

function mergeObjects(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete target[key];
      continue;
    }
    const current = Object.hasOwn(target, key) ? target[key] : null;
    let merged: unknown;
    if (current === null || !isPlainObject(current)) merged = withoutNulls(value);
    else merged = isPlainObject(value) ? mergeObjects(current, value) : value;
    Object.defineProperty(target, key, { value: merged, writable: true, enumerable: true, configurable: true });
  }
  return target;
}

/** Removes null members from objects at any depth; null array elements stay. */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) {
    for (const item of value) withoutNulls(item);
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else withoutNulls(item);
    }
  }
  return value;
}
