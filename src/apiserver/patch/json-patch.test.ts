import assert from "node:assert/strict";
import { test } from "node:test";
import { StatusError } from "../../api/status-error.ts";
import { applyJsonPatch } from "./json-patch.ts";

const pod = () => ({
  metadata: { name: "web-0", labels: { app: "web" }, finalizers: ["a", "b"] },
  spec: { containers: [{ name: "nginx", image: "nginx:1.20" }], nodeName: null },
});

const applied: { name: string; doc?: unknown; ops: unknown; want: unknown }[] = [
  {
    name: "add sets a new object member",
    ops: [{ op: "add", path: "/metadata/labels/tier", value: "front" }],
    want: { ...pod(), metadata: { ...pod().metadata, labels: { app: "web", tier: "front" } } },
  },
  {
    name: "add overwrites an existing member",
    ops: [{ op: "add", path: "/metadata/name", value: "web-1" }],
    want: { ...pod(), metadata: { ...pod().metadata, name: "web-1" } },
  },
  {
    name: "add inserts into an array at an index",
    ops: [{ op: "add", path: "/metadata/finalizers/1", value: "x" }],
    want: { ...pod(), metadata: { ...pod().metadata, finalizers: ["a", "x", "b"] } },
  },
  {
    name: "add appends with -",
    ops: [{ op: "add", path: "/metadata/finalizers/-", value: "c" }],
    want: { ...pod(), metadata: { ...pod().metadata, finalizers: ["a", "b", "c"] } },
  },
  {
    name: "add at index == length appends",
    ops: [{ op: "add", path: "/metadata/finalizers/2", value: "c" }],
    want: { ...pod(), metadata: { ...pod().metadata, finalizers: ["a", "b", "c"] } },
  },
  {
    name: "add with a negative index counts from the end",
    ops: [{ op: "add", path: "/metadata/finalizers/-1", value: "c" }],
    want: { ...pod(), metadata: { ...pod().metadata, finalizers: ["a", "b", "c"] } },
  },
  {
    name: "add without a value adds null",
    ops: [{ op: "add", path: "/metadata/labels/x" }],
    want: { ...pod(), metadata: { ...pod().metadata, labels: { app: "web", x: null } } },
  },
  {
    name: "remove deletes a member",
    ops: [{ op: "remove", path: "/metadata/labels/app" }],
    want: { ...pod(), metadata: { ...pod().metadata, labels: {} } },
  },
  {
    name: "remove deletes a member holding null",
    ops: [{ op: "remove", path: "/spec/nodeName" }],
    want: { ...pod(), spec: { containers: pod().spec.containers } },
  },
  {
    name: "remove deletes an array element",
    ops: [{ op: "remove", path: "/metadata/finalizers/0" }],
    want: { ...pod(), metadata: { ...pod().metadata, finalizers: ["b"] } },
  },
  {
    name: "replace changes a nested value",
    ops: [{ op: "replace", path: "/spec/containers/0/image", value: "nginx:1.21" }],
    want: { ...pod(), spec: { ...pod().spec, containers: [{ name: "nginx", image: "nginx:1.21" }] } },
  },
  {
    name: "replace of a missing object member adds it (library quirk)",
    ops: [{ op: "replace", path: "/metadata/labels/new", value: "v" }],
    want: { ...pod(), metadata: { ...pod().metadata, labels: { app: "web", new: "v" } } },
  },
  {
    name: "replace with an empty path replaces the document",
    ops: [{ op: "replace", path: "", value: { kind: "Pod" } }],
    want: { kind: "Pod" },
  },
  {
    name: "move relocates a value",
    ops: [{ op: "move", from: "/metadata/labels/app", path: "/metadata/labels/name" }],
    want: { ...pod(), metadata: { ...pod().metadata, labels: { name: "web" } } },
  },
  {
    name: "move within an array",
    ops: [{ op: "move", from: "/metadata/finalizers/0", path: "/metadata/finalizers/-" }],
    want: { ...pod(), metadata: { ...pod().metadata, finalizers: ["b", "a"] } },
  },
  {
    name: "copy duplicates a subtree independently",
    ops: [
      { op: "copy", from: "/spec/containers/0", path: "/spec/containers/-" },
      { op: "replace", path: "/spec/containers/1/name", value: "copy" },
    ],
    want: { ...pod(), spec: { ...pod().spec, containers: [{ name: "nginx", image: "nginx:1.20" }, { name: "copy", image: "nginx:1.20" }] } },
  },
  {
    name: "copy from a missing object member copies null (library quirk)",
    ops: [{ op: "copy", from: "/metadata/nope", path: "/metadata/copied" }],
    want: { ...pod(), metadata: { ...pod().metadata, copied: null } },
  },
  {
    name: "test passes on deep equality and then the next op applies",
    ops: [
      { op: "test", path: "/spec/containers/0", value: { image: "nginx:1.20", name: "nginx" } },
      { op: "replace", path: "/metadata/name", value: "ok" },
    ],
    want: { ...pod(), metadata: { ...pod().metadata, name: "ok" } },
  },
  {
    name: "test of a missing member against null passes (library quirk)",
    ops: [{ op: "test", path: "/metadata/missing", value: null }],
    want: pod(),
  },
  {
    name: "test of the whole document",
    doc: { a: 1 },
    ops: [{ op: "test", path: "", value: { a: 1 } }],
    want: { a: 1 },
  },
  {
    name: "~1 and ~0 escape / and ~ in a segment",
    doc: { metadata: { annotations: { "a/b": "1", "c~d": "2" } } },
    ops: [
      { op: "replace", path: "/metadata/annotations/a~1b", value: "x" },
      { op: "remove", path: "/metadata/annotations/c~0d" },
    ],
    want: { metadata: { annotations: { "a/b": "x" } } },
  },
  {
    name: "a member named __proto__ stays an ordinary member",
    doc: { a: {} },
    ops: [{ op: "add", path: "/a/__proto__", value: { polluted: true } }],
    want: JSON.parse('{"a":{"__proto__":{"polluted":true}}}'),
  },
  { name: "a null body is an empty patch", ops: null, want: pod() },
  { name: "an empty list changes nothing", ops: [], want: pod() },
];

