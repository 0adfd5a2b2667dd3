import { test } from "node:test";
import assert from "node:assert/strict";
import { formatNumber, formatTable } from "./format-table.ts";

test("formatTable() aligns text left and figures right, with ratio and target verdicts", () => {
  const out = formatTable([
    { metric: "creates/s", value: 3412.4, unit: "ops/s", baseline: 4100, target: { op: ">=", value: 3000 } },
    { metric: "create p99", value: 23.456, unit: "ms", target: { op: "<", value: 20 } },
    { metric: "idle RSS", value: 61.2, unit: "MB" },
  ]);
  assert.equal(
    out,
    [
      "METRIC            VALUE     BASELINE   RATIO   TARGET",
      "creates/s    3412 ops/s   4100 ops/s    0.83   >= 3000 ok",
      "create p99      23.5 ms                        < 20 MISSED",
      "idle RSS        61.2 MB",
    ].join("\n"),
  );
});

test("formatTable() prints only the header for no rows", () => {
  assert.equal(formatTable([]), "METRIC   VALUE   BASELINE   RATIO   TARGET");
});

test("formatTable() leaves baseline and ratio empty for a zero baseline", () => {
  assert.equal(formatTable([{ metric: "m", value: 1, unit: "x", baseline: 0 }]).split("\n")[1], "m        1.00 x");
});

for (const [n, want] of [
  [3412.4, "3412"],
  [100, "100"],
  [99.94, "99.9"],
  [10, "10.0"],
  [4.567, "4.57"],
  [0, "0.00"],
  [Number.NaN, "-"],
  [Number.POSITIVE_INFINITY, "-"],
] as const) {
  test(`formatNumber() renders ${n} as ${want}`, () => {
    assert.equal(formatNumber(n), want);
  });
}
