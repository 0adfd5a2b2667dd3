import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { validateControllerRevision, validateControllerRevisionUpdate } from "./controller-revision.ts";

function revision(fields: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: { name: "web-7b9f8c6d5", namespace: "default", uid: "u", resourceVersion: "1" },
    revision: 1,
    data: { spec: { template: { $patch: "replace" } } },
    ...fields,
  };
}

const cases: Array<[string, KubeObject, string[]]> = [
  ["a revision", revision({}), []],
  ["no data", revision({ data: undefined }), ["data: Required value: data is mandatory"]],
  ["a negative revision", revision({ revision: -1 }), ["revision: Invalid value: -1: must be greater than or equal to 0"]],
];

for (const [name, r, want] of cases) {
  test(`validateControllerRevision() ${name}`, () => assert.deepEqual(messages(validateControllerRevision(r)), want));
}

test("validateControllerRevisionUpdate() lets the revision number move but not the data", () => {
  assert.deepEqual(messages(validateControllerRevisionUpdate(revision({ revision: 3 }), revision({}))), []);
  assert.deepEqual(messages(validateControllerRevisionUpdate(revision({ data: {} }), revision({}))), [
    "data: Invalid value: runtime.RawExtension{Raw:[]uint8{0x7b, 0x7d}, Object:runtime.Object(nil)}: field is immutable",
  ]);
});
