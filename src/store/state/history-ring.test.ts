import { test } from "node:test";
import assert from "node:assert/strict";
import type { WatchEvent } from "../backend.ts";
import { HistoryRing } from "./history-ring.ts";

const entry = (rev: number, at = 0) => {
  const event: WatchEvent = { type: "ADDED", key: `/k${rev}`, rev, value: {} };
  return { event, at };
};
const revs = (ring: HistoryRing, from: number) => [...ring.since(from)].map((e) => e.rev);

test("push() keeps the newest maxEvents events", () => {
  const ring = new HistoryRing({ maxEvents: 3, maxAgeMs: Infinity }, [], 0);
  for (let rev = 1; rev <= 5; rev++) ring.push(entry(rev));
  assert.deepEqual([ring.size, ring.compactedRev], [3, 2]);
  assert.deepEqual(revs(ring, 0), [3, 4, 5]);
  assert.deepEqual(revs(ring, 4), [5]);
  assert.deepEqual(revs(ring, 5), []);
});

test("boundary() covers events older than maxAgeMs", () => {
  const ring = new HistoryRing({ maxEvents: 100, maxAgeMs: 10 }, [entry(4, 0), entry(5, 5), entry(6, 20)], 3);
  assert.equal(ring.boundary(12), 4);
  assert.equal(ring.boundary(100), 6);
  ring.dropThrough(ring.boundary(16));
  assert.deepEqual(revs(ring, 0), [6]);
  assert.equal(ring.compactedRev, 5);
});

test("dropThrough() keeps revision lookups right after reclaiming space", () => {
  const ring = new HistoryRing({ maxEvents: 10, maxAgeMs: Infinity }, [], 0);
  for (let rev = 1; rev <= 5000; rev++) ring.push(entry(rev));
  assert.deepEqual(revs(ring, 4997), [4998, 4999, 5000]);
  assert.equal(ring.size, 10);
});
