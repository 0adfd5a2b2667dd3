// FieldError constructors whose bad values print the way upstream prints them (Go syntax). The shared
// fieldError helpers quote values with JSON; where that differs from Go's output (maps, slices,
// structs, strings with control characters) the rendered value is carried in the detail instead, so
// fieldErrorBody still yields "Invalid value: <go value>: <detail>".
import { fieldError, type FieldError, type FieldPath } from "../field-error.ts";
import { goQuote, goValue, isGoRendered, type GoRendered } from "./go-value.ts";

export type Path = FieldPath | string;
export type BadValue = string | number | boolean | null | undefined | GoRendered | readonly unknown[] | object;

const p = (path: Path): string => path.toString();

/** True when JSON quoting of the value already matches Go's. */
function jsonPrintsLikeGo(v: BadValue): v is string | number | boolean {
  if (typeof v === "string") return JSON.stringify(v) === goQuote(v);
  if (typeof v === "number") return Number.isInteger(v);
  return typeof v === "boolean";
}

function withValue(type: FieldError["type"], path: Path, value: BadValue, detail: string): FieldError {
  if (jsonPrintsLikeGo(value)) return { type, field: p(path), value, detail };
  const shown = goValue(isGoRendered(value) ? value : value === undefined ? null : value);
  return { type, field: p(path), detail: detail ? `${shown}: ${detail}` : shown };
}

export const required = (path: Path, detail = ""): FieldError => fieldError.required(p(path), detail);
export const forbidden = (path: Path, detail: string): FieldError => fieldError.forbidden(p(path), detail);
export const tooLong = (path: Path, max: number): FieldError => fieldError.tooLong(p(path), max);

export const invalid = (path: Path, value: BadValue, detail: string): FieldError =>
  withValue("FieldValueInvalid", path, value, detail);

export function notSupported(path: Path, value: BadValue, valid: readonly string[]): FieldError {
  const detail = valid.length ? `supported values: ${valid.map(goQuote).join(", ")}` : "";
  return withValue("FieldValueNotSupported", path, value, detail);
}

export const duplicate = (path: Path, value: BadValue): FieldError => withValue("FieldValueDuplicate", path, value, "");
export const notFound = (path: Path, value: BadValue): FieldError => withValue("FieldValueNotFound", path, value, "");

/** "Too many: 101: must have at most 100 items" (the count is part of upstream's text). */
export function tooMany(path: Path, actual: number, max: number): FieldError {
  return { type: "FieldValueTooMany", field: p(path), detail: `${actual}: must have at most ${max} items` };
}

export const isNegativeErrorMsg = "must be greater than or equal to 0";

/** ValidateNonnegativeField: absent values count as zero. */
export function nonNegative(value: unknown, path: Path): FieldError[] {
  return typeof value === "number" && value < 0 ? [invalid(path, value, isNegativeErrorMsg)] : [];
}
