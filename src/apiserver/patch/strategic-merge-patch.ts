// Strategic merge patch (application/strategic-merge-patch+json) as the apiserver applies it
// (apimachinery util/strategicpatch StrategicMergeMapPatch, server-side options: parallel lists
// are merged and unmatched nulls ignored). Maps merge recursively and null deletes a member; lists
// follow the field's x-kubernetes-patch-strategy / -merge-key from the schema (see _smp-list.ts);
// fields without a schema merge as maps and replace as lists.
//
// Directives: `$patch: replace|delete` in maps and merge-list elements, `$retainKeys`,
// `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`. As upstream, `$patch: merge`
// is rejected and a map holding `$patch` is dropped when its field is new. Where upstream would
// leave a directive key inside a value it copies verbatim (for the typed decoder to discard), we
// strip it, so directive keys never reach the result.
import { isPlainObject } from "../../api/meta.ts";
import { resolve } from "../../api/schema/schema.ts";
import type { Definitions, Schema } from "../../api/schema/schema.ts";
import { StatusError } from "../../api/status-error.ts";
import { jsonKind } from "./_go-format.ts";
import { mergeFailure } from "./_patch-errors.ts";
import { badArgType, badFormat, badPatchType } from "./_smp-errors.ts";
import { DIRECTIVE, elementKind, liveOrderAfterMerge, mergeList, orderList, validateElementOrder } from "./_smp-list.ts";
import type { JsonMap, ListMerge } from "./_smp-list.ts";

const RETAIN_KEYS = "$retainKeys";
const SET_ORDER = "$setElementOrder";
const DELETE_FROM_PRIMITIVE = "$deleteFromPrimitiveList";

/**
 * Applies `patch` (the parsed request body) to a copy of `doc`, a whole object of the kind whose
 * schema is `schema`. The inputs are never modified. Throws StatusError as the apiserver answers.
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, schema: Schema | undefined, defs: Definitions): unknown {
  // A JSON null decodes into a nil map, which merges nothing.
  if (patch === null) return structuredClone(doc);
  if (!isPlainObject(patch)) {
    throw StatusError.badRequest(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`);
  }
  const original = isPlainObject(doc) ? structuredClone(doc) : {};
  return mergeMap(original, structuredClone(patch), resolve(schema, defs), defs);
}

interface FieldMeta {
  /** The field's own schema, refs followed. */
  schema: Schema | undefined;
  /** The patch strategy without "retainKeys", which only matters when computing patches. */
  strategy: string;
  mergeKey: string;
}

function fieldMeta(parent: Schema | undefined, key: string, defs: Definitions): FieldMeta {
  const props = parent?.properties;
  const extra = parent?.additionalProperties;
  const prop = props && Object.hasOwn(props, key) ? props[key] : typeof extra === "object" ? extra : undefined;
  if (!prop) return { schema: undefined, strategy: "", mergeKey: "" };
  const schema = resolve(prop, defs);
  const strategies = prop["x-kubernetes-patch-strategy"] ?? schema?.["x-kubernetes-patch-strategy"];
  const mergeKey = prop["x-kubernetes-patch-merge-key"] ?? schema?.["x-kubernetes-patch-merge-key"] ?? "";
  return { schema, strategy: withoutRetainKeys(strategies), mergeKey };
}

function withoutRetainKeys(strategies: string | undefined): string {
  const parts = strategies ? strategies.split(",") : [];
  const others = parts.filter((p) => p !== "retainKeys");
  if (parts.length <= 1) return others[0] ?? "";
  if (parts.length === 2 && others.length === 1) return others[0];
  throw mergeFailure(`unexpected patch strategy: [${parts.join(" ")}]`);
}

function mergeMap(original: JsonMap, patch: JsonMap, schema: Schema | undefined, defs: Definitions): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE)) return mapDirective(patch);
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, schema, defs);
  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE)) {
      key = directiveTarget(patchKey, DELETE_FROM_PRIMITIVE, badFormat.primitiveList);
      isDeleteList = true;
    }
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    if (!Object.hasOwn(original, key)) {
      if (!isDeleteList) putNew(original, key, patchValue);
      continue;
    }
    const current = original[key];
    if (isPlainObject(current) && isPlainObject(patchValue)) {
      const meta = fieldMeta(schema, key, defs);
      const merged = meta.strategy === "replace" ? stripDirectiveKeys(patchValue) : mergeMap(current, patchValue, meta.schema, defs);
      setMember(original, key, merged);
    } else if (Array.isArray(current) && Array.isArray(patchValue)) {
      const meta = fieldMeta(schema, key, defs);
      const merged =
        meta.strategy === "merge" || isDeleteList
          ? mergeList(current, patchValue, listMerge(meta, defs), isDeleteList)
          : stripDirectiveKeys(patchValue);
      setMember(original, key, merged);
    } else if (!isDeleteList || sameScalarType(current, patchValue)) {
      putNew(original, key, patchValue);
    }
  }
  return original;
}

