import { test } from "node:test";
import assert from "node:assert/strict";
import { buildMessages, parseField } from "./message-schema.ts";
import { messageForKind, messages, supportedKinds } from "./messages.ts";

const fields: [string, object][] = [
  ["1 name:string", { number: 1, jsonName: "name", shape: "plain", type: "string" }],
  ["4 terminationGracePeriodSeconds:*int64", { number: 4, jsonName: "terminationGracePeriodSeconds", shape: "pointer", type: "int64" }],
  ["2 containers:[]Container", { number: 2, jsonName: "containers", shape: "repeated", type: "Container" }],
  ["2 data:{}bytes", { number: 2, jsonName: "data", shape: "map", type: "bytes" }],
  ["2 volumeSource:...VolumeSource", { number: 2, jsonName: "volumeSource", shape: "inline", type: "VolumeSource" }],
];

for (const [text, expected] of fields) {
  test(`parseField() reads "${text}"`, () => assert.deepEqual(parseField("M", text), expected));
}

test("parseField() rejects text outside the notation", () => {
  assert.throws(() => parseField("Secret", "data: map"), /message Secret: cannot parse field "data: map"/);
});

test("buildMessages() rejects unknown types, duplicate numbers, duplicate messages and inlined scalars", () => {
  assert.throws(() => buildMessages({ A: ["1 b:Missing"] }), /A\.b: unknown message type Missing/);
  assert.throws(() => buildMessages({ A: ["1 b:string", "1 c:string"] }), /A repeats a field number/);
  assert.throws(() => buildMessages({ A: [] }, { A: [] }), /message A is defined twice/);
  assert.throws(() => buildMessages({ A: ["1 b:...string"] }), /A\.b: only messages can be inlined/);
});

test("messageForKind() finds every supported kind and DeleteOptions, and nothing else", () => {
  for (const key of supportedKinds()) {
    const slash = key.lastIndexOf("/");
    assert.equal(messageForKind(key.slice(0, slash), key.slice(slash + 1))?.name, key.slice(slash + 1));
  }
  assert.equal(messageForKind("batch/v1", "DeleteOptions"), messages.get("DeleteOptions"));
  assert.equal(messageForKind("apps/v1", "Deployment"), undefined);
  assert.equal(messageForKind("v1", "ObjectMeta"), undefined);
});