for (const c of applied) {
  test(`applyJsonPatch() ${c.name}`, () => {
    const doc = c.doc ?? pod();
    const before = structuredClone(doc);
    const opsBefore = structuredClone(c.ops);
    assert.deepEqual(applyJsonPatch(doc, c.ops), c.want);
    assert.deepEqual(doc, before, "document must not be mutated");
    assert.deepEqual(c.ops, opsBefore, "patch must not be mutated");
  });
}

test("applyJsonPatch() result shares no structure with the patch values", () => {
  const value = { k: "v" };
  const out = applyJsonPatch({}, [{ op: "add", path: "/x", value }]) as { x: { k: string } };
  out.x.k = "changed";
  assert.equal(value.k, "v");
});

const rejected: { name: string; ops: unknown[]; cause: RegExp }[] = [
  { name: "a failed test", ops: [{ op: "test", path: "/metadata/name", value: "other" }], cause: /testing value \/metadata\/name failed/ },
  { name: "a test of a missing member", ops: [{ op: "test", path: "/metadata/nope", value: "x" }], cause: /test failed/ },
  { name: "a test without a value", ops: [{ op: "test", path: "/metadata/name" }], cause: /test failed/ },
  { name: "a test whose parent is missing", ops: [{ op: "test", path: "/nope/x", value: 1 }], cause: /is missing path/ },
  { name: "remove of a missing member", ops: [{ op: "remove", path: "/metadata/nope" }], cause: /nonexistent key: nope/ },
  { name: "add under a missing parent", ops: [{ op: "add", path: "/status/phase", value: "x" }], cause: /missing path/ },
  { name: "add under a scalar", ops: [{ op: "add", path: "/metadata/name/x", value: 1 }], cause: /missing path/ },
  { name: "add past the end of an array", ops: [{ op: "add", path: "/metadata/finalizers/3", value: "x" }], cause: /invalid index/ },
  { name: "add with a non-numeric array index", ops: [{ op: "add", path: "/metadata/finalizers/x", value: "x" }], cause: /proper array index/ },
  { name: "replace out of array bounds", ops: [{ op: "replace", path: "/metadata/finalizers/2", value: "x" }], cause: /invalid index/ },
  { name: "remove out of array bounds", ops: [{ op: "remove", path: "/metadata/finalizers/-3" }], cause: /invalid index/ },
  { name: "move from a missing member", ops: [{ op: "move", from: "/metadata/nope", path: "/x" }], cause: /nonexistent key/ },
  { name: "move into its own child", ops: [{ op: "move", from: "/metadata", path: "/metadata/x" }], cause: /missing destination path/ },
  { name: "copy without from", ops: [{ op: "copy", path: "/x" }], cause: /missing from field/ },
  { name: "an unknown op", ops: [{ op: "merge", path: "/x" }], cause: /Unexpected kind: merge/ },
  { name: "a missing op", ops: [{ path: "/x" }], cause: /Unexpected kind: unknown/ },
  { name: "a null operation", ops: [null], cause: /Unexpected kind: unknown/ },
  { name: "a missing path", ops: [{ op: "add", value: 1 }], cause: /missing path field/ },
  { name: "a non-string path", ops: [{ op: "remove", path: 3 }], cause: /failed to decode path/ },
  { name: "an empty path for add", ops: [{ op: "add", path: "", value: 1 }], cause: /missing path/ },
  { name: "replacing the document with a scalar", ops: [{ op: "replace", path: "", value: 1 }], cause: /must be object or array/ },
];

