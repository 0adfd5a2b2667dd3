import { test } from "node:test";
import assert from "node:assert/strict";
import { runWorkers } from "./run-workers.ts";

/** A clock that moves only when an operation says so. */
function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

test("runWorkers() runs every index exactly once", async () => {
  const seen: number[] = [];
  const r = await runWorkers({ count: 50, concurrency: 4, maxMs: Infinity }, async (i) => {
    await Promise.resolve();
    seen.push(i);
  });
  assert.deepEqual(seen.toSorted((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  assert.equal(r.completed, 50);
  assert.equal(r.latenciesMs.length, 50);
});

test("runWorkers() never has more than `concurrency` operations in flight", async () => {
  let inFlight = 0;
  let peak = 0;
  await runWorkers({ count: 40, concurrency: 3, maxMs: Infinity }, async () => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
  });
  assert.equal(peak, 3);
});

test("runWorkers() records latency and rate from its clock", async () => {
  const clock = manualClock();
  const r = await runWorkers({ count: 10, concurrency: 1, maxMs: Infinity, now: clock.now }, async () => clock.advance(5));
  assert.deepEqual(r.latenciesMs, Array(10).fill(5));
  assert.equal(r.elapsedMs, 50);
  assert.equal(r.perSecond, 200);
});

test("runWorkers() starts no operation once maxMs has passed", async () => {
  const clock = manualClock();
  const r = await runWorkers({ count: 100, concurrency: 2, maxMs: 30, now: clock.now }, async () => clock.advance(10));
  // Each completed operation moves the shared clock by 10 ms; workers stop seeing 30 ms or more.
  assert.equal(r.completed, 3);
});

test("runWorkers() rejects with the first failure and stops the other workers", async () => {
  let started = 0;
  await assert.rejects(
    runWorkers({ count: 1000, concurrency: 4, maxMs: Infinity }, async (i) => {
      started++;
      await Promise.resolve();
      if (i === 5) throw new Error("boom");
    }),
    /boom/,
  );
  assert.ok(started < 20, `started ${started} operations after the failure`);
});

test("runWorkers() stops and rejects when its signal is aborted", async () => {
  const ctrl = new AbortController();
  let done = 0;
  await assert.rejects(
    runWorkers({ count: 1000, concurrency: 2, maxMs: Infinity, signal: ctrl.signal }, async () => {
      await Promise.resolve();
      if (++done === 10) ctrl.abort();
    }),
    { name: "AbortError" },
  );
  assert.ok(done < 20);
});
