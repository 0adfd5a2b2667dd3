// Secret: type defaults to Opaque, stringData folds into data (as the v1 conversion does), and
// ValidateSecret / Update with the per-type required keys.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { forbidden, invalid, required, tooLong } from "../validation/field-errors.ts";
import { obj, semanticEqual, str } from "../validation/json-access.ts";
import { isConfigMapKey, nameIsDNSSubdomain } from "../validation/name.ts";
import { validateImmutable, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";
import { decodedLength, maxDataSize } from "./config-map.ts";

const dataPath = new FieldPath("data");

export function defaultSecret(secret: KubeObject): void {
  if (!str(secret.type)) secret.type = "Opaque";
  const stringData = obj(secret.stringData);
  if (stringData) {
    const data = obj(secret.data) ?? {};
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(str(v), "utf8").toString("base64");
    secret.data = data;
    delete secret.stringData;
  }
}

// Go's encoding/json error for the few shapes a docker config usually gets wrong.
function jsonObjectError(raw: string): string | undefined {
  const text = raw.trim();
  if (text === "") return "unexpected end of JSON input";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const bad = text.match(/[^\s{}[\]":,0-9a-zA-Z.\-+]/)?.[0] ?? text[0];
    return `invalid character '${bad}' looking for beginning of value`;
  }
  if (obj(parsed)) return undefined;
  const kind = Array.isArray(parsed) ? "array" : typeof parsed === "string" ? "string" : typeof parsed === "number" ? "number" : "bool";
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

function validateDockerConfig(data: Record<string, unknown>, key: string): FieldError[] {
  if (!(key in data)) return [required(dataPath.key(key))];
  const problem = jsonObjectError(Buffer.from(str(data[key]), "base64").toString("utf8"));
  return problem ? [invalid(dataPath.key(key), "<secret contents redacted>", problem)] : [];
}

function validateTypedKeys(secret: KubeObject, data: Record<string, unknown>): FieldError[] {
  switch (str(secret.type)) {
    case "kubernetes.io/service-account-token":
      return str(secret.metadata?.annotations?.["kubernetes.io/service-account.name"])
        ? []
        : [required(new FieldPath("metadata").child("annotations").key("kubernetes.io/service-account.name"))];
    case "kubernetes.io/dockercfg":
      return validateDockerConfig(data, ".dockercfg");
    case "kubernetes.io/dockerconfigjson":
      return validateDockerConfig(data, ".dockerconfigjson");
    case "kubernetes.io/basic-auth":
      return "username" in data || "password" in data ? [] : [required(dataPath.key("username")), required(dataPath.key("password"))];
    case "kubernetes.io/ssh-auth":
      return decodedLength(data["ssh-privatekey"]) === 0 ? [required(dataPath.key("ssh-privatekey"))] : [];
    case "kubernetes.io/tls": {
      const errs: FieldError[] = [];
      if (!("tls.crt" in data)) errs.push(required(dataPath.key("tls.crt")));
      if (!("tls.key" in data)) errs.push(required(dataPath.key("tls.key")));
      return errs;
    }
    default:
      return [];
  }
}

export function validateSecret(secret: KubeObject): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  const data = obj(secret.data) ?? {};
  let total = 0;
  for (const key of Object.keys(data).sort()) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(dataPath.key(key), key, m)));
    total += decodedLength(data[key]);
  }
  if (total > maxDataSize) errs.push(tooLong(dataPath, maxDataSize));
  errs.push(...validateTypedKeys(secret, data));
  return errs;
}

export function validateSecretUpdate(secret: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  errs.push(...validateImmutable(str(secret.type), str(old.type), "type"));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden("immutable", "field is immutable when `immutable` is set"));
    if (!semanticEqual(secret.data, old.data)) errs.push(forbidden("data", "field is immutable when `immutable` is set"));
  }
  errs.push(...validateSecret(secret));
  return errs;
}
