import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { StatusError } from "../../api/status-error.ts";
import { arbitraryKubeObject } from "./_arbitrary.ts";
import { decodeKubeProtobuf, KUBE_PROTOBUF_MAGIC } from "./decode.ts";
import { encodeKubeProtobuf } from "./encode.ts";
import { supportedKinds } from "../../api/go-types/messages.ts";

const KINDS: [string, string][] = [
  ...supportedKinds().map((k): [string, string] => {
    const slash = k.lastIndexOf("/");
    return [k.slice(0, slash), k.slice(slash + 1)];
  }),
  ["v1", "DeleteOptions"],
  ["meta.k8s.io/v1", "DeleteOptions"],
];

for (const [apiVersion, kind] of KINDS) {
  test(`decodeKubeProtobuf() inverts encodeKubeProtobuf() for ${apiVersion} ${kind}`, () => {
    fc.assert(
      fc.property(arbitraryKubeObject(apiVersion, kind), (obj) => {
        assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf(obj)), obj);
      }),
      { numRuns: 60 },
    );
  });
}

test("encodeKubeProtobuf() is stable and leaves its input alone", () => {
  const arbitrary = fc.oneof(...KINDS.map(([apiVersion, kind]) => arbitraryKubeObject(apiVersion, kind)));
  fc.assert(
    fc.property(arbitrary, (obj) => {
      const copy = structuredClone(obj);
      const first = encodeKubeProtobuf(obj);
      assert.deepEqual(obj, copy);
      assert.deepEqual(encodeKubeProtobuf(copy), first);
    }),
    { numRuns: 100 },
  );
});

function decodesOrRejects(body: Uint8Array): void {
  try {
    const obj = decodeKubeProtobuf(body);
    assert.equal(typeof obj.kind, "string");
  } catch (err) {
    if (!(err instanceof StatusError)) throw err;
    assert.ok(err.code === 400 || err.code === 415, `unexpected status ${err.code}: ${err.message}`);
  }
}

test("decodeKubeProtobuf() gives a value or a StatusError for arbitrary bytes", () => {
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.concat([Uint8Array.from(KUBE_PROTOBUF_MAGIC), b])),
  );
  fc.assert(fc.property(bodies, decodesOrRejects), { numRuns: 2000 });
});

test("decodeKubeProtobuf() gives a value or a StatusError for damaged valid bodies", () => {
  const damaged = fc
    .tuple(
      fc.oneof(...KINDS.map(([apiVersion, kind]) => arbitraryKubeObject(apiVersion, kind, 2))),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.option(fc.nat()),
    )
    .map(([obj, edits, cut]) => {
      const body = Uint8Array.from(encodeKubeProtobuf(obj));
      // Keep the magic so the damage reaches the message decoder.
      for (const [at, value] of edits) body[KUBE_PROTOBUF_MAGIC.length + (at % (body.length - 4))] = value;
      return cut === null ? body : body.subarray(0, KUBE_PROTOBUF_MAGIC.length + (cut % body.length));
    });
  fc.assert(fc.property(damaged, decodesOrRejects), { numRuns: 1000 });
});
