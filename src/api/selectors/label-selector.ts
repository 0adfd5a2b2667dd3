// Label selectors: the `?labelSelector=` query syntax and metav1.LabelSelector
// ({matchLabels, matchExpressions}), both turned into one LabelMatcher. Behaviour and messages
// follow apimachinery's labels.Parse, metav1.LabelSelectorAsSelector / FormatLabelSelector and
// the metav1 ValidateLabelSelector.
import { fieldError, FieldPath, type FieldError } from "../field-error.ts";
import { StatusError } from "../status-error.ts";
import { labelValueErrors, qualifiedNameErrors } from "./_label-syntax.ts";
import { parseLabelRequirements } from "./_label-parser.ts";
import {
  requirementError,
  requirementMatches,
  requirementString,
  type LabelOperator,
  type LabelRequirement,
  type Labels,
} from "./label-requirement.ts";

export type { LabelOperator, LabelRequirement, Labels } from "./label-requirement.ts";

import type { LabelSelector } from "../validation/labels.ts";
export type { LabelSelector, LabelSelectorRequirement } from "../validation/labels.ts";

export class LabelMatcher {
  /** Matches every object: the empty selector. */
  static readonly everything = new LabelMatcher([], false);
  /** Matches no object: what a missing metav1.LabelSelector means. */
  static readonly nothing = new LabelMatcher([], true);

  /** Sorted by key, as apimachinery keeps them, so toString() is canonical. */
  readonly requirements: readonly LabelRequirement[];
  readonly #matchesNothing: boolean;

  private constructor(requirements: readonly LabelRequirement[], matchesNothing: boolean) {
    this.requirements = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.#matchesNothing = matchesNothing;
  }

  static of(requirements: readonly LabelRequirement[]): LabelMatcher {
    return requirements.length === 0 ? LabelMatcher.everything : new LabelMatcher(requirements, false);
  }

  matches(labels: Labels): boolean {
    if (this.#matchesNothing) return false;
    return this.requirements.every((r) => requirementMatches(r, labels));
  }

  /** True for the select-everything selector only. */
  isEmpty(): boolean {
    return !this.#matchesNothing && this.requirements.length === 0;
  }

  /** The value `key` must equal for a match (`key=v`, `key==v`, `key in (v)`), if any. */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key);
    if (!r || r.values.length !== 1) return undefined;
    return r.operator === "=" || r.operator === "==" || r.operator === "in" ? r.values[0] : undefined;
  }

  toString(): string {
    return this.requirements.map(requirementString).join(",");
  }
}

/** Parses a `labelSelector` query parameter; a bad one is a 400 with upstream's message. */
export function parseLabelSelector(selector: string): LabelMatcher {
  const parsed = parseLabelRequirements(selector);
  if ("error" in parsed) throw StatusError.badRequest(parsed.error);
  return LabelMatcher.of(parsed.requirements);
}

/** A selector requiring every `k=v` of the set (labels.SelectorFromSet); empty matches all. */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined): LabelMatcher {
  return LabelMatcher.of(Object.entries(set ?? {}).map(([key, v]) => ({ key, operator: "=" as const, values: [v] })));
}

const expressionOperators: Record<string, LabelOperator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * metav1.LabelSelectorAsSelector: a missing selector matches nothing, an empty one everything.
 * An invalid selector (which validation rejects at write time) is a 400 with upstream's message.
 */
export function selectorFromLabelSelector(ls: LabelSelector | null | undefined): LabelMatcher {
  if (!ls) return LabelMatcher.nothing;
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(ls.matchLabels ?? {})) {
    const error = requirementError(key, "=", [value]);
    if (error) throw StatusError.badRequest(error);
    requirements.push({ key, operator: "=", values: [value] });
  }
  for (const expr of ls.matchExpressions ?? []) {
    const operator = Object.hasOwn(expressionOperators, expr.operator) ? expressionOperators[expr.operator] : undefined;
    if (!operator) throw StatusError.badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    const values = [...(expr.values ?? [])];
    const error = requirementError(expr.key, operator, values);
    if (error) throw StatusError.badRequest(error);
    requirements.push({ key: expr.key, operator, values });
  }
  return LabelMatcher.of(requirements);
}

/** The canonical string of a metav1.LabelSelector, e.g. Scale `status.selector` ("app=nginx"). */
export function labelSelectorAsString(ls: LabelSelector | null | undefined): string {
  return selectorFromLabelSelector(ls).toString();
}

/** metav1.FormatLabelSelector, as printers show it: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  let text: string;
  try {
    text = labelSelectorAsString(ls);
  } catch {
    return "<error>";
  }
  return text === "" ? "<none>" : text;
}

/** labels.FormatLabels: sorted `k=v` pairs joined by commas, or `<none>`. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const text = selectorFromSet(labels).toString();
  return text === "" ? "<none>" : text;
}
