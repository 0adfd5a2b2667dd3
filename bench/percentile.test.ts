import { test } from "node:test";
import assert from "node:assert/strict";
import { percentile, summarize } from "./percentile.ts";

const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose

for (const { name, samples, p, want } of [
  { name: "p50 of 1..100 is 50", samples: hundred, p: 50, want: 50 },
  { name: "p99 of 1..100 is 99", samples: hundred, p: 99, want: 99 },
  { name: "p100 is the maximum", samples: hundred, p: 100, want: 100 },
  { name: "one sample is every percentile", samples: [7], p: 1, want: 7 },
  { name: "p99 of ten samples is the largest", samples: [5, 1, 4, 2, 3, 10, 9, 8, 7, 6], p: 99, want: 10 },
  { name: "p50 of four samples is the second", samples: [40, 10, 30, 20], p: 50, want: 20 },
  { name: "fractions sort numerically, not as strings", samples: [10, 9.5, 100, 2], p: 50, want: 9.5 },
]) {
  test(`percentile() ${name}`, () => {
    assert.equal(percentile(samples, p), want);
  });
}

test("percentile() of no samples is NaN", () => {
  assert.ok(Number.isNaN(percentile([], 50)));
});

test("percentile() rejects p outside (0, 100]", () => {
  assert.throws(() => percentile([1], 0), RangeError);
  assert.throws(() => percentile([1], 101), RangeError);
});

test("summarize() reports count, p50, p99 and max", () => {
  assert.deepEqual(summarize(hundred), { count: 100, p50: 50, p99: 99, max: 100 });
});

test("summarize() of no samples has NaN statistics", () => {
  const s = summarize([]);
  assert.equal(s.count, 0);
  assert.ok(Number.isNaN(s.p50) && Number.isNaN(s.p99) && Number.isNaN(s.max));
});
