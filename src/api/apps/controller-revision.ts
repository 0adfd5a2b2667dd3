// ControllerRevision (apps/v1): data is required and never changes; revision is not negative.
import type { FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { invalid, nonNegative, required } from "../validation/field-errors.ts";
import { rendered } from "../validation/go-value.ts";
import { semanticEqual } from "../validation/json-access.ts";
import { nameIsDNSSubdomain } from "../validation/name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";

export function defaultControllerRevision(_revision: KubeObject): void {}

export function validateControllerRevision(revision: KubeObject): FieldError[] {
  const errs = validateObjectMeta(revision.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  if (revision.data === undefined || revision.data === null) errs.push(required("data", "data is mandatory"));
  errs.push(...nonNegative(revision.revision, "revision"));
  return errs;
}

// %#v of the runtime.RawExtension holding the new data: its JSON bytes.
function goRawExtension(data: unknown): string {
  const bytes = Buffer.from(data === undefined || data === null ? "" : JSON.stringify(data), "utf8");
  const raw = bytes.length ? `[]uint8{${[...bytes].map((b) => `0x${b.toString(16)}`).join(", ")}}` : "[]uint8(nil)";
  return `runtime.RawExtension{Raw:${raw}, Object:runtime.Object(nil)}`;
}

export function validateControllerRevisionUpdate(revision: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(revision.metadata, old.metadata);
  errs.push(...validateControllerRevision(revision));
  if (!semanticEqual(revision.data, old.data)) errs.push(invalid("data", rendered(goRawExtension(revision.data)), "field is immutable"));
  return errs;
}
