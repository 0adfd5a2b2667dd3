// Protobuf message bytes to the JSON form Go's encoding/json would give the decoded struct.
// Plain zero values are dropped (omitempty); pointers keep whatever the wire carried.
import { rfc3339 } from "../../api/meta.ts";
import { isScalarType, isSpecialType, type FieldDescriptor, type MessageDescriptor } from "../../api/go-types/message-schema.ts";
import { messageNamed } from "../../api/go-types/messages.ts";
import { ProtobufDecodeError, WireReader, WireType } from "./wire-reader.ts";

type JsonObject = Record<string, unknown>;

/** Go's zero time.Time: 0001-01-01T00:00:00Z. It stands for "unset" and is left out. */
const ZERO_TIME_SECONDS = -62135596800;
/** Go refuses to write times outside years 0..9999 as JSON. */
const MIN_TIME_SECONDS = -62167219200;
const MAX_TIME_SECONDS = 253402300799;

export function readMessage(reader: WireReader, message: MessageDescriptor, path: string): JsonObject {
  const target: JsonObject = {};
  readMessageInto(reader, message, target, path);
  return target;
}

// A message field seen twice merges into the first, as proto2 requires.
function readMessageInto(reader: WireReader, message: MessageDescriptor, target: JsonObject, path: string): void {
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    const f = message.byNumber.get(field);
    if (f === undefined) reader.skip(wireType);
    else readField(reader, f, wireType, target, f.shape === "inline" ? path : `${path}.${f.jsonName}`);
  }
}

function readField(reader: WireReader, f: FieldDescriptor, wireType: number, target: JsonObject, path: string): void {
  switch (f.shape) {
    case "repeated": {
      const list = Array.isArray(target[f.jsonName]) ? (target[f.jsonName] as unknown[]) : [];
      if (isPackable(f.type) && wireType === WireType.lengthDelimited) {
        const packed = reader.readMessage();
        while (!packed.done()) list.push(readValue(packed, f.type, WireType.varint, path) ?? null);
      } else {
        list.push(readValue(reader, f.type, wireType, path) ?? null);
      }
      target[f.jsonName] = list;
      return;
    }
    case "map": {
      expectWireType(wireType, WireType.lengthDelimited, path);
      const map = (target[f.jsonName] as JsonObject | undefined) ?? {};
      const [key, value] = readMapEntry(reader.readMessage(), f.type, path);
      // defineProperty, not assignment: a label named "__proto__" must stay an ordinary key.
      Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
      target[f.jsonName] = map;
      return;
    }
    case "inline":
      expectWireType(wireType, WireType.lengthDelimited, path);
      readMessageInto(reader.readMessage(), messageNamed(f.type), target, path);
      return;
    case "plain":
    case "pointer": {
      if (!isScalarType(f.type) && !isSpecialType(f.type)) {
        expectWireType(wireType, WireType.lengthDelimited, path);
        const existing = target[f.jsonName];
        const nested = typeof existing === "object" && existing !== null ? (existing as JsonObject) : {};
        readMessageInto(reader.readMessage(), messageNamed(f.type), nested, path);
        target[f.jsonName] = nested;
        return;
      }
      const value = readValue(reader, f.type, wireType, path);
      if (value === undefined || (f.shape === "plain" && isZero(f.type, value))) delete target[f.jsonName];
      else target[f.jsonName] = value;
      return;
    }
  }
}

function isPackable(type: string): boolean {
  return type === "int32" || type === "int64" || type === "bool";
}

// Raw JSON is kept as it came: a ControllerRevision's data may well be `false` or `0`.
function isZero(type: string, value: unknown): boolean {
  if (type === "RawExtension" || type === "FieldsV1") return false;
  return value === "" || value === 0 || value === false;
}

// Entries lacking a key or value get the zero value, as Go's decoder does.
function readMapEntry(entry: WireReader, type: string, path: string): [string, unknown] {
  let key = "";
  let value: unknown;
  while (!entry.done()) {
    const { field, wireType } = entry.readTag();
    if (field === 1) {
      expectWireType(wireType, WireType.lengthDelimited, path);
      key = entry.readString();
    } else if (field === 2) {
      value = readValue(entry, type, wireType, `${path}[value]`);
    } else {
      entry.skip(wireType);
    }
  }
  return [key, value ?? zeroValue(type)];
}

