import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock, systemClock } from "./clock.ts";

test("ManualClock only moves when ticked or set", () => {
  const clock = new ManualClock(new Date("2026-03-01T00:00:00Z"));
  assert.equal(clock.now().toISOString(), "2026-03-01T00:00:00.000Z");
  clock.tick(1500);
  assert.equal(clock.now().toISOString(), "2026-03-01T00:00:01.500Z");
  clock.set(0);
  assert.equal(clock.now().getTime(), 0);
});

test("systemClock reads the wall clock", () => {
  const before = Date.now();
  const now = systemClock.now().getTime();
  assert.ok(now >= before && now <= Date.now());
});
