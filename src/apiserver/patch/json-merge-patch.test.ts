import assert from "node:assert/strict";
import { test } from "node:test";
import { StatusError } from "../../api/status-error.ts";
import { applyMergePatch } from "./json-merge-patch.ts";

const cases: { name: string; doc: unknown; patch: unknown; want: unknown }[] = [
  // The RFC 7386 appendix examples.
  { name: "replaces a member", doc: { a: "b" }, patch: { a: "c" }, want: { a: "c" } },
  { name: "adds a member", doc: { a: "b" }, patch: { b: "c" }, want: { a: "b", b: "c" } },
  { name: "null removes a member", doc: { a: "b" }, patch: { a: null }, want: {} },
  { name: "null removes only its member", doc: { a: "b", b: "c" }, patch: { a: null }, want: { b: "c" } },
  { name: "an array replaces an array", doc: { a: ["b"] }, patch: { a: "c" }, want: { a: "c" } },
  { name: "a scalar replaces an array", doc: { a: "c" }, patch: { a: ["b"] }, want: { a: ["b"] } },
  { name: "merges nested objects", doc: { a: { b: "c" } }, patch: { a: { b: "d", c: null } }, want: { a: { b: "d" } } },
  { name: "arrays are replaced, not merged", doc: { a: [{ b: "c" }] }, patch: { a: [1] }, want: { a: [1] } },
  { name: "an object replaces a scalar, nulls dropped", doc: { a: "foo" }, patch: { a: { b: null, c: 1 } }, want: { a: { c: 1 } } },
  { name: "null for a missing member is a no-op", doc: {}, patch: { a: { bb: { ccc: null } } }, want: { a: { bb: {} } } },
  { name: "the empty patch changes nothing", doc: { a: 1 }, patch: {}, want: { a: 1 } },
  // What kubectl sends.
  {
    name: "scale sets replicas",
    doc: { spec: { replicas: 1, selector: { matchLabels: { app: "web" } } } },
    patch: { spec: { replicas: 3 } },
    want: { spec: { replicas: 3, selector: { matchLabels: { app: "web" } } } },
  },
  {
    name: "a merge patch replaces the containers list whole",
    doc: { spec: { containers: [{ name: "a", image: "1" }, { name: "b", image: "2" }] } },
    patch: { spec: { containers: [{ name: "a", image: "3" }] } },
    want: { spec: { containers: [{ name: "a", image: "3" }] } },
  },
  // Upstream library specifics.
  {
    name: "null members inside inserted arrays are dropped, null elements kept",
    doc: {},
    patch: { items: [{ a: 1, b: null }, null] },
    want: { items: [{ a: 1 }, null] },
  },
  {
    name: "an array replacing an object is taken verbatim",
    doc: { a: { x: 1 } },
    patch: { a: [{ b: null }] },
    want: { a: [{ b: null }] },
  },
  {
    name: "a member holding null in the document is replaced like a missing one",
    doc: { a: null },
    patch: { a: { b: 1, c: null } },
    want: { a: { b: 1 } },
  },
  {
    name: "an array patch becomes the document, nulls pruned inside its objects",
    doc: { a: 1 },
    patch: [{ a: null, b: 2 }],
    want: [{ b: 2 }],
  },
  {
    name: "a member named __proto__ stays an ordinary member",
    doc: {},
    patch: JSON.parse('{"__proto__":{"x":1}}'),
    want: JSON.parse('{"__proto__":{"x":1}}'),
  },
];

for (const c of cases) {
  test(`applyMergePatch() ${c.name}`, () => {
    const doc = structuredClone(c.doc);
    const patch = structuredClone(c.patch);
    const out = applyMergePatch(doc, patch);
    assert.deepEqual(out, c.want);
    assert.deepEqual(doc, c.doc, "document must not be mutated");
    assert.deepEqual(patch, c.patch, "patch must not be mutated");
    assert.equal(Object.getPrototypeOf(out), Array.isArray(out) ? Array.prototype : Object.prototype);
  });
}

for (const [name, patch] of [["null", null], ["a string", "x"], ["a number", 1], ["a boolean", true]] as const) {
  test(`applyMergePatch() answers 400 "Invalid JSON Patch" for ${name}`, () => {
    assert.throws(
      () => applyMergePatch({ a: 1 }, patch),
      (e: unknown) => e instanceof StatusError && e.code === 400 && e.reason === "BadRequest" && e.message === "Invalid JSON Patch",
    );
  });
}

test("applyMergePatch() reports a document that is not an object as a bare server error", () => {
  assert.throws(() => applyMergePatch(null, {}), (e: unknown) => e instanceof StatusError && e.code === 500 && e.message === "Invalid JSON Document");
});