function zeroValue(type: string): unknown {
  switch (type) {
    case "string":
    case "bytes":
      return "";
    case "bool":
      return false;
    case "int32":
    case "int64":
    case "IntOrString":
      return 0;
    case "Quantity":
      return "0";
    case "Time":
    case "RawExtension":
    case "FieldsV1":
      return null;
    default:
      return {};
  }
}

/** One value of the field's type; undefined where Go's JSON would write null (zero times, empty raw JSON). */
function readValue(reader: WireReader, type: string, wireType: number, path: string): unknown {
  if (type === "bool" || type === "int32" || type === "int64") {
    expectWireType(wireType, WireType.varint, path);
    if (type === "bool") return reader.readBool();
    return type === "int32" ? reader.readInt32() : reader.readInt64();
  }
  expectWireType(wireType, WireType.lengthDelimited, path);
  switch (type) {
    case "string":
      return reader.readString();
    case "bytes":
      return Buffer.from(reader.readBytes()).toString("base64");
    case "Time":
      return readTime(reader.readMessage(), path);
    case "Quantity":
      return readQuantity(reader.readMessage(), path);
    case "IntOrString":
      return readIntOrString(reader.readMessage(), path);
    case "RawExtension":
    case "FieldsV1":
      return readRawJson(reader.readMessage(), path);
    default:
      return readMessage(reader.readMessage(), messageNamed(type), path);
  }
}

function readTime(r: WireReader, path: string): string | undefined {
  let seconds = 0;
  let empty = true;
  while (!r.done()) {
    empty = false;
    const { field, wireType } = r.readTag();
    if (field === 1) {
      expectWireType(wireType, WireType.varint, path);
      seconds = r.readInt64();
    } else {
      r.skip(wireType); // nanos: Kubernetes keeps whole seconds only
    }
  }
  if (empty || seconds === ZERO_TIME_SECONDS) return undefined;
  if (seconds < MIN_TIME_SECONDS || seconds > MAX_TIME_SECONDS) {
    throw new ProtobufDecodeError(`${path}: time ${seconds}s is outside years 0 to 9999`);
  }
  return rfc3339(new Date(seconds * 1000));
}

function readQuantity(r: WireReader, path: string): string {
  let text = "";
  while (!r.done()) {
    const { field, wireType } = r.readTag();
    if (field === 1) {
      expectWireType(wireType, WireType.lengthDelimited, path);
      text = r.readString();
    } else {
      r.skip(wireType);
    }
  }
  return text;
}

function readIntOrString(r: WireReader, path: string): number | string {
  let kind = 0;
  let intVal = 0;
  let strVal = "";
  while (!r.done()) {
    const { field, wireType } = r.readTag();
    if (field === 1 || field === 2) {
      expectWireType(wireType, WireType.varint, path);
      if (field === 1) kind = r.readInt64();
      else intVal = r.readInt32();
    } else if (field === 3) {
      expectWireType(wireType, WireType.lengthDelimited, path);
      strVal = r.readString();
    } else {
      r.skip(wireType);
    }
  }
  if (kind === 0) return intVal;
  if (kind === 1) return strVal;
  throw new ProtobufDecodeError(`${path}: IntOrString type ${kind} is neither 0 (int) nor 1 (string)`);
}

function readRawJson(r: WireReader, path: string): unknown {
  let raw: Uint8Array = new Uint8Array(0);
  while (!r.done()) {
    const { field, wireType } = r.readTag();
    if (field === 1) {
      expectWireType(wireType, WireType.lengthDelimited, path);
      raw = r.readBytes();
    } else {
      r.skip(wireType);
    }
  }
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(raw).toString("utf8"));
  } catch {
    throw new ProtobufDecodeError(`${path}: raw value is not JSON`);
  }
}

function expectWireType(actual: number, expected: number, path: string): void {
  if (actual !== expected) throw new ProtobufDecodeError(`${path}: wire type ${actual}, expected ${expected}`);
}
