// Field selectors (`?fieldSelector=metadata.name=web,status.phase!=Failed`), parsed and matched
// as apimachinery's fields.ParseSelector does, with its escaping (`\,` `\=` `\\` in values) and
// error messages. Which field names a resource supports is the caller's business: see
// assertFieldsSupported.
import { StatusError } from "../status-error.ts";

export type FieldOperator = "=" | "==" | "!=";

export interface FieldRequirement {
  readonly field: string;
  readonly op: FieldOperator;
  readonly value: string;
}

export class FieldMatcher {
  static readonly everything = new FieldMatcher([]);

  readonly requirements: readonly FieldRequirement[];
  constructor(requirements: readonly FieldRequirement[]) {
    this.requirements = requirements;
  }

  /** A missing field reads as "", as fields.Set.Get does. */
  matches(getField: (name: string) => string | undefined): boolean {
    return this.requirements.every((r) => ((getField(r.field) ?? "") === r.value) === (r.op !== "!="));
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  /** The value `field` must equal for a match, if the selector pins it. */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.op !== "!=")?.value;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.op === "!=" ? "!=" : "="}${escapeFieldValue(r.value)}`).join(",");
  }
}

export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = "";
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      if (c !== "\\" && c !== "," && c !== "=") {
        throw StatusError.badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      escaped = false;
    } else if (c === "\\") {
      escaped = true;
    } else if (c === "," || c === "=") {
      // Go prints the offending rune with %v, i.e. as its code point.
      throw StatusError.badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw StatusError.badRequest("invalid field selector: invalid escape sequence: \\");
  return out;
}

/** Splits on commas that are not escaped. */
function splitTerms(selector: string): string[] {
  if (selector === "") return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (escaped) escaped = false;
    else if (c === "\\") escaped = true;
    else if (c === ",") {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const termOperators: readonly FieldOperator[] = ["!=", "==", "="];

function splitTerm(term: string): FieldRequirement | undefined {
  for (let i = 0; i < term.length; i++) {
    const op = termOperators.find((o) => term.startsWith(o, i));
    if (op) return { field: term.slice(0, i), op, value: term.slice(i + op.length) };
  }
  return undefined;
}

/**
 * Parses a `fieldSelector` query parameter. Terms come out sorted by their text, as upstream
 * sorts them before parsing (so the first unsupported field it reports is the same one).
 */
export function parseFieldSelector(selector: string): FieldMatcher {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(selector).sort()) {
    if (term === "") continue;
    const parts = splitTerm(term);
    if (!parts) throw StatusError.badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    requirements.push({ ...parts, value: unescapeFieldValue(parts.value) });
  }
  return requirements.length ? new FieldMatcher(requirements) : FieldMatcher.everything;
}

/**
 * Rejects fields the resource cannot select on with upstream's 400
 * `field label not supported: <name>`.
 */
export function assertFieldsSupported(selector: FieldMatcher, supported: Iterable<string>): void {
  const allowed = new Set(supported);
  const bad = selector.requirements.find((r) => !allowed.has(r.field));
  if (bad) throw StatusError.badRequest(`field label not supported: ${bad.field}`);
}
