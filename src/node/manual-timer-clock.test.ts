import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualTimerClock } from "./manual-timer-clock.ts";

test("ManualTimerClock fires timers in due order as time advances", async () => {
  const clock = new ManualTimerClock(0);
  const fired: string[] = [];
  clock.after(30, () => fired.push("b"));
  clock.after(10, () => fired.push(`a@${clock.now().getTime()}`));
  const cancelled = clock.after(20, () => fired.push("never"));
  cancelled.cancel();
  assert.equal(clock.nextDue?.getTime(), 10);
  await clock.tick(25);
  assert.deepEqual(fired, ["a@10"]);
  assert.equal(clock.now().getTime(), 25);
  await clock.tick(5);
  assert.deepEqual(fired, ["a@10", "b"]);
  assert.equal(clock.pending, 0);
});

test("ManualTimerClock.sleep() resolves on time and rejects when aborted", async () => {
  const clock = new ManualTimerClock(0);
  let woke = false;
  const sleeping = clock.sleep(100).then(() => (woke = true));
  await clock.tick(99);
  assert.equal(woke, false);
  await clock.tick(1);
  await sleeping;
  const abort = new AbortController();
  const aborted = clock.sleep(100, abort.signal);
  abort.abort();
  await assert.rejects(aborted, (e: Error) => e.name === "AbortError");
  assert.equal(clock.pending, 0);
});

test("ManualTimerClock runs timers that timers schedule within the same tick", async () => {
  const clock = new ManualTimerClock(0);
  const at: number[] = [];
  clock.after(10, () => clock.after(10, () => at.push(clock.now().getTime())));
  await clock.tick(20);
  assert.deepEqual(at, [20]);
});
