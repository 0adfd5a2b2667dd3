// Upstream prints a bad value in "Invalid value: X" with Go's fmt: %q for strings, %v for numbers and
// %#v for everything else (map[string]string{"app":"x"}, []string{"a", "b"}, structs). These helpers
// render such values so kubectl users see the same text a real server sends.

/** A bad value already rendered in Go syntax; printed verbatim after "Invalid value: ". */
export interface GoRendered {
  readonly go: string;
}

export const rendered = (go: string): GoRendered => ({ go });

export function isGoRendered(v: unknown): v is GoRendered {
  return typeof v === "object" && v !== null && typeof (v as GoRendered).go === "string";
}

const shortEscapes: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  '"': '\\"',
  "\\": "\\\\",
};

/** Go's strconv.Quote (%q) for strings. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const short = shortEscapes[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (short) out += short;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if ((code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Go's %v of a number: integers plainly, floats in shortest form. */
export function goNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n).replace(/e\+?/, "e+");
}

/** %#v of map[string]string; undefined prints as a nil map. */
export function goStringMap(m: Record<string, unknown> | undefined, type = "map[string]string"): string {
  if (m === undefined || m === null) return `${type}(nil)`;
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(String(m[k] ?? ""))}`);
  return `${type}{${entries.join(", ")}}`;
}

/** %#v of []string; undefined prints as a nil slice. */
export function goStringSlice(a: readonly unknown[] | undefined, type = "[]string"): string {
  if (a === undefined || a === null) return `${type}(nil)`;
  return `${type}{${a.map((v) => goQuote(String(v ?? ""))).join(", ")}}`;
}

/** %#v of a struct from already-rendered field values, in declaration order. */
export function goStruct(type: string, fields: ReadonlyArray<readonly [string, string]>): string {
  return `${type}{${fields.map(([k, v]) => `${k}:${v}`).join(", ")}}`;
}

/** %#v of a typed pointer: nil, or an address (Go prints the address; the value is not shown). */
export function goPointer(type: string, value: unknown): string {
  return value === undefined || value === null ? `(*${type})(nil)` : `(*${type})(0xc000010000)`;
}

/**
 * A bad value as field errors print it: strings quoted, numbers and booleans bare, nil as "null",
 * plain string maps and string lists in %#v form. Anything else must be rendered by the caller.
 */
export function goValue(v: unknown): string {
  if (isGoRendered(v)) return v.go;
  if (v === undefined || v === null) return goQuote("null");
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return goStringSlice(v);
  return goStringMap(v as Record<string, unknown>);
}
