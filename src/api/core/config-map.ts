// ConfigMap: ValidateConfigMap / Update. Keys are config keys; data and binaryData together may hold
// at most 1 MiB; an immutable ConfigMap keeps its data.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { forbidden, invalid, tooLong } from "../validation/field-errors.ts";
import { obj, semanticEqual, str } from "../validation/json-access.ts";
import { byteLength, isConfigMapKey, nameIsDNSSubdomain } from "../validation/name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";

/** core.MaxSecretSize, shared by ConfigMaps and Secrets. */
export const maxDataSize = 1024 * 1024;

/** Bytes held by a base64-encoded value as the server decodes it. */
export const decodedLength = (v: unknown): number => Buffer.from(str(v), "base64").length;

/** ConfigMaps have no defaults; the function exists so every kind is wired the same way. */
export function defaultConfigMap(_cm: KubeObject): void {}

export function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  const data = obj(cm.data) ?? {};
  const binary = obj(cm.binaryData) ?? {};
  const dataPath = new FieldPath("data");
  const binaryPath = new FieldPath("binaryData");
  let total = 0;
  for (const key of Object.keys(data).sort()) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(dataPath.key(key), key, m)));
    if (key in binary) errs.push(invalid(dataPath.key(key), key, "duplicate of key present in binaryData"));
    total += byteLength(str(data[key]));
  }
  for (const key of Object.keys(binary).sort()) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(binaryPath.key(key), key, m)));
    total += decodedLength(binary[key]);
  }
  // Upstream reports the size against the whole object: an empty field path.
  if (total > maxDataSize) errs.push(tooLong("", maxDataSize));
  return errs;
}

export function validateConfigMapUpdate(cm: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden("immutable", "field is immutable when `immutable` is set"));
    if (!semanticEqual(cm.data, old.data)) errs.push(forbidden("data", "field is immutable when `immutable` is set"));
    if (!semanticEqual(cm.binaryData, old.binaryData)) errs.push(forbidden("binaryData", "field is immutable when `immutable` is set"));
  }
  errs.push(...validateConfigMap(cm));
  return errs;
}
