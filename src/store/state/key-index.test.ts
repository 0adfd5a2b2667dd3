import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { KeyIndex } from "./key-index.ts";

function naiveRange(keys: Set<string>, prefix: string, startAfter?: string, limit = Infinity) {
  const all = [...keys].filter((k) => k.startsWith(prefix) && (startAfter === undefined || k > startAfter)).sort();
  const page = all.slice(0, limit);
  return { keys: page, remaining: all.length - page.length };
}

test("range() lists one namespace of one resource in order", () => {
  const index = new KeyIndex();
  for (const k of ["b/x", "a/y", "a/x", "a2/x"]) index.add(`/registry/core/pods/${k}`);
  assert.deepEqual(index.range("/registry/core/pods/a/"), {
    keys: ["/registry/core/pods/a/x", "/registry/core/pods/a/y"],
    remaining: 0,
  });
  assert.deepEqual(index.range("/registry/core/pods/", "/registry/core/pods/a/y", 1), {
    keys: ["/registry/core/pods/a2/x"],
    remaining: 1,
  });
  assert.equal(index.count("/registry/core/pods/"), 4);
});

test("range() merges buckets and short keys for a short prefix", () => {
  const index = new KeyIndex();
  const keys = ["/registry/apps/statefulsets/ns/web", "/registry/a", "/registry/core/pods/ns/p", "/registry/apps/b"];
  keys.push("/x");
  for (const k of keys) index.add(k);
  assert.deepEqual(index.range("/registry/").keys, keys.filter((k) => k.startsWith("/registry/")).sort());
  assert.deepEqual(index.range("").keys, [...keys].sort());
  assert.deepEqual(index.range("/registry/apps/"), {
    keys: ["/registry/apps/b", "/registry/apps/statefulsets/ns/web"],
    remaining: 0,
  });
});

test("delete() removes keys and empty buckets", () => {
  const index = new KeyIndex();
  index.add("/registry/core/pods/ns/p");
  index.add("/registry/a");
  index.delete("/registry/core/pods/ns/p");
  index.delete("/registry/a");
  index.delete("/registry/core/pods/ns/missing");
  assert.deepEqual(index.range(""), { keys: [], remaining: 0 });
});

test("range() agrees with filtering a sorted list", () => {
  const segment = fc.constantFrom("", "a", "b", "ab", "a/b");
  const key = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => "/" + parts.join("/"));
  const action = fc.record({ add: fc.boolean(), key });
  fc.assert(
    fc.property(
      fc.array(action, { maxLength: 60 }),
      key,
      fc.option(key, { nil: undefined }),
      fc.option(fc.nat(5), { nil: undefined }),
      (actions, prefixKey, startAfter, limit) => {
        const index = new KeyIndex();
        const model = new Set<string>();
        for (const a of actions) {
          if (a.add) {
            index.add(a.key);
            model.add(a.key);
          } else {
            index.delete(a.key);
            model.delete(a.key);
          }
        }
        for (let cut = 0; cut <= prefixKey.length; cut++) {
          const prefix = prefixKey.slice(0, cut);
          assert.deepEqual(index.range(prefix, startAfter, limit), naiveRange(model, prefix, startAfter, limit));
          assert.equal(index.count(prefix), naiveRange(model, prefix).keys.length);
        }
      },
    ),
    { numRuns: 300 },
  );
});
