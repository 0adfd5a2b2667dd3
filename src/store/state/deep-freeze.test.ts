import { test } from "node:test";
import assert from "node:assert/strict";
import { deepFreeze } from "./deep-freeze.ts";

test("deepFreeze() freezes nested objects and arrays", () => {
  const value = deepFreeze({ metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c" }] } });
  assert.ok(Object.isFrozen(value));
  assert.ok(Object.isFrozen(value.metadata.labels));
  assert.ok(Object.isFrozen(value.spec.containers));
  assert.ok(Object.isFrozen(value.spec.containers[0]));
  assert.throws(() => {
    (value.metadata.labels as Record<string, string>).app = "db";
  }, TypeError);
});

test("deepFreeze() returns primitives unchanged", () => {
  assert.equal(deepFreeze(3), 3);
  assert.equal(deepFreeze(null), null);
});
