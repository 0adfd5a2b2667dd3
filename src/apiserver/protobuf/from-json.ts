// JSON objects to protobuf message bytes: the inverse of to-json.ts. Fields go out in number
// order and map entries in key order, so the same object always gives the same bytes.
import type { MessageDescriptor } from "../../api/go-types/message-schema.ts";
import { messageNamed } from "../../api/go-types/messages.ts";
import { WireWriter } from "./wire-writer.ts";

type JsonObject = Record<string, unknown>;

export class ProtobufEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufEncodeError";
  }
}

export function writeMessage(w: WireWriter, message: MessageDescriptor, obj: JsonObject, path: string): void {
  const known = jsonNamesOf(message);
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) throw new ProtobufEncodeError(`${path}.${key} has no protobuf field`);
  }
  writeFields(w, message, obj, path);
}

function writeFields(w: WireWriter, message: MessageDescriptor, obj: JsonObject, path: string): void {
  for (const f of message.fields) {
    if (f.shape === "inline") {
      // Go writes embedded structs even when empty; the reader merges them back into the parent.
      w.messageField(f.number, (inner) => writeFields(inner, messageNamed(f.type), obj, path));
      continue;
    }
    const value = obj[f.jsonName];
    const at = `${path}.${f.jsonName}`;
    if (value === undefined || value === null) continue;
    if (f.shape === "repeated") {
      if (!Array.isArray(value)) throw new ProtobufEncodeError(`${at} must be an array`);
      for (const item of value) writeValue(w, f.number, f.type, item, at);
    } else if (f.shape === "map") {
      for (const [key, item] of Object.entries(asObject(value, at)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        w.messageField(f.number, (entry) => {
          entry.stringField(1, key);
          writeValue(entry, 2, f.type, item, `${at}[${key}]`);
        });
      }
    } else {
      writeValue(w, f.number, f.type, value, at);
    }
  }
}

function writeValue(w: WireWriter, field: number, type: string, value: unknown, path: string): void {
  switch (type) {
    case "string":
      w.stringField(field, expect(value, "string", path));
      return;
    case "bytes":
      w.bytesField(field, Buffer.from(expect(value, "string", path), "base64"));
      return;
    case "bool":
      w.varintField(field, expect(value, "boolean", path));
      return;
    case "int32":
    case "int64":
      w.varintField(field, integer(value, type, path));
      return;
    case "Time": {
      const ms = Date.parse(expect(value, "string", path));
      if (Number.isNaN(ms)) throw new ProtobufEncodeError(`${path}: ${String(value)} is not an RFC 3339 time`);
      w.messageField(field, (t) => t.varintField(1, Math.floor(ms / 1000)).varintField(2, 0));
      return;
    }
    case "Quantity": {
      const text = typeof value === "number" ? String(value) : expect(value, "string", path);
      w.messageField(field, (q) => q.stringField(1, text));
      return;
    }
    case "IntOrString":
      if (typeof value === "number") {
        const n = integer(value, "int32", path);
        w.messageField(field, (v) => v.varintField(1, 0).varintField(2, n).stringField(3, ""));
      } else {
        const s = expect(value, "string", path);
        w.messageField(field, (v) => v.varintField(1, 1).varintField(2, 0).stringField(3, s));
      }
      return;
    case "RawExtension":
    case "FieldsV1":
      w.messageField(field, (raw) => raw.bytesField(1, Buffer.from(JSON.stringify(value), "utf8")));
      return;
    default:
      w.messageField(field, (inner) => writeMessage(inner, messageNamed(type), asObject(value, path), path));
  }
}

const namesCache = new WeakMap<MessageDescriptor, ReadonlySet<string>>();

/** The JSON keys a message owns, including those of structs embedded in it. */
function jsonNamesOf(message: MessageDescriptor): ReadonlySet<string> {
  let names = namesCache.get(message);
  if (!names) {
    const set = new Set<string>();
    for (const f of message.fields) {
      if (f.shape === "inline") for (const n of jsonNamesOf(messageNamed(f.type))) set.add(n);
      else set.add(f.jsonName);
    }
    names = set;
    namesCache.set(message, names);
  }
  return names;
}

function expect<T extends "string" | "boolean">(value: unknown, type: T, path: string): T extends "string" ? string : boolean {
  if (typeof value !== type) throw new ProtobufEncodeError(`${path} must be a ${type}, got ${JSON.stringify(value)}`);
  return value as T extends "string" ? string : boolean;
}

function integer(value: unknown, type: "int32" | "int64", path: string): number {
  const ok = typeof value === "number" && Number.isSafeInteger(value) &&
    (type === "int64" || (value >= -(2 ** 31) && value < 2 ** 31));
  if (!ok) throw new ProtobufEncodeError(`${path} must be an ${type}, got ${JSON.stringify(value)}`);
  return value as number;
}

function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProtobufEncodeError(`${path} must be an object`);
  }
  return value as JsonObject;
}
