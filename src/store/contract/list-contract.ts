// Backend contract: prefix lists, paging and counts.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Backend } from "../backend.ts";
import { podKey, podValue, shuffled, withBackend, type MakeBackend } from "./harness.ts";

async function createAll(backend: Backend, keys: readonly string[]): Promise<void> {
  await Promise.all(shuffled(keys).map((key) => backend.txn([{ op: "create", key, value: podValue(key) }])));
}

const listKeys = (backend: Backend, prefix: string): string[] => backend.list(prefix).items.map((kv) => kv.key);

export function listContract(make: MakeBackend): void {
  const pods = ["a", "a2", "b"].flatMap((ns) => ["x", "y", "z"].map((name) => podKey(ns, name)));
  const others = ["/registry/apps/statefulsets/a/web", "/registry/core/namespaces/a", "/registry/health"];

  test("list() returns the keys under a prefix in ascending order", () =>
    withBackend(make, undefined, async (h) => {
      await createAll(h.backend, [...pods, ...others]);
      await h.checkAcrossRestart((backend) => {
        const result = backend.list("/registry/core/pods/a/");
        assert.deepEqual(result.items.map((kv) => kv.key), [podKey("a", "x"), podKey("a", "y"), podKey("a", "z")]);
        assert.equal(result.rev, backend.currentRevision());
        assert.equal(result.remaining, 0);
        assert.deepEqual(result.items[0], backend.get(podKey("a", "x")));
        assert.deepEqual(listKeys(backend, "/registry/core/pods/"), [...pods].sort());
        assert.deepEqual(listKeys(backend, "/registry/core/pods/c/"), []);
      });
    }));

  test("list() merges resources in key order for a shorter prefix", () =>
    withBackend(make, undefined, async ({ backend }) => {
      await createAll(backend, [...pods, ...others]);
      assert.deepEqual(listKeys(backend, "/registry/"), [...pods, ...others].sort());
      assert.deepEqual(listKeys(backend, "/registry/core/"), [...pods, others[1]].sort());
      assert.deepEqual(listKeys(backend, ""), [...pods, ...others].sort());
    }));

  test("list() pages with limit and startAfter and reports what remains", () =>
    withBackend(make, undefined, async ({ backend }) => {
      await createAll(backend, [...pods, ...others]);
      const prefix = "/registry/core/pods/";
      const pages: Array<{ keys: string[]; remaining: number }> = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = backend.list(prefix, { limit: 4, startAfter });
        pages.push({ keys: page.items.map((kv) => kv.key), remaining: page.remaining });
        if (page.remaining === 0) break;
        startAfter = page.items.at(-1)!.key;
      }
      assert.deepEqual(pages.map((p) => [p.keys.length, p.remaining]), [[4, 5], [4, 1], [1, 0]]);
      assert.deepEqual(pages.flatMap((p) => p.keys), [...pods].sort());
      const across = backend.list("/registry/", { startAfter: podKey("b", "y"), limit: 2 });
      assert.deepEqual(across.items.map((kv) => kv.key), [podKey("b", "z"), "/registry/health"]);
      assert.equal(across.remaining, 0);
    }));

  test("count() counts the keys under a prefix", () =>
    withBackend(make, undefined, async ({ backend }) => {
      await createAll(backend, [...pods, ...others]);
      const cases: Array<[string, number]> = [
        ["/registry/core/pods/", 9],
        ["/registry/core/pods/a/", 3],
        ["/registry/core/pods/a", 6],
        ["/registry/core/", 10],
        ["/registry/", 12],
        ["/nothing/", 0],
      ];
      for (const [prefix, want] of cases) assert.equal(backend.count(prefix), want, prefix);
      await backend.txn([{ op: "delete", key: podKey("a", "x"), expectRev: backend.get(podKey("a", "x"))!.rev }]);
      assert.equal(backend.count("/registry/core/pods/a/"), 2);
    }));

  test("list() stays ordered over thousands of keys created and deleted in random order", () =>
    withBackend(make, undefined, async ({ backend }) => {
      const keys = Array.from({ length: 3000 }, (_, i) => podKey(`ns${i % 7}`, `pod-${i}`));
      await createAll(backend, keys);
      const doomed = shuffled(keys).slice(0, 1000);
      await Promise.all(doomed.map((key) => backend.txn([{ op: "delete", key, expectRev: backend.get(key)!.rev }])));
      const gone = new Set(doomed);
      const want = keys.filter((k) => !gone.has(k)).sort();
      assert.deepEqual(listKeys(backend, "/registry/core/pods/"), want);
      assert.deepEqual(listKeys(backend, "/registry/core/pods/ns3/"), want.filter((k) => k.includes("/ns3/")));
      assert.equal(backend.count("/registry/core/pods/"), 2000);
    }));
}
