import { test } from "node:test";
import assert from "node:assert/strict";
import { goDuration, RestartBackoff } from "./restart-backoff.ts";

test("RestartBackoff lets the first restart go at once, then doubles from 10s to 5m", () => {
  const b = new RestartBackoff();
  let t = 0;
  assert.equal(b.waitUntil("p/c", t, t), undefined, "no entry: restart now");
  const waits: number[] = [];
  for (let i = 0; i < 8; i++) {
    b.next("p/c", t);
    waits.push(b.current("p/c"));
    const exitAgain = t + 1000;
    const until = b.waitUntil("p/c", exitAgain, exitAgain);
    assert.equal(until, exitAgain + b.current("p/c"));
    assert.equal(b.waitUntil("p/c", exitAgain, until!), undefined, "free once the wait is over");
    t = until!;
  }
  assert.deepEqual(waits, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
});

test("RestartBackoff starts over after twice the cap without an exit", () => {
  const b = new RestartBackoff({ initialMs: 10, maxMs: 100 });
  b.next("k", 0);
  b.next("k", 10);
  assert.equal(b.current("k"), 20);
  assert.equal(b.waitUntil("k", 211, 211), undefined, "expired entry does not hold a restart back");
  b.next("k", 211);
  assert.equal(b.current("k"), 10);
});

test("RestartBackoff.forget() drops a pod's containers only", () => {
  const b = new RestartBackoff();
  b.next("uid-1/a", 0);
  b.next("uid-2/a", 0);
  b.forget("uid-1/");
  assert.equal(b.current("uid-1/a"), 0);
  assert.equal(b.current("uid-2/a"), 10_000);
});

test("goDuration() prints as Go's time.Duration does", () => {
  const cases: Array<[number, string]> = [
    [0, "0s"],
    [500, "500ms"],
    [10_000, "10s"],
    [80_000, "1m20s"],
    [300_000, "5m0s"],
    [1_500, "1.5s"],
    [3_600_000, "1h0m0s"],
  ];
  for (const [ms, want] of cases) assert.equal(goDuration(ms), want, String(ms));
});
