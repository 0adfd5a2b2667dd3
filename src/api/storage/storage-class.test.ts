import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { defaultStorageClass, validateStorageClass, validateStorageClassUpdate } from "./storage-class.ts";

function storageClass(fields: Record<string, unknown> = {}): KubeObject {
  const sc: KubeObject = {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "standard", uid: "u", resourceVersion: "1" },
    provisioner: "ordinal.dev/host-path",
    ...fields,
  };
  defaultStorageClass(sc);
  return sc;
}

test("defaultStorageClass() defaults Delete and Immediate", () => {
  const sc = storageClass();
  assert.equal(sc.reclaimPolicy, "Delete");
  assert.equal(sc.volumeBindingMode, "Immediate");
});

const cases: Array<[string, KubeObject, string[]]> = [
  ["a valid class", storageClass({ parameters: { type: "ssd" } }), []],
  ["no provisioner", storageClass({ provisioner: "" }), ["provisioner: Required value"]],
  [
    "a provisioner with two slashes",
    storageClass({ provisioner: "a/b/c" }),
    [
      "provisioner: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  ],
  ["a Recycle reclaim policy", storageClass({ reclaimPolicy: "Recycle" }), ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']],
  [
    "an unknown binding mode",
    storageClass({ volumeBindingMode: "Later" }),
    ['volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"'],
  ],
  ["an empty parameter name", storageClass({ parameters: { "": "x" } }), ['parameters: Invalid value: "": field can not be empty.']],
];

for (const [name, sc, want] of cases) {
  test(`validateStorageClass() ${name}`, () => assert.deepEqual(messages(validateStorageClass(sc)), want));
}

test("validateStorageClassUpdate() keeps provisioner, parameters and policies", () => {
  const old = storageClass({ parameters: { type: "ssd" } });
  assert.deepEqual(messages(validateStorageClassUpdate(storageClass({ parameters: { type: "ssd" }, allowVolumeExpansion: true }), old)), []);
  assert.deepEqual(
    messages(
      validateStorageClassUpdate(
        storageClass({ provisioner: "other.dev/x", parameters: {}, reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer" }),
        old,
      ),
    ),
    [
      "parameters: Forbidden: updates to parameters are forbidden.",
      "provisioner: Forbidden: updates to provisioner are forbidden.",
      "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
      'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ],
  );
});
