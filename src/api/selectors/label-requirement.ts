// One term of a label selector: how it is checked, matched and printed, following apimachinery's
// labels.Requirement (NewRequirement, Matches, String).
import { labelValueErrors, qualifiedNameErrors } from "./_label-syntax.ts";

/** `!` is DoesNotExist; `gt`/`lt` are written `>`/`<` in selector strings. */
export type LabelOperator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>> | undefined;

const requirementOperators = ["in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"];

/** Go's %q and %#v renderings of the values these messages show. */
const quote = (s: string) => JSON.stringify(s);
const goSlice = (vs: readonly string[]) => `[]string{${vs.map(quote).join(", ")}}`;

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64), or undefined when Go would reject it. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < int64Min || n > int64Max ? undefined : n;
}

/** Aggregates messages the way apimachinery's ErrorList.ToAggregate().Error() does. */
export function aggregateMessage(messages: readonly string[]): string | undefined {
  const unique = [...new Set(messages)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}

/**
 * The error NewRequirement gives for these parts, or undefined when they form a valid requirement.
 * Field paths have no root, as when labels.Parse or LabelSelectorAsSelector call it.
 */
export function requirementError(key: string, operator: string, values: readonly string[]): string | undefined {
  const errs: string[] = [];
  const keyErrors = qualifiedNameErrors(key);
  if (keyErrors.length) errs.push(`key: Invalid value: ${quote(key)}: ${keyErrors.join("; ")}`);
  const invalidValues = (detail: string) => errs.push(`values: Invalid value: ${goSlice(values)}: ${detail}`);
  switch (operator) {
    case "in":
    case "notin":
      if (values.length === 0) invalidValues("for 'in', 'notin' operators, values set can't be empty");
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) invalidValues("exact-match compatibility requires one single value");
      break;
    case "exists":
    case "!":
      if (values.length !== 0) invalidValues("values set must be empty for exists and does not exist");
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) invalidValues("for 'Gt', 'Lt' operators, exactly one value is required");
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(`values[${i}]: Invalid value: ${quote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
        }
      });
      break;
    default:
      errs.push(
        `operator: Unsupported value: ${quote(operator)}: supported values: ${requirementOperators.map(quote).join(", ")}`,
      );
  }
  values.forEach((v, i) => {
    const valueErrors = labelValueErrors(v);
    if (valueErrors.length) errs.push(`values[${i}][${key}]: Invalid value: ${quote(v)}: ${valueErrors.join("; ")}`);
  });
  return aggregateMessage(errs);
}

export function requirementMatches(r: LabelRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : "";
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has && r.values.includes(value);
    case "notin":
    case "!=":
      return !has || !r.values.includes(value);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      const actual = has ? parseInt64(value) : undefined;
      const bound = r.values.length === 1 ? parseInt64(r.values[0]) : undefined;
      if (actual === undefined || bound === undefined) return false;
      return r.operator === "gt" ? actual > bound : actual < bound;
    }
  }
}

const infix: Record<LabelOperator, string> = {
  "=": "=",
  "==": "==",
  "!=": "!=",
  in: " in (",
  notin: " notin (",
  gt: ">",
  lt: "<",
  exists: "",
  "!": "",
};

/** The canonical text of one requirement: `a=b`, `a in (x,y)`, `!a`, `a>3`. */
export function requirementString(r: LabelRequirement): string {
  if (r.operator === "exists") return r.key;
  if (r.operator === "!") return `!${r.key}`;
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(",");
  const close = r.operator === "in" || r.operator === "notin" ? ")" : "";
  return `${r.key}${infix[r.operator]}${values}${close}`;
}
