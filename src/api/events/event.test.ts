import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { validateEvent, validateEventUpdate } from "./event.ts";

function event(fields: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: { name: "web.17a", namespace: "default", uid: "u", resourceVersion: "1" },
    eventTime: "2024-01-01T00:00:00.123456Z",
    regarding: { kind: "StatefulSet", namespace: "default", name: "web" },
    reason: "SuccessfulCreate",
    note: "create Pod web-0 in StatefulSet web successful",
    type: "Normal",
    action: "Create",
    reportingController: "statefulset-controller",
    reportingInstance: "ordinal",
    ...fields,
  };
}

const cases: Array<[string, KubeObject, string[]]> = [
  ["a complete event", event(), []],
  ["no eventTime", event({ eventTime: undefined }), ["eventTime: Required value"]],
  ["an unknown type", event({ type: "Info" }), ['type: Invalid value: "": has invalid value: Info']],
  ["a deprecated count", event({ deprecatedCount: 3 }), ['count: Invalid value: "": needs to be unset']],
  ["a one-element series", event({ series: { count: 1, lastObservedTime: "2024-01-01T00:00:01.000000Z" } }), ['series.count: Invalid value: "": should be at least 2']],
  [
    "a note longer than 1024 bytes",
    event({ note: "x".repeat(1025) }),
    ['message: Invalid value: "": can have at most 1024 characters'],
  ],
];

for (const [name, e, want] of cases) {
  test(`validateEvent() events.k8s.io ${name}`, () => assert.deepEqual(messages(validateEvent(e)), want));
}

test("validateEventUpdate() events.k8s.io allows a new series but not a new note", () => {
  const old = event();
  assert.deepEqual(messages(validateEventUpdate(event({ series: { count: 2, lastObservedTime: "2024-01-01T00:01:00.000000Z" } }), old)), []);
  assert.deepEqual(messages(validateEventUpdate(event({ note: "changed" }), old)), ['message: Invalid value: "changed": field is immutable']);
  assert.deepEqual(messages(validateEventUpdate(event({ regarding: { kind: "Pod", namespace: "default", name: "web-0" } }), old)), [
    'involvedObject: Invalid value: core.ObjectReference{Kind:"Pod", Namespace:"default", Name:"web-0", UID:"", APIVersion:"", ResourceVersion:"", FieldPath:""}: field is immutable',
  ]);
});
