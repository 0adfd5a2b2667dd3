import { test } from "node:test";
import assert from "node:assert/strict";
import { firstContainers } from "./staged-rootfs.ts";

test("firstContainers() is the first init container, else every app container", () => {
  const cases = [
    { spec: { containers: [{ name: "a" }, { name: "b" }] }, want: ["a", "b"] },
    { spec: { initContainers: [{ name: "i1" }, { name: "i2" }], containers: [{ name: "a" }] }, want: ["i1"] },
    { spec: { initContainers: [], containers: [{ name: "a" }] }, want: ["a"] },
    { spec: {}, want: [] },
  ];
  for (const c of cases) assert.deepEqual(firstContainers({ metadata: { name: "p" }, spec: c.spec }).map((x) => x.name), c.want);
});
