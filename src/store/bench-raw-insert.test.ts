import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backendTxnThroughput, rawDurableInserts, sampleValue } from "./bench-raw-insert.ts";

test("sampleValue() is about 1 KB of JSON", () => {
  const size = JSON.stringify(sampleValue(12345)).length;
  assert.ok(size >= 900 && size <= 1100, `size ${size}`);
});

test("rawDurableInserts() and backendTxnThroughput() measure a rate and leave nothing behind", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-bench-"));
  try {
    for (const measure of [rawDurableInserts, backendTxnThroughput]) {
      const { perSecond } = await measure(dir, 200, 4);
      assert.ok(Number.isFinite(perSecond) && perSecond > 0, `${measure.name}: ${perSecond}`);
    }
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
