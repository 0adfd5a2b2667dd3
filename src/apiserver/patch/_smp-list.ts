// List merging for strategic merge patch (apimachinery strategicpatch mergeSlice and its ordering
// helpers). Merge lists of objects are matched on their merge key, lists of scalars behave as
// ordered sets, and the result order follows upstream's best effort: patch items in patch order
// interleaved with server-only items in their live order. A patch item that is new to the list
// is placed before the remaining server-only items, so without $setElementOrder new items come
// first, exactly as on a real cluster.
import { isPlainObject } from "../../api/meta.ts";
import { goValue } from "./_go-format.ts";
import { mergeFailure, rejectedPatch } from "./_patch-errors.ts";
import { badArgType, badPatchType, noMergeKey } from "./_smp-errors.ts";

export type JsonMap = Record<string, unknown>;
type ElementKind = "map" | "scalar";

export const DIRECTIVE = "$patch";

export interface ListMerge {
  mergeKey: string;
  /** Merges a patch element into the live element with the same key (a recursive map merge). */
  mergeElement(original: JsonMap, patch: JsonMap): JsonMap;
  /** Cleans a patch element that is added as it is. */
  insert(element: unknown): unknown;
}

/** mergeSlice: both lists are private copies and may be reused in the result. */
export function mergeList(original: unknown[], patch: unknown[], opts: ListMerge, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  const { mergeKey } = opts;
  let merged: unknown[];
  if (kind === "scalar") {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    merged = [...new Set([...original, ...patch])];
  } else {
    if (!mergeKey) throw mergeFailure("cannot merge lists without merge key for struct");
    [original, patch] = applySpecialElements(original as JsonMap[], patch as JsonMap[], mergeKey);
    merged = mergeByKey(original as JsonMap[], patch as JsonMap[], opts);
  }
  const [patchItems, serverOnly] = partition(merged, patch, mergeKey);
  const ordered = normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, kind);
  // Elements a `$patch: replace` put in place are still raw; clean them only now so that error
  // texts above show them as upstream does.
  return kind === "map" ? ordered.map(opts.insert) : ordered;
}

/** Orders `merged` by `order` ($setElementOrder): listed items in that order, the rest where they were. */
export function orderList(merged: unknown[], order: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  const [patchItems, serverOnly] = partition(merged, order, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, order, serverOrder, mergeKey, kind);
}

/**
 * The live order upstream compares against when it applies $setElementOrder after merging a list of
 * objects. Upstream deletes `$patch: delete` elements by shifting the live list's backing array in
 * place and appends new elements into the slots that frees, so the "live order" it then consults
 * is the list after deletions, with new elements in the freed tail slots and stale copies after
 * them. This decides where server-only elements (say an injected sidecar) land when kubectl apply
 * deletes one container and adds another. (Assumes the live list has no spare capacity, which is
 * the case for objects the apiserver reads through its watch cache.)
 */
export function liveOrderAfterMerge(original: JsonMap[], patch: unknown[], mergeKey: string): unknown[] {
  const backing: unknown[] = [...original];
  let length = backing.length;
  let replaced = false;
  const plain: JsonMap[] = [];
  for (const item of patch as JsonMap[]) {
    if (item[DIRECTIVE] === "replace") replaced = true;
    if (item[DIRECTIVE] !== "delete") {
      if (!Object.hasOwn(item, DIRECTIVE)) plain.push(item);
      continue;
    }
    for (;;) {
      const i = backing.slice(0, length).findIndex((el) => hasKeyValue(el as JsonMap, mergeKey, item[mergeKey]));
      if (i < 0) break;
      backing.copyWithin(i, i + 1, length);
      length--;
    }
  }
  if (replaced) return backing;
  const merged = backing.slice(0, length) as JsonMap[];
  for (const item of plain) {
    if (merged.some((el) => hasKeyValue(el, mergeKey, item[mergeKey]))) continue;
    if (merged.length < backing.length) backing[merged.length] = item;
    merged.push(item);
  }
  return backing;
}

/** sliceElementType: every element of every list has the same JSON type, and none is a list. */
export function elementKind(...lists: unknown[][]): ElementKind {
  let first: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
      if (first === undefined) {
        if (t === "array") throw rejectedPatch("lists of lists are not supported");
        first = t;
      } else if (t !== first) {
        throw mergeFailure(`list element types are not identical: ${goValue(lists)}`);
      }
    }
  }
  if (first === undefined) throw mergeFailure("no elements in any of the given slices");
  return first === "object" ? "map" : "scalar";
}

/**
 * validatePatchWithSetOrderList: the patch items (deletions aside) must appear in $setElementOrder,
 * in the same relative order.
 */
