// Test support: the text kubectl prints for a 422 built from FieldErrors, following kubectl's
// StandardErrorMessage (one cause inline, several as "* field: message" lines).
import { fieldErrorString, type FieldError } from "../field-error.ts";
import { StatusError } from "../status-error.ts";

export function kubectlInvalid(group: string, kind: string, name: string, errs: readonly FieldError[]): string {
  const details = StatusError.invalid(group, kind, name, errs).status.details ?? {};
  const causes = (details.causes ?? []).map((c) => `${c.field}: ${c.message}`);
  const head = `The ${details.kind} "${details.name}" is invalid`;
  if (causes.length === 1) return `${head}: ${causes[0]}`;
  return `${head}: \n${causes.map((c) => `* ${c}`).join("\n")}`;
}

/** The "field: message" strings of a list of errors. */
export const messages = (errs: readonly FieldError[]): string[] => errs.map(fieldErrorString);
