// Backend contract: writes, preconditions, atomicity, revisions and value ownership.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StoreConflictError, type Op } from "../backend.ts";
import { podKey, podValue, withBackend, type MakeBackend } from "./harness.ts";

const conflict = (kind: StoreConflictError["kind"]) => (err: unknown) =>
  err instanceof StoreConflictError && err.kind === kind;

export function writeContract(make: MakeBackend): void {
  const a = podKey("ns", "a");
  const b = podKey("ns", "b");

  test("txn() creates at the next revision with createRev equal to rev", () =>
    withBackend(make, undefined, async ({ backend }) => {
      assert.equal(backend.currentRevision(), 0);
      const [kv] = await backend.txn([{ op: "create", key: a, value: podValue("a") }]);
      assert.deepEqual(kv, { key: a, rev: 1, createRev: 1, value: podValue("a") });
      assert.deepEqual(backend.get(a), kv);
      assert.equal(backend.currentRevision(), 1);
      assert.equal(backend.get(b), undefined);
    }));

  test("txn() update keeps createRev; delete resolves with the last value at a new revision", () =>
    withBackend(make, undefined, async ({ backend }) => {
      await backend.txn([{ op: "create", key: b, value: podValue("b") }]);
      const [created] = await backend.txn([{ op: "create", key: a, value: podValue("a") }]);
      const [updated] = await backend.txn([{ op: "update", key: a, value: podValue("a", 1), expectRev: created.rev }]);
      assert.deepEqual(updated, { key: a, rev: 3, createRev: 2, value: podValue("a", 1) });
      assert.deepEqual(backend.get(a), updated);
      const [deleted] = await backend.txn([{ op: "delete", key: a, expectRev: updated.rev }]);
      assert.deepEqual(deleted, { key: a, rev: 4, createRev: 2, value: podValue("a", 1) });
      assert.equal(backend.get(a), undefined);
      assert.equal(backend.count("/registry/core/pods/"), 1);
      assert.equal(backend.currentRevision(), 4);
    }));

  const preconditions: Array<{ name: string; op: Op; kind: StoreConflictError["kind"] }> = [
    { name: "create of an existing key", op: { op: "create", key: a, value: {} }, kind: "exists" },
    { name: "update of a missing key", op: { op: "update", key: b, value: {}, expectRev: 1 }, kind: "missing" },
    { name: "update at an old revision", op: { op: "update", key: a, value: {}, expectRev: 0 }, kind: "stale" },
    { name: "update at a future revision", op: { op: "update", key: a, value: {}, expectRev: 9 }, kind: "stale" },
    { name: "delete of a missing key", op: { op: "delete", key: b, expectRev: 1 }, kind: "missing" },
    { name: "delete at an old revision", op: { op: "delete", key: a, expectRev: 0 }, kind: "stale" },
  ];
  for (const { name, op, kind } of preconditions) {
    test(`txn() rejects ${name} as "${kind}" and spends no revision`, () =>
      withBackend(make, undefined, async ({ backend }) => {
        await backend.txn([{ op: "create", key: a, value: podValue("a") }]);
        await assert.rejects(backend.txn([op]), conflict(kind));
        assert.deepEqual(backend.get(a)?.value, podValue("a"));
        const [next] = await backend.txn([{ op: "create", key: podKey("ns", "c"), value: {} }]);
        assert.equal(next.rev, 2);
      }));
  }

  test("txn() rejects the second of two writes racing in one batch", () =>
    withBackend(make, undefined, async ({ backend }) => {
      const [kv] = await backend.txn([{ op: "create", key: a, value: podValue("a") }]);
      const results = await Promise.allSettled([
        backend.txn([{ op: "update", key: a, value: podValue("a", 1), expectRev: kv.rev }]),
        backend.txn([{ op: "update", key: a, value: podValue("a", 2), expectRev: kv.rev }]),
        backend.txn([{ op: "create", key: b, value: podValue("b") }]),
        backend.txn([{ op: "create", key: b, value: podValue("b", 1) }]),
        backend.txn([{ op: "delete", key: a, expectRev: kv.rev }]),
      ]);
      assert.deepEqual(results.map((r) => r.status), ["fulfilled", "rejected", "fulfilled", "rejected", "rejected"]);
      assert.ok(conflict("stale")((results[1] as PromiseRejectedResult).reason));
      assert.ok(conflict("exists")((results[3] as PromiseRejectedResult).reason));
      assert.ok(conflict("stale")((results[4] as PromiseRejectedResult).reason));
      assert.deepEqual(backend.get(a), { key: a, rev: 2, createRev: 1, value: podValue("a", 1) });
      assert.deepEqual(backend.get(b), { key: b, rev: 3, createRev: 3, value: podValue("b") });
      assert.equal(backend.currentRevision(), 3);
    }));

  test("txn() applies a multi-op transaction all or nothing", () =>
    withBackend(make, undefined, async ({ backend }) => {
      const kvs = await backend.txn([
        { op: "create", key: a, value: podValue("a") },
        { op: "create", key: b, value: podValue("b") },
        { op: "update", key: a, value: podValue("a", 1), expectRev: 1 },
      ]);
      assert.deepEqual(kvs.map((kv) => [kv.key, kv.rev, kv.createRev]), [[a, 1, 1], [b, 2, 2], [a, 3, 1]]);
      const c = podKey("ns", "c");
      await assert.rejects(
        backend.txn([
          { op: "create", key: c, value: {} },
          { op: "delete", key: b, expectRev: 2 },
          { op: "update", key: a, value: {}, expectRev: 1 },
        ]),
        conflict("stale"),
      );
      assert.equal(backend.get(c), undefined);
      assert.equal(backend.get(b)?.rev, 2);
      assert.equal(backend.currentRevision(), 3);
    }));

  test("txn() gives concurrent writers gap-free increasing revisions that survive a restart", () =>
    withBackend(make, undefined, async (h) => {
      const keys = Array.from({ length: 40 }, (_, i) => podKey("ns", `p${i}`));
      const done: number[] = [];
      const kvs = await Promise.all(
        keys.map(async (key, i) => {
          const [kv] = await h.backend.txn([{ op: "create", key, value: podValue(key, i) }]);
          done.push(kv.rev);
          return kv;
        }),
      );
      assert.deepEqual(kvs.map((kv) => kv.rev), keys.map((_, i) => i + 1));
      assert.deepEqual(done, keys.map((_, i) => i + 1), "resolved in revision order");
      const backend = await h.restart();
      assert.equal(backend.currentRevision(), keys.length);
      for (const kv of kvs) assert.deepEqual(backend.get(kv.key), kv);
      const [next] = await backend.txn([{ op: "delete", key: keys[0], expectRev: 1 }]);
      assert.equal(next.rev, keys.length + 1);
      const reopened = await h.restart();
      assert.equal(reopened.currentRevision(), keys.length + 1, "a delete's revision outlives its object");
    }));

  test("txn() makes nothing visible before it resolves, and publishes before resolving", () =>
    withBackend(make, undefined, async ({ backend }) => {
      const seen: number[] = [];
      backend.watch("/", { fromRev: 0, onEvent: (e) => seen.push(e.rev) });
      const pending = backend.txn([{ op: "create", key: a, value: {} }]);
      assert.equal(backend.get(a), undefined);
      assert.equal(backend.currentRevision(), 0);
      assert.deepEqual(backend.list("/").items, []);
      assert.deepEqual(seen, []);
      await pending.then(() => assert.deepEqual(seen, [1]));
      assert.equal(backend.get(a)?.rev, 1);
    }));

  test("txn() copies values in and hands out deep-frozen values", () =>
    withBackend(make, undefined, async ({ backend }) => {
      const input = { metadata: { name: "a", labels: { app: "web" } }, gone: undefined };
      const [kv] = await backend.txn([{ op: "create", key: a, value: input }]);
      input.metadata.labels.app = "changed";
      assert.deepEqual(backend.get(a)?.value, { metadata: { name: "a", labels: { app: "web" } } });
      const stored = backend.get(a)!.value as { metadata: { labels: Record<string, string> } };
      assert.throws(() => void (stored.metadata.labels.app = "x"), TypeError);
      assert.ok(Object.isFrozen(kv) && Object.isFrozen(backend.list("/").items[0]));
    }));

  test("txn() rejects values that are not JSON objects and spends no revision", () =>
    withBackend(make, undefined, async ({ backend }) => {
      for (const value of [null, [], "x"]) {
        await assert.rejects(backend.txn([{ op: "create", key: a, value: value as never }]), TypeError);
      }
      assert.deepEqual(await backend.txn([]), []);
      const [kv] = await backend.txn([{ op: "create", key: a, value: {} }]);
      assert.equal(kv.rev, 1);
    }));

  test("close() commits txns already accepted and rejects later ones", () =>
    withBackend(make, undefined, async (h) => {
      const accepted = h.backend.txn([{ op: "create", key: a, value: podValue("a") }]);
      await h.backend.close();
      assert.equal((await accepted)[0].rev, 1);
      await assert.rejects(h.backend.txn([{ op: "create", key: b, value: {} }]), /store: closed/);
      const backend = await h.restart();
      assert.equal(backend.get(a)?.rev, 1);
    }));
}
