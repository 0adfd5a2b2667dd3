// Our own description of Kubernetes' protobuf messages, written as a compact table:
//
//   Secret: ["1 metadata:ObjectMeta", "2 data:{}bytes", "3 type:string", "5 immutable:*bool"]
//
// Each entry is "<field number> <JSON name>:<shape><type>". The shape prefix says how the Go
// struct holds the field, which decides how zero values reach JSON:
//   (none) plain value: zero values are left out, like Go's omitempty;
//   *      pointer: kept whenever it is on the wire, even when zero (replicas: 0, immutable: false);
//   []     repeated;  {}  map from string keys;
//   ...    embedded struct whose fields sit in the parent's JSON object (Volume's VolumeSource).
// The type is a scalar, one of the special types below, or the name of another message.

export type ScalarType = "string" | "bytes" | "bool" | "int32" | "int64";

/** Messages with their own JSON form: Time is RFC 3339, Quantity and IntOrString are bare values, raw JSON stays JSON. */
export type SpecialType = "Time" | "Quantity" | "IntOrString" | "RawExtension" | "FieldsV1";

export type FieldShape = "plain" | "pointer" | "repeated" | "map" | "inline";

export interface FieldDescriptor {
  readonly number: number;
  readonly jsonName: string;
  readonly shape: FieldShape;
  readonly type: string;
}

export interface MessageDescriptor {
  readonly name: string;
  /** In field-number order, which is the order Go's marshaller writes them in. */
  readonly fields: readonly FieldDescriptor[];
  readonly byNumber: ReadonlyMap<number, FieldDescriptor>;
}

export type MessageTable = Record<string, readonly string[]>;

const SCALARS: ReadonlySet<string> = new Set<ScalarType>(["string", "bytes", "bool", "int32", "int64"]);
const SPECIALS: ReadonlySet<string> = new Set<SpecialType>(["Time", "Quantity", "IntOrString", "RawExtension", "FieldsV1"]);

export function isScalarType(type: string): type is ScalarType {
  return SCALARS.has(type);
}

export function isSpecialType(type: string): type is SpecialType {
  return SPECIALS.has(type);
}

const SHAPES: Record<string, FieldShape> = { "": "plain", "*": "pointer", "[]": "repeated", "{}": "map", "...": "inline" };
const FIELD_SYNTAX = /^(\d+) (\w+):(\*|\[\]|\{\}|\.\.\.)?(\w+)$/;

export function parseField(message: string, text: string): FieldDescriptor {
  const m = FIELD_SYNTAX.exec(text);
  if (!m) throw new Error(`message ${message}: cannot parse field "${text}"`);
  return { number: Number(m[1]), jsonName: m[2], shape: SHAPES[m[3] ?? ""], type: m[4] };
}

/**
 * Builds descriptors from one or more tables and checks they are complete: every message type a
 * field names must be defined, and field numbers must be unique within a message.
 */
export function buildMessages(...tables: MessageTable[]): ReadonlyMap<string, MessageDescriptor> {
  const messages = new Map<string, MessageDescriptor>();
  for (const table of tables) {
    for (const [name, entries] of Object.entries(table)) {
      if (messages.has(name)) throw new Error(`message ${name} is defined twice`);
      const fields = entries.map((e) => parseField(name, e)).sort((a, b) => a.number - b.number);
      const byNumber = new Map(fields.map((f) => [f.number, f]));
      if (byNumber.size !== fields.length) throw new Error(`message ${name} repeats a field number`);
      messages.set(name, { name, fields, byNumber });
    }
  }
  for (const message of messages.values()) {
    for (const f of message.fields) {
      if (isScalarType(f.type) || isSpecialType(f.type)) {
        if (f.shape === "inline") throw new Error(`${message.name}.${f.jsonName}: only messages can be inlined`);
      } else if (!messages.has(f.type)) {
        throw new Error(`${message.name}.${f.jsonName}: unknown message type ${f.type}`);
      }
    }
  }
  return messages;
}
