// What the decoder does before a write reaches the store: the kind and namespace match the URL,
// and unknown or mistyped fields are handled per the fieldValidation parameter.
import { isPlainObject, type KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import { definitions } from "../../api/schema/definitions.ts";
import { cannotHandleMessage, decodeStrict, unknownFieldsMessage, unknownFieldWarning } from "../../api/schema/strict-decode.ts";
import { fieldError } from "../../api/field-error.ts";
import type { GenericStore } from "./generic-store.ts";

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface AdmitOptions {
  namespace?: string;
  /** The name on the URL, for updates. */
  name?: string;
  fieldValidation: FieldValidation;
  /** A patched object: decoding errors are reported against the patch (422), as upstream does. */
  patched?: boolean;
}

export interface Admitted {
  object: KubeObject;
  warnings: string[];
}

export function admitObject(store: GenericStore, body: Record<string, unknown>, opts: AdmitOptions): Admitted {
  const names = store.strategy.names;
  if (body.apiVersion !== undefined && body.apiVersion !== store.apiVersion) {
    throw StatusError.badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${store.apiVersion})`);
  }
  if (body.kind !== undefined && body.kind !== names.kind) {
    throw StatusError.badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${names.kind})`);
  }
  const { value, unknownFields, typeErrors } = decodeStrict(body, store.strategy.definition, definitions);
  const refuse = (message: string): StatusError =>
    opts.patched
      ? StatusError.invalid("", "", "", [fieldError.invalid("patch", body, message)])
      : StatusError.badRequest(cannotHandleMessage(names.kind, names.version, message));
  if (typeErrors.length) throw refuse(typeErrors[0]);
  const warnings: string[] = [];
  if (unknownFields.length) {
    if (opts.fieldValidation === "Strict") throw refuse(unknownFieldsMessage(unknownFields));
    if (opts.fieldValidation === "Warn") warnings.push(...unknownFields.map(unknownFieldWarning));
  }
  const object = value as KubeObject;
  if (!isPlainObject(object.metadata)) object.metadata = {};
  const meta = object.metadata;
  if (store.strategy.namespaced && opts.namespace !== undefined) {
    if (meta.namespace && meta.namespace !== opts.namespace) {
      throw StatusError.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    meta.namespace = opts.namespace;
  }
  if (opts.name !== undefined) {
    if (meta.name && meta.name !== opts.name) {
      throw StatusError.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${opts.name})`);
    }
    meta.name = opts.name;
  }
  object.apiVersion = store.apiVersion;
  object.kind = names.kind;
  return { object, warnings };
}
