import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_BATCH_SIZE, runForAll } from "./sync-replicas.ts";

async function batches(count: number, monotonic: boolean, step: (i: number) => boolean | Error = () => false) {
  const seen: number[][] = [];
  let current: number[] = [];
  let pending = 0;
  const result = await runForAll(
    count,
    async (i) => {
      if (pending === 0) seen.push((current = []));
      pending++;
      current.push(i);
      await new Promise((r) => setImmediate(r));
      pending--;
      const out = step(i);
      if (out instanceof Error) throw out;
      return out;
    },
    monotonic,
  );
  return { sizes: seen.map((b) => b.length), result };
}

test("runForAll() runs Parallel steps in slow-start batches capped at 500 (R29)", async () => {
  assert.deepEqual((await batches(5, false)).sizes, [1, 2, 2]);
  assert.deepEqual((await batches(1100, false)).sizes, [1, 2, 4, 8, 16, 32, 64, 128, 256, MAX_BATCH_SIZE, 89]);
  assert.deepEqual((await batches(0, false)).sizes, []);
});

test("runForAll() ignores blocked Parallel steps and stops after a batch with errors (R29)", async () => {
  const blocked = await batches(3, false, () => true);
  assert.deepEqual(blocked, { sizes: [1, 2], result: { exit: false } });
  const failing = await batches(7, false, (i) => (i === 1 ? new Error("boom") : false));
  assert.deepEqual(failing.sizes, [1, 2]);
  assert.equal(failing.result.exit, true);
  assert.equal((failing.result.error as Error).message, "boom");
});

test("runForAll() stops OrderedReady at the first blocked or failing step (R28)", async () => {
  assert.deepEqual((await batches(4, true, (i) => i === 1)).result, { exit: true });
  assert.deepEqual((await batches(4, true, (i) => i === 1)).sizes, [1, 1]);
  const failing = await batches(4, true, (i) => (i === 2 ? new Error("x") : false));
  assert.equal(failing.sizes.length, 3);
  assert.equal((failing.result.error as Error).message, "x");
  assert.deepEqual((await batches(2, true)).result, { exit: false });
});
