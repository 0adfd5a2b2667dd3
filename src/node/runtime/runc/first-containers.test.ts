import { test } from "node:test";
import assert from "node:assert/strict";
import { firstContainers } from "./first-containers.ts";

test("firstContainers() is the first init container, else every app container", () => {
  const cases = [
    { spec: { containers: [{ name: "a" }, { name: "b" }] }, want: ["a", "b"], init: false },
    { spec: { initContainers: [{ name: "i1" }, { name: "i2" }], containers: [{ name: "a" }] }, want: ["i1"], init: true },
    { spec: { initContainers: [], containers: [{ name: "a" }] }, want: ["a"], init: false },
    { spec: {}, want: [], init: false },
  ];
  for (const c of cases) {
    const got = firstContainers({ metadata: { name: "p" }, spec: c.spec });
    assert.deepEqual([got.containers.map((x) => x.name), got.init], [c.want, c.init], JSON.stringify(c.spec));
  }
});
