// The JSON Go's encoding/json writes for a typed Kubernetes struct, re-marshalled through a generic
// map: what ControllerRevision data must equal byte for byte, because kubectl's `rollout undo`
// re-encodes the live template that way and compares bytes. Struct shapes come from the protobuf
// message tables, which record for every field whether Go holds it as a plain value (zero values
// omitted, nested structs always written), a pointer (written whenever set), a slice or a map.
import { isPlainObject } from "../../api/meta.ts";
import { canonicalQuantity } from "../../api/validation/quantity.ts";
import { isScalarType, isSpecialType, type FieldDescriptor, type MessageDescriptor } from "../../api/go-types/message-schema.ts";
import { messageNamed } from "../../api/go-types/messages.ts";

type JsonObject = Record<string, unknown>;

const isZeroScalar = (v: unknown): boolean => v === "" || v === 0 || v === false;

/** `value` as Go would write the struct named `message`; fields the table does not know are kept as they are. */
export function goTyped(value: unknown, message: string): JsonObject {
  return typedMessage(isPlainObject(value) ? value : {}, messageNamed(message));
}

function typedMessage(obj: JsonObject, message: MessageDescriptor): JsonObject {
  const out: JsonObject = {};
  const known = new Set<string>();
  writeFields(obj, message, out, known);
  for (const [key, v] of Object.entries(obj)) if (!known.has(key) && v !== undefined) out[key] = v;
  return out;
}

function writeFields(obj: JsonObject, message: MessageDescriptor, out: JsonObject, known: Set<string>): void {
  for (const f of message.fields) {
    if (f.shape === "inline") {
      writeFields(obj, messageNamed(f.type), out, known);
      continue;
    }
    known.add(f.jsonName);
    const v = typedField(obj[f.jsonName], f);
    if (v !== undefined) out[f.jsonName] = v;
  }
}

function typedField(v: unknown, f: FieldDescriptor): unknown {
  const present = v !== undefined && v !== null;
  switch (f.shape) {
    case "plain":
      if (isScalarType(f.type)) return present && !isZeroScalar(v) ? v : undefined;
      if (isSpecialType(f.type)) return plainSpecial(present ? v : undefined, f.type);
      return typedMessage(isPlainObject(v) ? v : {}, messageNamed(f.type));
    case "pointer":
      return present ? typedItem(v, f.type) : undefined;
    case "repeated":
      return Array.isArray(v) && v.length ? v.map((item) => typedItem(item, f.type)) : undefined;
    case "map":
      if (!isPlainObject(v) || !Object.keys(v).length) return undefined;
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, typedItem(item, f.type)]));
    default:
      return v;
  }
}

function typedItem(v: unknown, type: string): unknown {
  if (v === null || v === undefined || isScalarType(type)) return v;
  if (type === "Quantity") return canonicalQuantity(v) ?? v;
  if (isSpecialType(type)) return v;
  return isPlainObject(v) ? typedMessage(v, messageNamed(type)) : v;
}

/** Structs Go writes even when zero: a zero Time is null, a zero IntOrString 0, a zero Quantity "0". */
function plainSpecial(v: unknown, type: string): unknown {
  switch (type) {
    case "Time":
      return v === undefined || v === "" ? null : v;
    case "IntOrString":
      return v ?? 0;
    case "Quantity":
      return canonicalQuantity(v ?? "0") ?? v;
    default:
      return v;
  }
}

/** A copy with every object's keys in Go's map order (byte order), as json.Marshal of a map writes them. */
export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (!isPlainObject(v)) return v;
  const out: JsonObject = {};
  for (const key of Object.keys(v).sort(byteOrder)) if (v[key] !== undefined) out[key] = sortKeysDeep(v[key]);
  return out;
}

function byteOrder(a: string, b: string): number {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return Buffer.compare(x, y);
}

const goEscapes: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

const goString = (s: string): string => JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => goEscapes[c]);

/**
 * json.Marshal's bytes for a JSON value: keys in byte order, no whitespace, and HTML-sensitive
 * characters escaped as Go escapes them. Written by hand because JavaScript objects list
 * integer-like keys first whatever their insertion order.
 */
export function goJsonString(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((item) => (item === undefined ? "null" : goJsonString(item))).join(",")}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort(byteOrder);
    return `{${keys.map((k) => `${goString(k)}:${goJsonString(v[k])}`).join(",")}}`;
  }
  if (typeof v === "string") return goString(v);
  return JSON.stringify(v ?? null);
}
