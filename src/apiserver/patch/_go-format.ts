// Renders JSON values the way Go's fmt and encoding/json name them, so that error texts built from
// patch contents read exactly as the upstream apiserver's do ("map: map[image:nginx] does not
// contain declared merge key: name").
import { isPlainObject } from "../../api/meta.ts";

/** Go's %v of a value decoded into interface{}: maps with sorted keys, slices space-separated. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goValue(v[k])}`).join(" ")}]`;
  }
  return String(v);
}

/** Go's %s: strings as they are, anything else flagged as a bad verb with its dynamic type. */
export function goString(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "%!s(<nil>)";
  if (typeof v === "number" || typeof v === "boolean") return `%!s(${goTypeName(v)}=${goValue(v)})`;
  return goValue(v);
}

/** The reflect type name of a value decoded into interface{} (integers are int64 when ints are preserved). */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return "%!s(<nil>)";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** How encoding/json names a JSON value in "cannot unmarshal <kind> into ..." errors. */
export function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v === "object" ? "object" : typeof v;
}

// %v of a float64 uses the shortest representation and switches to an exponent (at least two
// digits) below 1e-4 and from 1e21 on.
function goNumber(n: number): string {
  const abs = Math.abs(n);
  if (Number.isInteger(n) || abs === 0 || (abs >= 1e-4 && abs < 1e21)) return String(n);
  return n.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
}
