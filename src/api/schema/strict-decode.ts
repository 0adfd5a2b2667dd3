// Decodes a request body against a kind's schema the way the apiserver's strict JSON decoder
// (sigs.k8s.io/json UnmarshalStrict into the Go type) does, and reports what it would report:
// - unknown fields, as paths like "spec.template.spec.containers[0].bogus" (at most 100);
// - type mismatches, as encoding/json words them: "json: cannot unmarshal string into Go struct field
//   StatefulSetSpec.spec.replicas of type int32" (the struct is the innermost Go type holding the field,
//   the field path has no list indices);
// - the errors of the custom decoders of Quantity, IntOrString, Time and []byte (base64).
// Go keeps the first type error and keeps going, except that a custom decoder's error ends decoding
// at once and wins; typeErrors lists the winner first. Unknown fields only matter when there is no
// type error. Nulls decode to zero values: dropped from objects, zero-valued in lists and maps.
import { isPlainObject } from "../meta.ts";
import { refName, resolve, s as build } from "./schema.ts";
import type { Definitions, Schema } from "./schema.ts";

export interface StrictDecodeResult {
  /** A copy of the input without unknown fields and nulls; meaningful only when typeErrors is empty. */
  value: Record<string, unknown>;
  unknownFields: string[];
  /** Type errors; the first is the one upstream reports. */
  typeErrors: string[];
}

export function decodeStrict(obj: unknown, definition: string, defs: Definitions): StrictDecodeResult {
  if (!defs[definition]) throw new Error(`bug: no schema definition named ${definition}`);
  const decoder = new Decoder(defs);
  let value: unknown;
  try {
    value = obj === null ? {} : decoder.walk(obj, build.ref(definition), { path: "", fields: [], struct: "" });
  } catch (e) {
    if (!(e instanceof FatalDecodeError)) throw e;
    decoder.typeErrors.unshift(e.message);
  }
  return { value: isPlainObject(value) ? value : {}, unknownFields: [...decoder.unknown], typeErrors: decoder.typeErrors };
}

/** The warning for one unknown field (fieldValidation=Warn): `unknown field "spec.foo"`. */
export function unknownFieldWarning(field: string): string {
  return `unknown field ${goQuote(field)}`;
}

/** The error for unknown fields (fieldValidation=Strict): `strict decoding error: unknown field "a", unknown field "b"`. */
export function unknownFieldsMessage(fields: readonly string[]): string {
  return `strict decoding error: ${fields.map(unknownFieldWarning).join(", ")}`;
}

/** The 400 message wrapping a decoding error on create/update: `StatefulSet in version "v1" cannot be handled as a StatefulSet: ...`. */
export function cannotHandleMessage(kind: string, version: string, reason: string): string {
  return `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${reason}`;
}

const MAX_UNKNOWN_FIELDS = 100;
const DROP = Symbol("drop");

interface Context {
  /** Strict-decoding path: "spec.containers[0].name". */
  path: string;
  /** encoding/json's field stack: struct field names only. */
  fields: readonly string[];
  /** Name of the innermost struct type entered, "" at the top. */
  struct: string;
}

class FatalDecodeError extends Error {}

class Decoder {
  readonly unknown = new Set<string>();
  readonly typeErrors: string[] = [];
  readonly #defs: Definitions;
  constructor(defs: Definitions) {
    this.#defs = defs;
  }

  walk(v: unknown, schema: Schema | undefined, ctx: Context): unknown {
    const s = resolve(schema, this.#defs);
    if (!s || s["x-kubernetes-preserve-unknown-fields"]) return structuredClone(v);
    if (s["x-kubernetes-int-or-string"] || s.format === "int-or-string") return intOrString(v, ctx);
    if (s.format === "quantity") return quantity(v);
    if (s.type === "string" && s.format === "date-time") return time(v, ctx);
    switch (s.type ?? (s.properties || s.additionalProperties ? "object" : undefined)) {
      case "string":
        if (s.format === "byte" && Array.isArray(v)) return this.#byteArray(v, ctx);
        if (typeof v !== "string") return this.#mismatch(jsonKind(v), goType(schema, this.#defs), ctx);
        if (s.format === "byte") {
          const bad = base64ErrorOffset(v);
          if (bad !== undefined) return this.#saved(`illegal base64 data at input byte ${bad}`);
        }
        return v;
      case "integer": {
        const goInt = s.format === "int32" ? "int32" : "int64";
        if (typeof v !== "number") return this.#mismatch(jsonKind(v), goInt, ctx);
        return fitsInt(v, goInt) ? v : this.#mismatch(`number ${v}`, goInt, ctx);
      }
      case "number":
        return typeof v === "number" ? v : this.#mismatch(jsonKind(v), "float64", ctx);
      case "boolean":
        return typeof v === "boolean" ? v : this.#mismatch(jsonKind(v), "bool", ctx);
      case "array":
        if (!Array.isArray(v)) return this.#mismatch(jsonKind(v), goType(schema, this.#defs), ctx);
        return v.map((item, i) => this.#element(item, s.items, { ...ctx, path: `${ctx.path}[${i}]` }));
      case "object":
        if (!isPlainObject(v)) return this.#mismatch(jsonKind(v), goType(schema, this.#defs), ctx);
        return this.#object(v, s, refName(schema ?? {}), ctx);
      default:
        return structuredClone(v);
    }
  }

  #object(v: Record<string, unknown>, s: Schema, name: string | undefined, ctx: Context): unknown {
    const values = typeof s.additionalProperties === "object" ? s.additionalProperties : s.additionalProperties ? {} : undefined;
    if (!s.properties && !values) return structuredClone(v);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) {
      const path = ctx.path ? `${ctx.path}.${key}` : key;
      const field = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
      let decoded: unknown;
      if (field) {
        if (item === null) continue;
        decoded = this.walk(item, field, { path, fields: [...ctx.fields, key], struct: shortName(name) });
      } else if (values) {
        decoded = this.#element(item, values, { ...ctx, path });
      } else {
        if (this.unknown.size < MAX_UNKNOWN_FIELDS) this.unknown.add(path);
        continue;
      }
      if (decoded !== DROP) Object.defineProperty(out, key, { value: decoded, writable: true, enumerable: true, configurable: true });
    }
    return out;
  }

