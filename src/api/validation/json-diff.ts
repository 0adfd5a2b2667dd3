// A short line-per-field diff appended to "may not change" messages. Upstream appends go-cmp's diff
// of the Go structs there; this is our own rendering of the same information in JSON terms.
import { isPlainObject } from "../meta.ts";
import { semanticEqual } from "./json-access.ts";

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (semanticEqual(a, b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      walk(a[k], b[k], path ? `${path}.${k}` : k, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => walk(v, b[i], `${path}[${i}]`, out));
    return;
  }
  out.push(`- ${path}: ${JSON.stringify(a ?? null)}`);
  out.push(`+ ${path}: ${JSON.stringify(b ?? null)}`);
}

/** "- spec.x: old" / "+ spec.x: new" lines for every differing leaf, joined by newlines. */
export function jsonDiff(oldValue: unknown, newValue: unknown, root: string): string {
  const out: string[] = [];
  walk(oldValue, newValue, root, out);
  return out.join("\n");
}
