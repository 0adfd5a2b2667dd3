// Lexer and recursive-descent parser for `?labelSelector=` strings. It follows apimachinery's
// labels.Parse token for token, so a malformed selector fails with the same message a real
// server gives (kubectl prints it verbatim).
import { qualifiedNameErrors } from "./_label-syntax.ts";
import { requirementError, type LabelOperator, type LabelRequirement } from "./label-requirement.ts";

type TokenKind =
  | "eos"
  | "identifier"
  | "closePar"
  | "openPar"
  | "comma"
  | "doesNotExist"
  | "equals"
  | "doubleEquals"
  | "notEquals"
  | "greaterThan"
  | "lessThan"
  | "in"
  | "notIn";

interface Token {
  kind: TokenKind;
  literal: string;
}

const keywords = new Map<string, TokenKind>([
  [")", "closePar"],
  [",", "comma"],
  ["!", "doesNotExist"],
  ["==", "doubleEquals"],
  ["=", "equals"],
  [">", "greaterThan"],
  ["in", "in"],
  ["<", "lessThan"],
  ["!=", "notEquals"],
  ["notin", "notIn"],
  ["(", "openPar"],
]);

const isWhitespace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isSpecial = (c: string) => c.length === 1 && "=!(),<>".includes(c);

function lex(s: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      tokens.push({ kind: "eos", literal: "" });
      return tokens;
    }
    if (isSpecial(s[pos])) {
      // Every single special character is a token, so the longest-match rule reduces to
      // preferring the two-character operators.
      const two = s.slice(pos, pos + 2);
      const literal = two === "==" || two === "!=" ? two : s[pos];
      tokens.push({ kind: keywords.get(literal)!, literal });
      pos += literal.length;
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) pos++;
    const literal = s.slice(start, pos);
    tokens.push({ kind: keywords.get(literal) ?? "identifier", literal });
  }
}

class ParseFailure {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const fail = (message: string): never => {
  throw new ParseFailure(message);
};

const operatorOf: Partial<Record<TokenKind, LabelOperator>> = {
  in: "in",
  notIn: "notin",
  equals: "=",
  doubleEquals: "==",
  notEquals: "!=",
  greaterThan: "gt",
  lessThan: "lt",
};

class Parser {
  readonly #tokens: Token[];
  #position = 0;
  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  /** In value position the keywords `in` and `notin` are plain identifiers. */
  #asValue(t: Token): Token {
    return t.kind === "in" || t.kind === "notIn" ? { kind: "identifier", literal: t.literal } : t;
  }
  lookahead(): Token {
    return this.#asValue(this.#tokens[Math.min(this.#position, this.#tokens.length - 1)]);
  }
  consume(asValue = true): Token {
    const t = this.#tokens[Math.min(this.#position, this.#tokens.length - 1)];
    this.#position++;
    return asValue ? this.#asValue(t) : t;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const t = this.lookahead();
      if (t.kind === "eos") return requirements;
      if (t.kind !== "identifier" && t.kind !== "doesNotExist") {
        fail(`found '${t.literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof ParseFailure) fail(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const next = this.consume();
      if (next.kind === "eos") return requirements;
      if (next.kind !== "comma") fail(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead();
      if (after.kind !== "identifier" && after.kind !== "doesNotExist") {
        fail(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  parseRequirement(): LabelRequirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred) return requirement(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === "in" || operator === "notin" ? this.parseValues() : this.parseExactValue();
    return requirement(key, operator, [...values].sort());
  }

  parseKeyAndInferOperator(): [string, LabelOperator | undefined] {
    let operator: LabelOperator | undefined;
    let t = this.consume();
    if (t.kind === "doesNotExist") {
      operator = "!";
      t = this.consume();
    }
    if (t.kind !== "identifier") fail(`found '${t.literal}', expected: identifier`);
    const keyErrors = qualifiedNameErrors(t.literal);
    // labels.Parse validates the key with a nil field path, which prints as "<nil>".
    if (keyErrors.length) fail(`<nil>: Invalid value: ${JSON.stringify(t.literal)}: ${keyErrors.join("; ")}`);
    const next = this.lookahead().kind;
    if ((next === "eos" || next === "comma") && operator !== "!") operator = "exists";
    return [t.literal, operator];
  }

  parseOperator(): LabelOperator {
    const t = this.consume(false);
    return operatorOf[t.kind] ?? fail(`found '${t.literal}', expected: in, notin, =, ==, !=, gt, lt`);
  }

  parseValues(): Set<string> {
    const open = this.consume();
    if (open.kind !== "openPar") fail(`found '${open.literal}' expected: '('`);
    const first = this.lookahead();
    if (first.kind === "closePar") {
      this.consume();
      return new Set([""]);
    }
    if (first.kind !== "identifier" && first.kind !== "comma") {
      fail(`found '${first.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifiersList();
    // Upstream reports the token that opened the list here, not the one it found.
    if (this.consume().kind !== "closePar") fail(`found '${first.literal}', expected: ')'`);
    return values;
  }

  /** Empty entries (`(a,)`, `(,a)`, `(a,,b)`) stand for the empty value. */
  parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const t = this.consume();
      if (t.kind === "identifier") {
        values.add(t.literal);
        const next = this.lookahead();
        if (next.kind === "closePar") return values;
        if (next.kind !== "comma") fail(`found '${next.literal}', expected: ',' or ')'`);
      } else if (t.kind === "comma") {
        if (values.size === 0) values.add("");
        const next = this.lookahead().kind;
        if (next === "closePar" || next === "comma") values.add("");
        if (next === "closePar") return values;
      } else {
        fail(`found '${t.literal}', expected: ',', or identifier`);
      }
    }
  }

  parseExactValue(): Set<string> {
    const next = this.lookahead().kind;
    if (next === "eos" || next === "comma") return new Set([""]);
    const t = this.consume();
    if (t.kind !== "identifier") fail(`found '${t.literal}', expected: identifier`);
    return new Set([t.literal]);
  }
}

function requirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const error = requirementError(key, operator, values);
  if (error) fail(error);
  return { key, operator, values };
}

/** Requirements in written order, or the message labels.Parse fails with. */
export function parseLabelRequirements(selector: string): { requirements: LabelRequirement[] } | { error: string } {
  try {
    return { requirements: new Parser(lex(selector)).parse() };
  } catch (e) {
    if (e instanceof ParseFailure) return { error: e.message };
    throw e;
  }
}
