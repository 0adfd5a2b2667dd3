import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { defaultSecret, validateSecret, validateSecretUpdate } from "./secret.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");

function secret(fields: Record<string, unknown>): KubeObject {
  const s: KubeObject = { apiVersion: "v1", kind: "Secret", metadata: { name: "creds", namespace: "default", uid: "u", resourceVersion: "1" }, ...fields };
  defaultSecret(s);
  return s;
}

test("defaultSecret() sets type Opaque and folds stringData into data", () => {
  const s = secret({ stringData: { password: "hunter2" }, data: { user: b64("admin") } });
  assert.equal(s.type, "Opaque");
  assert.deepEqual(s.data, { user: b64("admin"), password: b64("hunter2") });
  assert.equal(s.stringData, undefined);
});

const cases: Array<[string, Record<string, unknown>, string[]]> = [
  ["an opaque secret", { data: { key: b64("v") } }, []],
  ["a bad key", { data: { "a b": b64("v") } }, [
    "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]],
  ["a TLS secret without a key", { type: "kubernetes.io/tls", data: { "tls.crt": b64("c") } }, ["data[tls.key]: Required value"]],
  ["a basic-auth secret without credentials", { type: "kubernetes.io/basic-auth", data: {} }, ["data[username]: Required value", "data[password]: Required value"]],
  [
    "a token secret without its service account",
    { type: "kubernetes.io/service-account-token" },
    ["metadata.annotations[kubernetes.io/service-account.name]: Required value"],
  ],
  [
    "a docker config that is not JSON",
    { type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64("nope") } },
    ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'n\' looking for beginning of value'],
  ],
  ["an ssh secret without a key", { type: "kubernetes.io/ssh-auth", data: {} }, ["data[ssh-privatekey]: Required value"]],
  ["too much data", { data: { big: b64("x".repeat(1024 * 1024 + 1)) } }, ["data: Too long: may not be more than 1048576 bytes"]],
];

for (const [name, fields, want] of cases) {
  test(`validateSecret() ${name}`, () => assert.deepEqual(messages(validateSecret(secret(fields))), want));
}

test("validateSecretUpdate() keeps the type and an immutable secret's data", () => {
  const old = secret({ immutable: true, data: { k: b64("1") } });
  const next = secret({ type: "kubernetes.io/tls", immutable: true, data: { k: b64("2"), "tls.crt": "", "tls.key": "" } });
  assert.deepEqual(messages(validateSecretUpdate(next, old)), [
    'type: Invalid value: "kubernetes.io/tls": field is immutable',
    "data: Forbidden: field is immutable when `immutable` is set",
  ]);
});
