// Labels, annotations and label selectors (apimachinery meta/v1/validation and api/validation).
import type { FieldError, FieldPath } from "../field-error.ts";
import { forbidden, invalid, required, tooLong } from "./field-errors.ts";
import { goQuote, goStringMap, goStringSlice, goStruct, rendered, type GoRendered } from "./go-value.ts";
import { arr, obj, str } from "./json-access.ts";
import { byteLength, isQualifiedName, isValidLabelValue } from "./name.ts";

export const totalAnnotationSizeLimit = 256 * 1024;

export function validateLabelName(name: string, path: FieldPath): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/** Errors carry the map's path, not the key's: upstream reports `metadata.labels: Invalid value: "k"`. */
export function validateLabels(labels: unknown, path: FieldPath): FieldError[] {
  const m = obj(labels);
  if (!m) return [];
  const errs: FieldError[] = [];
  for (const key of Object.keys(m).sort()) {
    errs.push(...validateLabelName(key, path));
    const value = str(m[key]);
    errs.push(...isValidLabelValue(value).map((msg) => invalid(path, value, msg)));
  }
  return errs;
}

/** Keys are qualified names compared case-insensitively; the total size is capped at 256 KiB. */
export function validateAnnotations(annotations: unknown, path: FieldPath): FieldError[] {
  const m = obj(annotations);
  if (!m) return [];
  const errs: FieldError[] = [];
  let total = 0;
  for (const key of Object.keys(m).sort()) {
    errs.push(...isQualifiedName(key.toLowerCase()).map((msg) => invalid(path, key, msg)));
    total += byteLength(key) + byteLength(str(m[key]));
  }
  if (total > totalAnnotationSizeLimit) errs.push(tooLong(path, totalAnnotationSizeLimit));
  return errs;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

function requirements(sel: unknown): LabelSelectorRequirement[] {
  return arr(obj(sel)?.matchExpressions).map((e) => {
    const o = obj(e) ?? {};
    return { key: str(o.key), operator: str(o.operator), values: arr(o.values).map(str) };
  });
}

export interface LabelSelectorOptions {
  /** Tolerate invalid values in matchExpressions (kept for objects stored before the check existed). */
  allowInvalidLabelValue?: boolean;
}

export function validateLabelSelector(sel: unknown, path: FieldPath, opts: LabelSelectorOptions = {}): FieldError[] {
  const s = obj(sel);
  if (!s) return [];
  const errs = validateLabels(s.matchLabels, path.child("matchLabels"));
  requirements(s).forEach((req, i) => {
    const p = path.child("matchExpressions").index(i);
    const values = req.values ?? [];
    switch (req.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) errs.push(required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) {
          errs.push(forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      default:
        errs.push(invalid(p.child("operator"), req.operator, "not a valid selector operator"));
    }
    errs.push(...validateLabelName(req.key, p.child("key")));
    if (!opts.allowInvalidLabelValue) {
      values.forEach((v, j) => {
        errs.push(...isValidLabelValue(v).map((msg) => invalid(p.child("values").index(j), v, msg)));
      });
    }
  });
  return errs;
}

/**
 * A compiled selector (metav1.LabelSelectorAsSelector): "nothing" for an absent selector, "everything"
 * for an empty one, or "invalid" when a term cannot be turned into a requirement.
 */
export type CompiledSelector =
  | { kind: "nothing" }
  | { kind: "everything" }
  | { kind: "invalid" }
  | { kind: "terms"; terms: LabelSelectorRequirement[] };

export function compileLabelSelector(sel: unknown): CompiledSelector {
  const s = obj(sel);
  if (!s) return { kind: "nothing" };
  const matchLabels = obj(s.matchLabels) ?? {};
  const terms: LabelSelectorRequirement[] = Object.keys(matchLabels)
    .sort()
    .map((key) => ({ key, operator: "In", values: [str(matchLabels[key])] }));
  terms.push(...requirements(s));
  if (terms.length === 0) return { kind: "everything" };
  for (const t of terms) {
    const values = t.values ?? [];
    if (isQualifiedName(t.key).length > 0) return { kind: "invalid" };
    if (values.some((v) => isValidLabelValue(v).length > 0)) return { kind: "invalid" };
    if ((t.operator === "In" || t.operator === "NotIn") && values.length === 0) return { kind: "invalid" };
    if ((t.operator === "Exists" || t.operator === "DoesNotExist") && values.length > 0) return { kind: "invalid" };
    if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(t.operator)) return { kind: "invalid" };
  }
  return { kind: "terms", terms };
}

/** Whether a compiled selector matches a label set; "nothing" and "invalid" match no labels. */
export function selectorMatches(sel: CompiledSelector, labels: Record<string, string> | undefined): boolean {
  if (sel.kind === "everything") return true;
  if (sel.kind !== "terms") return false;
  const l = labels ?? {};
  return sel.terms.every((t) => {
    const has = Object.hasOwn(l, t.key);
    const values = t.values ?? [];
    switch (t.operator) {
      case "In":
        return has && values.includes(l[t.key]);
      case "NotIn":
        return !has || !values.includes(l[t.key]);
      case "Exists":
        return has;
      default:
        return !has;
    }
  });
}

/** %#v of a dereferenced *metav1.LabelSelector, as upstream prints a bad selector. */
export function goLabelSelector(sel: unknown): GoRendered {
  const s = obj(sel) ?? {};
  const exprs = s.matchExpressions === undefined || s.matchExpressions === null ? undefined : requirements(s);
  const renderedExprs =
    exprs === undefined
      ? "[]v1.LabelSelectorRequirement(nil)"
      : `[]v1.LabelSelectorRequirement{${exprs
          .map((e) =>
            goStruct("v1.LabelSelectorRequirement", [
              ["Key", goQuote(e.key)],
              ["Operator", goQuote(e.operator)],
              ["Values", goStringSlice(e.values && e.values.length ? e.values : undefined)],
            ]),
          )
          .join(", ")}}`;
  return rendered(
    goStruct("v1.LabelSelector", [
      ["MatchLabels", goStringMap(obj(s.matchLabels))],
      ["MatchExpressions", renderedExprs],
    ]),
  );
}