  /** A list element or map value: null (or an undecodable value) becomes the Go zero value. */
  #element(item: unknown, schema: Schema | undefined, ctx: Context): unknown {
    const decoded = item === null ? DROP : this.walk(item, schema, ctx);
    return decoded === DROP ? zeroValue(resolve(schema, this.#defs)) : decoded;
  }

  /** A []byte also decodes from a list of byte values; it is written back as base64. */
  #byteArray(v: unknown[], ctx: Context): unknown {
    const bytes: number[] = [];
    for (const item of v) {
      if (item === null) bytes.push(0);
      else if (typeof item !== "number") this.#mismatch(jsonKind(item), "uint8", ctx);
      else if (!Number.isInteger(item) || item < 0 || item > 255) this.#mismatch(`number ${item}`, "uint8", ctx);
      else bytes.push(item);
    }
    return bytes.length === v.length ? Buffer.from(bytes).toString("base64") : DROP;
  }

  #mismatch(value: string, goTypeName: string, ctx: Context): typeof DROP {
    return this.#saved(typeErrorMessage(value, goTypeName, ctx));
  }

  #saved(message: string): typeof DROP {
    this.typeErrors.push(message);
    return DROP;
  }
}

function typeErrorMessage(value: string, goTypeName: string, ctx: Context): string {
  if (!ctx.struct && ctx.fields.length === 0) return `json: cannot unmarshal ${value} into Go value of type ${goTypeName}`;
  return `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.fields.join(".")} of type ${goTypeName}`;
}

/** intstr.IntOrString: a string, or a number decoded into its int32 (errors end decoding). */
function intOrString(v: unknown, ctx: Context): unknown {
  if (typeof v === "string" || (typeof v === "number" && fitsInt(v, "int32"))) return v;
  const value = typeof v === "number" ? `number ${v}` : jsonKind(v);
  throw new FatalDecodeError(typeErrorMessage(value, "int32", ctx));
}

/** resource.Quantity: its text (quotes stripped, trimmed) must parse; numbers come back as strings. */
function quantity(v: unknown): unknown {
  const text = typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "";
  const problem = quantityError(text);
  if (problem) throw new FatalDecodeError(problem);
  return typeof v === "string" ? v : text;
}

/** metav1.Time: a string in RFC 3339; anything else fails its inner decode into a string. */
function time(v: unknown, ctx: Context): unknown {
  if (typeof v !== "string") throw new FatalDecodeError(typeErrorMessage(jsonKind(v), "string", ctx));
  const problem = rfc3339Error(v);
  if (problem) throw new FatalDecodeError(problem);
  return v;
}

function fitsInt(n: number, goInt: "int32" | "int64"): boolean {
  const limit = goInt === "int32" ? 2 ** 31 : 2 ** 63;
  return Number.isInteger(n) && n >= -limit && n < limit;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v === "object" ? "object" : typeof v;
}

function zeroValue(s: Schema | undefined): unknown {
  if (!s) return null;
  if (s["x-kubernetes-int-or-string"]) return 0;
  if (s.format === "quantity") return "0";
  if (s.type === "string") return s.format === "date-time" || s.format === "byte" ? null : "";
  if (s.type === "integer" || s.type === "number") return 0;
  if (s.type === "boolean") return false;
  return s.properties ? {} : null;
}

/** The Go type a schema decodes into, as reflect prints it: "v1.Container", "[]v1.Container", "map[string]string". */
function goType(schema: Schema | undefined, defs: Definitions): string {
  const name = refName(schema ?? {});
  const s = resolve(schema, defs);
  if (!s) return "interface {}";
  if (name && s.properties) return name.split(".").slice(-2).join(".");
  if (s["x-kubernetes-int-or-string"]) return "intstr.IntOrString";
  if (s.format === "quantity") return "resource.Quantity";
  switch (s.type) {
    case "string":
      return s.format === "byte" ? "[]uint8" : s.format === "date-time" ? "v1.Time" : "string";
    case "integer":
      return s.format === "int32" ? "int32" : "int64";
    case "number":
      return s.format === "float" ? "float32" : "float64";
    case "boolean":
      return "bool";
    case "array":
      return `[]${goType(s.items, defs)}`;
  }
  if (typeof s.additionalProperties === "object") return `map[string]${goType(s.additionalProperties, defs)}`;
  return s.properties ? "struct {}" : "map[string]interface {}";
}

