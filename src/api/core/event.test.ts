import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { validateEvent, validateEventUpdate } from "./event.ts";

function event(fields: Record<string, unknown>, namespace = "default"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "web.17a", namespace },
    involvedObject: { kind: "StatefulSet", namespace: "default", name: "web" },
    reason: "SuccessfulCreate",
    message: "create Pod web-0 in StatefulSet web successful",
    ...fields,
  };
}

const cases: Array<[string, KubeObject, string[]]> = [
  ["a controller event", event({}), []],
  [
    "an involved object in another namespace",
    event({ involvedObject: { kind: "Pod", namespace: "other", name: "x" } }),
    ['involvedObject.namespace: Invalid value: "other": does not match event.namespace'],
  ],
  ["a cluster-scoped object reported in default", event({ involvedObject: { kind: "Node", name: "n1" } }), []],
  [
    "a cluster-scoped object reported elsewhere",
    event({ involvedObject: { kind: "Node", name: "n1" } }, "team"),
    ['involvedObject.namespace: Invalid value: "": does not match event.namespace'],
  ],
  [
    "a new-style event without reporting fields",
    event({ eventTime: "2024-01-01T00:00:00.000000Z", reason: "" }),
    [
      "reportingController: Required value",
      'reportingController: Invalid value: "": name part must be non-empty',
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "reportingInstance: Required value",
      "action: Required value",
      "reason: Required value",
    ],
  ],
];

for (const [name, e, want] of cases) {
  test(`validateEvent() ${name}`, () => assert.deepEqual(messages(validateEvent(e)), want));
}

test("validateEventUpdate() through core/v1 checks the new event only", () => {
  const old = event({ count: 1 });
  assert.deepEqual(messages(validateEventUpdate(event({ count: 2, message: "again" }), old)), []);
});
