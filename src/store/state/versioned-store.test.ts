import { test } from "node:test";
import assert from "node:assert/strict";
import type { CommitSink, StagedWrite } from "./commit-sink.ts";
import { emptySnapshot } from "./commit-sink.ts";
import { VersionedStore } from "./versioned-store.ts";

class RecordingSink implements CommitSink {
  readonly batches: number[][] = [];
  readonly compactions: number[] = [];
  failNext = false;
  commit(writes: readonly StagedWrite[]): void {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("disk full");
    }
    this.batches.push(writes.map((w) => w.event.rev));
  }
  compact(rev: number): void {
    this.compactions.push(rev);
  }
  close(): void {}
}

const key = (name: string) => `/registry/core/pods/ns/${name}`;
const create = (name: string) => ({ op: "create" as const, key: key(name), value: { name } });

test("txn() commits the txns of one macrotask as one batch", async () => {
  const sink = new RecordingSink();
  const store = new VersionedStore(sink, emptySnapshot());
  await Promise.all([store.txn([create("a")]), store.txn([create("b"), create("c")]), store.txn([create("d")])]);
  await store.txn([create("e")]);
  assert.deepEqual(sink.batches, [[1, 2, 3, 4], [5]]);
  await store.close();
});

test("txn() rejects every txn of a failed batch and hands its revisions out again", async () => {
  const sink = new RecordingSink();
  const store = new VersionedStore(sink, emptySnapshot());
  const events: number[] = [];
  store.watch("/", { fromRev: 0, onEvent: (e) => events.push(e.rev) });
  sink.failNext = true;
  const results = await Promise.allSettled([store.txn([create("a")]), store.txn([create("b")])]);
  assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
  assert.deepEqual([store.get(key("a")), store.currentRevision(), events], [undefined, 0, []]);
  const [kv] = await store.txn([create("b")]);
  assert.equal(kv.rev, 1);
  assert.deepEqual(events, [1]);
  await store.close();
});

test("watch() closes a throwing watcher, reports the error and keeps delivering to others", async () => {
  const reported: unknown[] = [];
  const store = new VersionedStore(new RecordingSink(), emptySnapshot(), { reportError: (e) => reported.push(e) });
  const healthy: number[] = [];
  let calls = 0;
  store.watch("/", {
    fromRev: 0,
    onEvent: () => {
      calls++;
      throw new Error("broken consumer");
    },
  });
  store.watch("/", { fromRev: 0, onEvent: (e) => healthy.push(e.rev) });
  await store.txn([create("a"), create("b")]);
  await store.txn([create("c")]);
  assert.equal(calls, 1);
  assert.deepEqual(healthy, [1, 2, 3]);
  assert.deepEqual(reported.map((e) => (e as Error).message), ["broken consumer"]);
  await store.close();
});

test("compact() hands the sink each new boundary once", async () => {
  const sink = new RecordingSink();
  const store = new VersionedStore(sink, emptySnapshot(), { historyMaxEvents: 2 });
  for (const name of ["a", "b", "c", "d"]) await store.txn([create(name)]);
  assert.equal(store.oldestRevision(), 3, "the count bound applies in memory at once");
  store.compact();
  store.compact();
  assert.deepEqual(sink.compactions, [2]);
  await store.close();
});
