// Validation results with field paths, turned into a 422 Invalid by the registry.
// Messages follow apimachinery's field.Error String(): "<field>: <Type>: <detail>".

export type FieldErrorType =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueForbidden"
  | "FieldValueNotSupported"
  | "FieldValueDuplicate"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueNotFound"
  | "InternalError";

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The offending value, for "Invalid value: X" messages; omitted when undefined. */
  value?: unknown;
  detail: string;
}

const typeWords: Record<FieldErrorType, string> = {
  FieldValueRequired: "Required value",
  FieldValueInvalid: "Invalid value",
  FieldValueForbidden: "Forbidden",
  FieldValueNotSupported: "Unsupported value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueNotFound: "Not found",
  InternalError: "Internal error",
};

function quoteValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null) return "null";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** The cause message kubectl prints after "<field>: ". */
export function fieldErrorBody(e: FieldError): string {
  const words = typeWords[e.type];
  switch (e.type) {
    case "FieldValueRequired":
    case "FieldValueForbidden":
    case "FieldValueTooLong":
    case "FieldValueTooMany":
    case "InternalError":
      return e.detail ? `${words}: ${e.detail}` : words;
    default: {
      const shown = e.value === undefined ? "" : `: ${quoteValue(e.value)}`;
      return e.detail ? `${words}${shown}: ${e.detail}` : `${words}${shown}`;
    }
  }
}

export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

export const fieldError = {
  required: (field: string, detail = ""): FieldError => ({ type: "FieldValueRequired", field, detail }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({ type: "FieldValueInvalid", field, value, detail }),
  forbidden: (field: string, detail: string): FieldError => ({ type: "FieldValueForbidden", field, detail }),
  notSupported: (field: string, value: unknown, valid: readonly string[]): FieldError => ({
    type: "FieldValueNotSupported",
    field,
    value,
    detail: valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(", ")}` : "",
  }),
  duplicate: (field: string, value: unknown): FieldError => ({ type: "FieldValueDuplicate", field, value, detail: "" }),
  tooLong: (field: string, max: number): FieldError => ({ type: "FieldValueTooLong", field, detail: `may not be more than ${max} bytes` }),
  notFound: (field: string, value: unknown): FieldError => ({ type: "FieldValueNotFound", field, value, detail: "" }),
};

/** Joins path segments the way field.Path prints them: a.b[0].c, labels[app]. */
export class FieldPath {
  readonly #s: string;
  constructor(s: string) {
    this.#s = s;
  }
  static root(name: string): FieldPath {
    return new FieldPath(name);
  }
  child(name: string): FieldPath {
    return new FieldPath(this.#s ? `${this.#s}.${name}` : name);
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.#s}[${i}]`);
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.#s}[${k}]`);
  }
  toString(): string {
    return this.#s;
  }
}