function shortName(definition: string | undefined): string {
  return definition ? definition.slice(definition.lastIndexOf(".") + 1) : "";
}

// --- Go literal decoders (only their error texts matter here) ---

const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIXES = new Set(["", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]);

/** resource.ParseQuantity's error for `text`, if any. */
function quantityError(text: string): string | undefined {
  const m = /^[+-]?[0-9]*(?:\.[0-9]*)?([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(text);
  if (!text || !m) return QUANTITY_FORMAT;
  const suffix = m[1];
  if (QUANTITY_SUFFIXES.has(suffix) || /^[eE][-+]?[0-9]+$/.test(suffix)) return undefined;
  return "unable to parse quantity's suffix";
}

const RFC3339 = "2006-01-02T15:04:05Z07:00";

/** time.Parse(time.RFC3339, value)'s error, if any, walking the layout element by element as Go does. */
function rfc3339Error(value: string): string | undefined {
  let rest = value;
  let problem: string | undefined;
  const cannot = (elem: string) =>
    `parsing time ${timeQuote(value)} as ${timeQuote(RFC3339)}: cannot parse ${timeQuote(rest)} as ${timeQuote(elem)}`;
  const outOfRange = (what: string) => `parsing time ${timeQuote(value)}: ${what} out of range`;
  const literal = (ch: string): boolean => {
    if (rest[0] !== ch) problem = cannot(ch);
    else rest = rest.slice(1);
    return !problem;
  };
  // Go's getnum: two digits, or a single one where the layout element is not zero-padded.
  const number = (elem: string, fixed: boolean): number => {
    const digits = /^\d\d?/.exec(rest)?.[0] ?? "";
    if (!digits || (fixed && digits.length < 2)) {
      problem = cannot(elem);
      return -1;
    }
    rest = rest.slice(digits.length);
    return Number(digits);
  };
  if (!/^\d{4}/.test(rest)) return cannot("2006");
  const year = Number(rest.slice(0, 4));
  rest = rest.slice(4);
  if (!literal("-")) return problem;
  const month = number("01", true);
  if (problem) return problem;
  if (month < 1 || month > 12) return outOfRange("month");
  if (!literal("-")) return problem;
  const day = number("02", true);
  if (problem || !literal("T")) return problem;
  const clock: [string, boolean, string][] = [["15", false, "hour"], ["04", true, "minute"], ["05", true, "second"]];
  for (const [i, [elem, fixed, what]] of clock.entries()) {
    if (i > 0 && !literal(":")) return problem;
    const n = number(elem, fixed);
    if (problem) return problem;
    if (n >= (what === "hour" ? 24 : 60)) return outOfRange(what);
  }
  rest = rest.replace(/^[.,]\d+/, "");
  if (rest[0] === "Z") {
    rest = rest.slice(1);
  } else {
    const zone = /^(.)(\d\d):(\d\d)/s.exec(rest);
    if (!zone) return cannot("Z07:00");
    if (Number(zone[2]) > 24) return outOfRange("time zone offset hour");
    if (Number(zone[3]) > 60) return outOfRange("time zone offset minute");
    if (zone[1] !== "+" && zone[1] !== "-") return cannot("Z07:00");
    rest = rest.slice(6);
  }
  if (rest) return `parsing time ${timeQuote(value)}: extra text: ${timeQuote(rest)}`;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day < 1 || day > days ? outOfRange("day") : undefined;
}

/** The time package's own quoting: ASCII as it is, other bytes as \xNN. */
function timeQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch >= " " && ch < "\x80") out += ch === '"' || ch === "\\" ? `\\${ch}` : ch;
    else for (const byte of Buffer.from(ch, "utf8")) out += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return `${out}"`;
}

/** The offset base64.StdEncoding reports for malformed input, or undefined when it decodes. */
function base64ErrorOffset(text: string): number | undefined {
  const src = Buffer.from(text, "utf8");
  const isNewline = (c: number) => c === 0x0a || c === 0x0d;
  const isAlphabet = (c: number) =>
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
  let si = 0;
  for (;;) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) return j === 0 ? undefined : si - j;
      const c = src[si++];
      if (isAlphabet(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d || j < 2) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      return si < src.length ? si : undefined;
    }
  }
}

const QUOTE_ESCAPES: Record<string, string> = {
  '"': '\\"', "\\": "\\\\", "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
};

/** strconv.Quote: printable runes as they are, the rest escaped. */
function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (Object.hasOwn(QUOTE_ESCAPES, ch)) out += QUOTE_ESCAPES[ch];
    else if (ch === " " || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}
