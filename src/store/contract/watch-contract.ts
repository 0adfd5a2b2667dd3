// Backend contract: live events, replay from a revision, retention and compaction.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CompactedError, type Backend, type WatchEvent } from "../backend.ts";
import { manualClock, podKey, podValue, withBackend, type MakeBackend } from "./harness.ts";

function record(backend: Backend, prefix: string, fromRev: number): WatchEvent[] {
  const events: WatchEvent[] = [];
  backend.watch(prefix, { fromRev, onEvent: (e) => events.push(e) });
  return events;
}

/** create a (1), update a (2), create b (3), delete a (4). */
async function lifecycle(backend: Backend): Promise<void> {
  const a = podKey("ns", "a");
  await backend.txn([{ op: "create", key: a, value: podValue("a") }]);
  await backend.txn([{ op: "update", key: a, value: podValue("a", 1), expectRev: 1 }]);
  await backend.txn([{ op: "create", key: podKey("ns", "b"), value: podValue("b") }]);
  await backend.txn([{ op: "delete", key: a, expectRev: 2 }]);
}

const lifecycleEvents: WatchEvent[] = [
  { type: "ADDED", key: podKey("ns", "a"), rev: 1, value: podValue("a") },
  { type: "MODIFIED", key: podKey("ns", "a"), rev: 2, value: podValue("a", 1), prevValue: podValue("a"), prevRev: 1 },
  { type: "ADDED", key: podKey("ns", "b"), rev: 3, value: podValue("b") },
  { type: "DELETED", key: podKey("ns", "a"), rev: 4, value: podValue("a", 1), prevValue: podValue("a", 1), prevRev: 2 },
];

export function watchContract(make: MakeBackend): void {
  test("watch() from 0 delivers only new events, with prevValue, and DELETED with the last value", () =>
    withBackend(make, undefined, async ({ backend }) => {
      await lifecycle(backend);
      const events = record(backend, "/registry/core/pods/ns/", 0);
      const b = podKey("ns", "b");
      await backend.txn([{ op: "update", key: b, value: podValue("b", 1), expectRev: 3 }]);
      await backend.txn([{ op: "create", key: podKey("other", "x"), value: {} }]);
      await backend.txn([{ op: "delete", key: b, expectRev: 5 }]);
      assert.deepEqual(events, [
        { type: "MODIFIED", key: b, rev: 5, value: podValue("b", 1), prevValue: podValue("b"), prevRev: 3 },
        { type: "DELETED", key: b, rev: 7, value: podValue("b", 1), prevValue: podValue("b", 1), prevRev: 5 },
      ]);
    }));

  test("watch() replays history after fromRev, then continues live, across a restart", () =>
    withBackend(make, undefined, async (h) => {
      await lifecycle(h.backend);
      await h.checkAcrossRestart((backend) => {
        assert.deepEqual(record(backend, "/registry/core/pods/", 1), lifecycleEvents.slice(1));
        assert.deepEqual(record(backend, "/registry/core/pods/ns/b", 2), [lifecycleEvents[2]]);
        assert.deepEqual(record(backend, "/", backend.currentRevision()), []);
      });
      const events = record(h.backend, "/registry/", 3);
      await h.backend.txn([{ op: "create", key: podKey("ns", "c"), value: {} }]);
      assert.deepEqual(events.map((e) => e.rev), [4, 5]);
    }));

  test("watch() delivers in revision order under its prefix until closed", () =>
    withBackend(make, undefined, async ({ backend }) => {
      const all: number[] = [];
      const ns1: number[] = [];
      const watcher = backend.watch("/registry/core/pods/", { fromRev: 0, onEvent: (e) => all.push(e.rev) });
      backend.watch("/registry/core/pods/ns1/", { fromRev: 0, onEvent: (e) => ns1.push(e.rev) });
      const writes = Array.from({ length: 20 }, (_, i) =>
        backend.txn([{ op: "create", key: podKey(`ns${i % 2}`, `p${i}`), value: {} }]),
      );
      await Promise.all(writes);
      assert.deepEqual(all, Array.from({ length: 20 }, (_, i) => i + 1));
      assert.deepEqual(ns1, [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
      watcher.close();
      watcher.close();
      await backend.txn([{ op: "create", key: podKey("ns1", "late"), value: {} }]);
      assert.equal(all.length, 20);
      assert.equal(ns1.at(-1), 21);
    }));

  test("watch() opened by a callback neither misses nor repeats events", () =>
    withBackend(make, undefined, async ({ backend }) => {
      const late: number[] = [];
      const watcher = backend.watch("/", {
        fromRev: 0,
        onEvent: (e) => {
          watcher.close();
          backend.watch("/", { fromRev: e.rev, onEvent: (f) => late.push(f.rev) });
        },
      });
      await Promise.all([1, 2, 3].map((i) => backend.txn([{ op: "create", key: podKey("ns", `p${i}`), value: {} }])));
      await backend.txn([{ op: "create", key: podKey("ns", "p4"), value: {} }]);
      assert.deepEqual(late, [2, 3, 4]);
    }));

  test("watch() rejects negative revisions", () =>
    withBackend(make, undefined, async ({ backend }) => {
      assert.throws(() => backend.watch("/", { fromRev: -1, onEvent: () => {} }), RangeError);
    }));

  test("watch() throws CompactedError below the retained history", () =>
    withBackend(make, { historyMaxEvents: 3 }, async (h) => {
      for (let i = 0; i < 6; i++) await h.backend.txn([{ op: "create", key: podKey("ns", `p${i}`), value: {} }]);
      await h.checkAcrossRestart((backend) => {
        assert.equal(backend.oldestRevision(), 4);
        assert.deepEqual(record(backend, "/", 3).map((e) => e.rev), [4, 5, 6]);
        assert.throws(
          () => record(backend, "/", 2),
          (err) => err instanceof CompactedError && err.message === "too old resource version: 2 (4)",
        );
        assert.deepEqual(record(backend, "/", 0), []);
      });
    }));

  test("compact() drops history older than the age bound", () => {
    const clock = manualClock();
    return withBackend(make, { historyMaxAgeMs: 60_000, clock: clock.now }, async (h) => {
      assert.equal(h.backend.oldestRevision(), 1);
      await lifecycle(h.backend);
      clock.advance(61_000);
      await h.backend.txn([{ op: "create", key: podKey("ns", "c"), value: {} }]);
      h.backend.compact();
      await h.checkAcrossRestart((backend) => {
        assert.equal(backend.oldestRevision(), 5);
        assert.throws(() => record(backend, "/", 3), CompactedError);
        assert.deepEqual(record(backend, "/", 4).map((e) => e.rev), [5]);
      });
      clock.advance(61_000);
      h.backend.compact();
      assert.equal(h.backend.oldestRevision(), 6);
      assert.deepEqual(record(h.backend, "/", 5), []);
      assert.equal(h.backend.currentRevision(), 5);
    });
  });
}