function listMerge(meta: FieldMeta, defs: Definitions): ListMerge {
  const items = resolve(meta.schema?.items, defs);
  return {
    mergeKey: meta.mergeKey,
    mergeElement: (original, patch) => mergeMap(original, patch, items, defs),
    insert: stripDirectiveKeys,
  };
}

function mapDirective(patch: JsonMap): JsonMap {
  const directive = patch[DIRECTIVE];
  if (directive === "replace") {
    delete patch[DIRECTIVE];
    return stripDirectiveKeys(patch);
  }
  if (directive === "delete") return {};
  throw badPatchType(directive, patch);
}

/** `$retainKeys`: drop live members not listed; every member the patch sets must be listed. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const listed = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(listed)) throw badFormat.retainKeys();
  const keep = new Set(listed);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE) || key.startsWith(SET_ORDER)) continue;
    if (!keep.has(key)) throw badFormat.retainKeys();
  }
  for (const key of Object.keys(original)) {
    if (!keep.has(key)) delete original[key];
  }
}

/** `$setElementOrder/<list>`: merges the list (if patched) and puts its items in the given order. */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, schema: Schema | undefined, defs: Definitions): void {
  for (const orderKey of Object.keys(patch)) {
    if (!orderKey.startsWith(SET_ORDER)) continue;
    const order = patch[orderKey];
    delete patch[orderKey];
    if (!Array.isArray(order)) throw badArgType("[]interface {}", order);
    const key = directiveTarget(orderKey, SET_ORDER, badFormat.setElementOrder);
    const inOriginal = Object.hasOwn(original, key);
    const inPatch = Object.hasOwn(patch, key);
    const originalList = inOriginal ? asList(original[key]) : [];
    const patchList = inPatch ? asList(patch[key]) : [];
    const meta = fieldMeta(schema, key, defs);
    validateElementOrder(patchList, order, meta.mergeKey);
    let merged: unknown[];
    let liveOrder = originalList;
    if (inOriginal && inPatch) {
      merged =
        meta.strategy === "merge"
          ? mergeList(originalList, patchList, listMerge(meta, defs), false)
          : stripDirectiveKeys(patchList);
      if (meta.strategy === "merge" && meta.mergeKey && elementKind(originalList, patchList) === "map") {
        liveOrder = liveOrderAfterMerge(originalList as JsonMap[], patchList, meta.mergeKey);
      }
    } else if (inPatch) {
      merged = withoutDirectives(patchList)[0] as unknown[];
    } else if (inOriginal) {
      merged = originalList;
    } else {
      continue;
    }
    const kind = elementKind(originalList, patchList);
    setMember(original, key, orderList(merged, order, liveOrder, meta.mergeKey, kind));
    delete patch[key];
  }
}

function asList(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw badArgType("[]interface {}", v);
  return v;
}

/** "$setElementOrder/containers" -> "containers". */
function directiveTarget(key: string, prefix: string, malformed: () => StatusError): string {
  const slash = key.indexOf("/");
  if (slash < 0 || key.slice(0, slash) !== prefix) throw malformed();
  return key.slice(slash + 1);
}

function sameScalarType(a: unknown, b: unknown): boolean {
  return typeof a === typeof b && typeof a !== "object";
}

/** How a value enters where the live object has none: nulls dropped, `$patch` maps removed. */
function putNew(obj: JsonMap, key: string, value: unknown): void {
  discardNulls(value);
  const [cleaned, keep] = withoutDirectives(value);
  if (keep) setMember(obj, key, cleaned);
  else delete obj[key];
}

function discardNulls(v: unknown): void {
  if (Array.isArray(v)) {
    for (const item of v) discardNulls(item);
  } else if (isPlainObject(v)) {
    for (const [key, item] of Object.entries(v)) {
      if (item === null) delete v[key];
      else discardNulls(item);
    }
  }
}

/** upstream removeDirectives: a map carrying `$patch` disappears; other directive keys are stripped. */
function withoutDirectives(v: unknown): [unknown, boolean] {
  if (Array.isArray(v)) {
    return [v.flatMap((item) => {
      const [cleaned, keep] = withoutDirectives(item);
      return keep ? [cleaned] : [];
    }), true];
  }
  if (!isPlainObject(v)) return [v, true];
  if (Object.hasOwn(v, DIRECTIVE)) return [undefined, false];
  for (const [key, item] of Object.entries(v)) {
    const [cleaned, keep] = isDirectiveKey(key) ? [undefined, false] : withoutDirectives(item);
    if (keep) setMember(v, key, cleaned);
    else delete v[key];
  }
  return [v, true];
}

function stripDirectiveKeys<T>(v: T): T {
  if (Array.isArray(v)) {
    for (const item of v) stripDirectiveKeys(item);
  } else if (isPlainObject(v)) {
    for (const [key, item] of Object.entries(v)) {
      if (key === DIRECTIVE || isDirectiveKey(key)) delete v[key];
      else stripDirectiveKeys(item);
    }
  }
  return v;
}

function isDirectiveKey(key: string): boolean {
  return key === RETAIN_KEYS || key.startsWith(SET_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE);
}

// Defined rather than assigned so that a member named "__proto__" stays an ordinary member.
function setMember(obj: JsonMap, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}
