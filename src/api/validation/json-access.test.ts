import assert from "node:assert/strict";
import { test } from "node:test";
import { semanticEqual } from "./json-access.ts";
import { jsonDiff } from "./json-diff.ts";

const cases: Array<[string, unknown, unknown, boolean]> = [
  ["absent and empty list", { a: undefined }, { a: [] }, true],
  ["absent and empty map", {}, { m: {} }, true],
  ["absent and zero scalar", { n: 0, s: "", b: false }, {}, true],
  ["map with an empty value is not empty", { m: { app: "" } }, {}, false],
  ["struct with a zero field is not absent", { ordinals: { start: 0 } }, {}, false],
  ["struct fields compare with zero values", { ordinals: { start: 0 } }, { ordinals: {} }, true],
  ["list order matters", [1, 2], [2, 1], false],
  ["nested difference", { a: { b: [{ c: "x" }] } }, { a: { b: [{ c: "y" }] } }, false],
];

for (const [name, a, b, want] of cases) {
  test(`semanticEqual() ${name}`, () => {
    assert.equal(semanticEqual(a, b), want);
    assert.equal(semanticEqual(b, a), want);
  });
}

test("jsonDiff() lists each differing leaf with its path", () => {
  assert.equal(
    jsonDiff({ containers: [{ name: "a", image: "x" }] }, { containers: [{ name: "a", image: "y" }], hostname: "h" }, "spec"),
    '- spec.containers[0].image: "x"\n+ spec.containers[0].image: "y"\n- spec.hostname: null\n+ spec.hostname: "h"',
  );
});
