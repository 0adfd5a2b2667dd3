// ServiceAccount: no defaults; the name is a DNS subdomain.
import type { FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { nameIsDNSSubdomain } from "../validation/name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";

export function defaultServiceAccount(_sa: KubeObject): void {}

export function validateServiceAccount(sa: KubeObject): FieldError[] {
  return validateObjectMeta(sa.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
}

export function validateServiceAccountUpdate(sa: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(sa.metadata, old.metadata), ...validateServiceAccount(sa)];
}
