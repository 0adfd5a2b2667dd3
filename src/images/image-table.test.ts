import { test } from "node:test";
import assert from "node:assert/strict";
import { formatImageTable, humanSize } from "./image-table.ts";
import { assertGolden } from "./_golden.ts";

const id = (c: string) => `sha256:${c.repeat(64)}`;

test("formatImageTable() prints a row per name, unnamed images as <none>", () => {
  assertGolden("image-ls", `${formatImageTable([
    { id: id("a"), names: ["docker.io/library/busybox:latest", "docker.io/library/busybox:1.35"], size: 2_100_000, base: "scratch" },
    { id: id("b"), names: ["registry.local:5000/team/app:v1"], size: 48_213, base: "host" },
    { id: id("c"), names: [`docker.io/library/pinned@sha256:${"d".repeat(64)}`], size: 999, base: "scratch" },
    { id: id("e"), names: [], size: 0, base: "scratch" },
  ])}\n`);
  assert.equal(formatImageTable([]), "REPOSITORY   TAG   IMAGE ID   SIZE");
});

const sizes: [number, string][] = [
  [0, "0B"], [512, "512B"], [999, "999B"], [1000, "1kB"], [1234, "1.23kB"], [999_499, "999kB"],
  [999_999, "1MB"], [4_261_888, "4.26MB"], [1_240_000_000, "1.24GB"], [2 ** 53, "9.01PB"],
];

for (const [bytes, want] of sizes) {
  test(`humanSize() prints ${bytes} as ${want}`, () => {
    assert.equal(humanSize(bytes), want);
  });
}
