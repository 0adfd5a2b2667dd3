import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { kubectlInvalid, messages } from "../validation/_kubectl-message.ts";
import { validateConfigMap, validateConfigMapUpdate } from "./config-map.ts";

function configMap(fields: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default", uid: "u", resourceVersion: "1" }, ...fields };
}

const keyMessage =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

const cases: Array<[string, Record<string, unknown>, string[]]> = [
  ["valid data", { data: { "app.properties": "a=b" }, binaryData: { logo: "aGVsbG8=" } }, []],
  ["a key with a slash", { data: { "a/b": "x" } }, [`data[a/b]: Invalid value: "a/b": ${keyMessage}`]],
  ["a key in both maps", { data: { k: "x" }, binaryData: { k: "eA==" } }, ['data[k]: Invalid value: "k": duplicate of key present in binaryData']],
  ["too much data", { data: { big: "x".repeat(1024 * 1024 + 1) } }, [": Too long: may not be more than 1048576 bytes"]],
];

for (const [name, fields, want] of cases) {
  test(`validateConfigMap() ${name}`, () => assert.deepEqual(messages(validateConfigMap(configMap(fields))), want));
}

test("validateConfigMapUpdate() keeps an immutable ConfigMap's data", () => {
  const old = configMap({ immutable: true, data: { a: "1" } });
  assert.deepEqual(messages(validateConfigMapUpdate(configMap({ immutable: true, data: { a: "1" } }), old)), []);
  const next = configMap({ data: { a: "2" } });
  assert.equal(
    kubectlInvalid("", "ConfigMap", "cfg", validateConfigMapUpdate(next, old)),
    'The ConfigMap "cfg" is invalid: \n* immutable: Forbidden: field is immutable when `immutable` is set\n* data: Forbidden: field is immutable when `immutable` is set',
  );
});
