// RFC 6902 JSON Patch with the behaviour of the library the apiserver uses for
// application/json-patch+json (gopkg.in/evanphx/json-patch.v4, v4.12.0), quirks included:
// - a body that is not an array of objects is 400 BadRequest with encoding/json's message, a JSON
//   `null` body is an empty patch, and more than 10000 operations is 413;
// - every failure while applying (unknown op, missing path, failed `test`, bad index) is the generic
//   422 Invalid "the server rejected our request due to an error in our request" with empty details;
// - `replace` of a missing object member adds it; `copy` from a missing member copies null;
// - `test` of a missing member passes when the expected value is null;
// - negative array indices count from the end; `add` without a value adds null;
// - a path without a leading "/" ignores its first segment.
// Values are compared as parsed JSON, so 1 and 1.0 are equal here (Go compares their text).
import { isDeepStrictEqual } from "node:util";
import { isPlainObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import { jsonKind } from "./_go-format.ts";
import { rejectedPatch } from "./_patch-errors.ts";

const MAX_OPERATIONS = 10000;

type JsonObject = Record<string, unknown>;
type Container = JsonObject | unknown[];
type Operation = JsonObject | null;

/** Applies `ops` (the parsed request body) to a copy of `doc`; the inputs are never modified. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (ops === null) return structuredClone(doc);
  if (!Array.isArray(ops)) throw notDecodable(ops, "jsonpatch.Patch");
  for (const op of ops) {
    if (op !== null && !isPlainObject(op)) throw notDecodable(op, "jsonpatch.Operation");
  }
  if (ops.length > MAX_OPERATIONS) {
    throw StatusError.tooLarge(
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`,
    );
  }
  if (!isContainer(doc)) throw rejectedPatch("the document is not a JSON object or array");
  const state = { root: structuredClone(doc) as Container };
  for (const op of ops as Operation[]) applyOperation(state, op);
  return state.root;
}

function notDecodable(v: unknown, goType: string): StatusError {
  return StatusError.badRequest(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`);
}

function applyOperation(state: { root: Container }, op: Operation): void {
  const kind = typeof op?.op === "string" ? op.op : "unknown";
  switch (kind) {
    case "add": {
      const [con, key] = locate(state.root, pathOf(op, kind), `add operation does not apply: doc is missing path`);
      return insert(con, key, clone(valueOf(op) ?? null), "add");
    }
    case "remove": {
      const [con, key] = locate(state.root, pathOf(op, kind), `remove operation does not apply: doc is missing path`);
      return removeMember(con, key, "remove");
    }
    case "replace": {
      const path = pathOf(op, kind);
      if (path === "") {
        const value = valueOf(op);
        if (!isContainer(value)) throw rejectedPatch("replace operation value must be object or array");
        state.root = clone(value);
        return;
      }
      const [con, key] = locate(state.root, path, "replace operation does not apply: doc is missing path");
      read(con, key, "replace");
      return write(con, key, clone(valueOf(op) ?? null));
    }
    case "move": {
      const from = fromOf(op, kind);
      const [src, srcKey] = locate(state.root, from, "move operation does not apply: doc is missing from path");
      const value = read(src, srcKey, "move");
      removeMember(src, srcKey, "move");
      const [dst, dstKey] = locate(state.root, pathOf(op, kind), "move operation does not apply: doc is missing destination path");
      return insert(dst, dstKey, value ?? null, "move");
    }
    case "copy": {
      const from = fromOf(op, kind);
      const [src, srcKey] = locate(state.root, from, "copy operation does not apply: doc is missing from path");
      const value = read(src, srcKey, "copy");
      const [dst, dstKey] = locate(state.root, pathOf(op, kind), "copy operation does not apply: doc is missing destination path");
      return insert(dst, dstKey, clone(value ?? null), "copy");
    }
    case "test":
      return test(state.root, op, pathOf(op, kind));
    default:
      throw rejectedPatch(`Unexpected kind: ${kind}`);
  }
}

function test(root: Container, op: Operation, path: string): void {
  const expected = valueOf(op);
  let actual: unknown = root;
  if (path !== "") {
    const [con, key] = locate(root, path, "test operation does not apply: is missing path");
    actual = read(con, key, "test");
  }
  // A missing member and a JSON null are the same to the library, and equal to an explicit null.
  if (actual === undefined || actual === null) {
    if (expected === null) return;
  } else if (expected !== undefined && isDeepStrictEqual(actual, expected)) {
    return;
  }
  throw rejectedPatch(`testing value ${path} failed: test failed`);
}

function pathOf(op: Operation, kind: string): string {
  const path = op?.path;
  if (path === undefined || path === null) throw rejectedPatch(`${kind} operation failed to decode path: operation missing path field`);
  if (typeof path !== "string") throw rejectedPatch(`${kind} operation failed to decode path`);
  return path;
}

function fromOf(op: Operation, kind: string): string {
  const from = op?.from;
  if (from === undefined || from === null) throw rejectedPatch(`${kind} operation failed to decode from: operation, missing from field`);
  if (typeof from !== "string") throw rejectedPatch(`${kind} operation failed to decode from`);
  return from;
}

/** The operation's value; undefined when the member is absent (null is a value). */
function valueOf(op: Operation): unknown {
  return op !== null && Object.hasOwn(op, "value") ? op.value : undefined;
}

/** Walks to the parent of the last path segment. Every segment but the last must exist. */
function locate(root: Container, path: string, missing: string): [Container, string] {
  const segments = path.split("/");
  if (segments.length < 2) throw rejectedPatch(`${missing}: "${path}": missing value`);
  let con = root;
  for (const raw of segments.slice(1, -1)) {
    let next: unknown;
    try {
      next = read(con, unescape(raw), "walk");
    } catch {
      next = undefined;
    }
    if (!isContainer(next)) throw rejectedPatch(`${missing}: "${path}": missing value`);
    con = next;
  }
  return [con, unescape(segments[segments.length - 1])];
}

function unescape(segment: string): string {
  return segment.replace(/~[01]/g, (m) => (m === "~1" ? "/" : "~"));
}

/** Go's strconv.Atoi: optional sign, decimal digits. */
function arrayIndex(key: string, what: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw rejectedPatch(`${what}: strconv.Atoi: parsing "${key}": invalid syntax`);
  return Number(key);
}

function invalidIndex(what: string, idx: number): StatusError {
  return rejectedPatch(`${what}: Unable to access invalid index: ${idx}: invalid index referenced`);
}

/** The member's value, or undefined for a missing object member; arrays reject bad indices. */
function read(con: Container, key: string, what: string): unknown {
  if (!Array.isArray(con)) return Object.hasOwn(con, key) ? con[key] : undefined;
  return con[resolveIndex(con, key, what)];
}

function resolveIndex(con: unknown[], key: string, what: string): number {
  let idx = arrayIndex(key, what);
  if (idx < 0) {
    if (idx < -con.length) throw invalidIndex(what, idx);
    idx += con.length;
  }
  if (idx >= con.length) throw invalidIndex(what, idx);
  return idx;
}

function write(con: Container, key: string, value: unknown): void {
  if (Array.isArray(con)) con[resolveIndex(con, key, "replace")] = value;
  else setMember(con, key, value);
}

function insert(con: Container, key: string, value: unknown, what: string): void {
  if (!Array.isArray(con)) return setMember(con, key, value);
  if (key === "-") {
    con.push(value);
    return;
  }
  let idx = arrayIndex(key, `error in ${what}: value was not a proper array index: '${key}'`);
  const size = con.length + 1;
  if (idx >= size || idx < -size) throw invalidIndex(`error in ${what}`, idx);
  if (idx < 0) idx += size;
  con.splice(idx, 0, value);
}

function removeMember(con: Container, key: string, what: string): void {
  if (Array.isArray(con)) {
    con.splice(resolveIndex(con, key, `error in ${what}`), 1);
    return;
  }
  if (!Object.hasOwn(con, key)) {
    throw rejectedPatch(`error in ${what}: Unable to remove nonexistent key: ${key}: missing value`);
  }
  delete con[key];
}

// Defined rather than assigned so that a member named "__proto__" stays an ordinary member.
function setMember(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

function isContainer(v: unknown): v is Container {
  return Array.isArray(v) || isPlainObject(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}