for (const c of rejected) {
  test(`applyJsonPatch() answers 422 with upstream's fixed message for ${c.name}`, () => {
    const doc = pod();
    assert.throws(
      () => applyJsonPatch(doc, c.ops),
      (e: unknown) => {
        assert.ok(e instanceof StatusError);
        assert.equal(e.code, 422);
        assert.equal(e.reason, "Invalid");
        assert.equal(e.message, "the server rejected our request due to an error in our request");
        assert.deepEqual(e.status.details, {});
        assert.match(String((e.cause as Error).message), c.cause);
        return true;
      },
    );
    assert.deepEqual(doc, pod(), "document must not be mutated by a failed patch");
  });
}

test("applyJsonPatch() applies nothing when a later operation fails", () => {
  const doc = pod();
  assert.throws(() => applyJsonPatch(doc, [{ op: "replace", path: "/metadata/name", value: "x" }, { op: "test", path: "/metadata/name", value: "y" }]));
  assert.equal(doc.metadata.name, "web-0");
});

const malformed: { name: string; ops: unknown; message: string }[] = [
  { name: "an object body", ops: { op: "add" }, message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch" },
  { name: "a string body", ops: "add", message: "json: cannot unmarshal string into Go value of type jsonpatch.Patch" },
  { name: "a number element", ops: [1], message: "json: cannot unmarshal number into Go value of type jsonpatch.Operation" },
  { name: "an array element", ops: [[]], message: "json: cannot unmarshal array into Go value of type jsonpatch.Operation" },
  { name: "a boolean element", ops: [true], message: "json: cannot unmarshal bool into Go value of type jsonpatch.Operation" },
];

for (const c of malformed) {
  test(`applyJsonPatch() answers 400 BadRequest for ${c.name}`, () => {
    assert.throws(
      () => applyJsonPatch(pod(), c.ops),
      (e: unknown) => e instanceof StatusError && e.code === 400 && e.reason === "BadRequest" && e.message === c.message,
    );
  });
}

test("applyJsonPatch() answers 413 for more than 10000 operations", () => {
  const ops = Array.from({ length: 10001 }, () => ({ op: "test", path: "", value: {} }));
  assert.throws(
    () => applyJsonPatch({}, ops),
    (e: unknown) =>
      e instanceof StatusError &&
      e.code === 413 &&
      e.message === "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001",
  );
});
