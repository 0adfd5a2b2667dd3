import { test } from "node:test";
import assert from "node:assert/strict";
import { runWorkers, WorkQueue } from "./work-queue.ts";

test("WorkQueue.when() doubles the per-key back-off up to the maximum, and forget() resets it", () => {
  const q = new WorkQueue({ baseDelayMs: 5, maxDelayMs: 30, now: () => 0 });
  assert.deepEqual([1, 2, 3, 4, 5].map(() => q.when("a")), [5, 10, 20, 30, 30]);
  assert.equal(q.when("b"), 5, "keys back off independently");
  q.forget("a");
  assert.equal(q.when("a"), 5);
});

test("WorkQueue.when() lets a burst of retries through, then spaces them at qps across all keys", () => {
  let now = 0;
  const q = new WorkQueue({ baseDelayMs: 1, maxDelayMs: 1, now: () => now });
  const burst = Array.from({ length: 100 }, (_, i) => q.when(`k${i}`));
  assert.deepEqual(new Set(burst), new Set([1]), "the first 100 use the per-key back-off");
  assert.deepEqual([q.when("x"), q.when("y"), q.when("z")], [100, 200, 300], "10 per second after the burst");
  now = 1000;
  assert.equal(q.when("w"), 1, "a second refills 10 tokens, repaying the 3 borrowed");
});

test("WorkQueue.when() takes the larger of the key's back-off and the bucket's delay", () => {
  const table = [
    { name: "bucket full, back-off wins", qps: 10, burst: 100, failures: 3, want: 40 },
    { name: "bucket empty, bucket wins", qps: 1, burst: 1, failures: 2, want: 1000 },
  ];
  for (const c of table) {
    const q = new WorkQueue({ baseDelayMs: 10, maxDelayMs: 60_000, qps: c.qps, burst: c.burst, now: () => 0 });
    let got = 0;
    for (let i = 0; i < c.failures; i++) got = q.when("a");
    assert.equal(got, c.want, c.name);
  }
});

test("WorkQueue.addRateLimited() re-adds the key after its delay", async () => {
  const q = new WorkQueue({ baseDelayMs: 1 });
  q.addRateLimited("a");
  assert.equal(q.length, 0);
  assert.equal(await q.get(), "a");
  q.done("a");
  q.shutDown();
});

test("WorkQueue.add() while a key is processing processes it once more afterwards", async () => {
  const q = new WorkQueue();
  q.add("a");
  const key = await q.get();
  q.add("a");
  q.add("a");
  assert.equal(q.length, 0);
  q.done(key!);
  assert.equal(q.length, 1);
  q.shutDown();
});

test("runWorkers() retries a failing sync with back-off and stops at shutDown", async () => {
  const q = new WorkQueue({ baseDelayMs: 1 });
  const seen: string[] = [];
  q.add("a");
  const running = runWorkers(q, 2, async (key) => {
    seen.push(key);
    if (seen.length < 3) throw new Error("try again");
    q.shutDown();
  });
  await running;
  assert.deepEqual(seen, ["a", "a", "a"]);
});
