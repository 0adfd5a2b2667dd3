import { test } from "node:test";
import assert from "node:assert/strict";
import { parseBenchArgs } from "./parse-bench-args.ts";

for (const { argv, want } of [
  { argv: ["api"], want: { name: "api", quick: false, json: false, help: false } },
  { argv: ["api", "--quick", "--json"], want: { name: "api", quick: true, json: true, help: false } },
  { argv: ["--json", "api"], want: { name: "api", quick: false, json: true, help: false } },
  { argv: [], want: { name: undefined, quick: false, json: false, help: false } },
  { argv: ["-h"], want: { name: undefined, quick: false, json: false, help: true } },
]) {
  test(`parseBenchArgs() reads ${JSON.stringify(argv)}`, () => {
    assert.deepEqual(parseBenchArgs(argv), want);
  });
}

test("parseBenchArgs() rejects an unknown option", () => {
  assert.throws(() => parseBenchArgs(["api", "--fast"]), /--fast/);
});

test("parseBenchArgs() rejects a second scenario name", () => {
  assert.throws(() => parseBenchArgs(["api", "watch"]), /one scenario name, got api watch/);
});