export function validateElementOrder(patch: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patch.length === 0) return;
  const kept = mergeKey ? splitDeletions(patch)[0] : patch;
  let p = 0;
  let o = 0;
  while (p < kept.length && o < order.length) {
    if (isPlainObject(kept[p]) && Object.hasOwn(kept[p] as JsonMap, DIRECTIVE)) {
      p++;
      continue;
    }
    if (sameKey(kept[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < kept.length && o >= order.length) {
    throw mergeFailure(
      `The order in patch list:\n${goValue(patch)}\n doesn't match $setElementOrder list:\n${goValue(order)}\n`,
    );
  }
}

function sameKey(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isPlainObject(left)) throw badArgType("map[string]interface {}", left);
  if (!isPlainObject(right)) throw badArgType("map[string]interface {}", right);
  if (!Object.hasOwn(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/** Handles `$patch` elements; returns the (possibly reduced or replaced) original and the plain patch items. */
function applySpecialElements(original: JsonMap[], patch: JsonMap[], mergeKey: string): [JsonMap[], JsonMap[]] {
  const plain: JsonMap[] = [];
  let replace = false;
  for (const item of patch) {
    if (!Object.hasOwn(item, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    switch (item[DIRECTIVE]) {
      case "delete":
        if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
        original = original.filter((el) => !hasKeyValue(el, mergeKey, item[mergeKey]));
        break;
      case "replace":
        replace = true;
        break;
      case "merge":
        throw mergeFailure("merging lists cannot yet be specified in the patch");
      default:
        throw badPatchType(item[DIRECTIVE], item);
    }
  }
  return replace ? [plain, []] : [original, plain];
}

function mergeByKey(original: JsonMap[], patch: JsonMap[], opts: ListMerge): unknown[] {
  const merged: JsonMap[] = [...original];
  for (const item of patch) {
    if (!Object.hasOwn(item, opts.mergeKey)) throw noMergeKey(item, opts.mergeKey);
    const idx = findByKey(merged, opts.mergeKey, item[opts.mergeKey]);
    if (idx >= 0) merged[idx] = opts.mergeElement(merged[idx], item);
    else merged.push(opts.insert(item) as JsonMap);
  }
  return merged;
}

function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  return list.findIndex((el, i) => {
    if (!isPlainObject(el)) throw mergeFailure(`value for key ${i} is not a map`);
    return hasKeyValue(el, mergeKey, value);
  });
}

function hasKeyValue(el: JsonMap, key: string, value: unknown): boolean {
  return Object.hasOwn(el, key) && el[key] === value;
}

/** Splits `merged` into the items present in `by` and the server-only rest, keeping their order. */
function partition(merged: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of merged) {
    let present: boolean;
    if (mergeKey) {
      if (!isPlainObject(v)) throw badArgType("map[string]interface {}", v);
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
      present = findByKey(by, mergeKey, v[mergeKey]) >= 0;
    } else {
      present = by.includes(v);
    }
    (present ? inBy : rest).push(v);
  }
  return [inBy, rest];
}

function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const sortedPatch = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const sortedServer = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSorted(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

function sortByOrder(items: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let deletions: unknown[] = [];
  if (kind === "map") {
    for (const v of [...items, ...order]) {
      if (!isPlainObject(v)) throw badArgType("map[string]interface {}", v);
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
    }
    [items, deletions] = splitDeletions(items);
  }
  const rank = (v: unknown) => indexIn(order, v, mergeKey, kind);
  const sorted = items.map((v, i) => ({ v, i, r: rank(v) }));
  sorted.sort((a, b) => (a.r >= 0 && b.r >= 0 ? a.r - b.r : 0) || a.i - b.i);
  return [...sorted.map((x) => x.v), ...deletions];
}

/** Interleaves two ordered lists: a server-only item goes first only when the live order puts it first. */
function mergeSorted(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}

function indexIn(list: unknown[], value: unknown, mergeKey: string, kind: ElementKind): number {
  if (kind !== "map") return list.indexOf(value);
  const keyOf = (v: unknown) => (isPlainObject(v) && Object.hasOwn(v, mergeKey) ? v[mergeKey] : null);
  const wanted = keyOf(value);
  return list.findIndex((v) => keyOf(v) === wanted);
}

function splitDeletions(list: unknown[]): [unknown[], unknown[]] {
  const kept: unknown[] = [];
  const deletions: unknown[] = [];
  for (const v of list) {
    if (!isPlainObject(v)) throw badArgType("map[string]interface {}", v);
    (v[DIRECTIVE] === "delete" ? deletions : kept).push(v);
  }
  return [kept, deletions];
}
