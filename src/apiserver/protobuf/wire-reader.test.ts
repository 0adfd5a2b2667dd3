import { test } from "node:test";
import assert from "node:assert/strict";
import { ProtobufDecodeError, WireReader, WireType } from "./wire-reader.ts";
import { WireWriter } from "./wire-writer.ts";

const varints: [string, number[], bigint, number, number][] = [
  // name, bytes, unsigned, as int64, as int32
  ["zero", [0x00], 0n, 0, 0],
  ["300", [0xac, 0x02], 300n, 300, 300],
  ["-1", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 2n ** 64n - 1n, -1, -1],
  ["2^32 + 5 (int32 keeps the low bits)", [0x85, 0x80, 0x80, 0x80, 0x10], 2n ** 32n + 5n, 2 ** 32 + 5, 5],
];

for (const [name, bytes, unsigned, int64, int32] of varints) {
  test(`WireReader reads the varint ${name}`, () => {
    const buf = Uint8Array.from(bytes);
    assert.equal(new WireReader(buf).readVarint(), unsigned);
    assert.equal(new WireReader(buf).readInt64(), int64);
    assert.equal(new WireReader(buf).readInt32(), int32);
  });
}

test("WireWriter writes what WireReader reads", () => {
  const bytes = new WireWriter().varintField(1, -7).stringField(2, "héllo").varintField(3, true).finish();
  const r = new WireReader(bytes);
  assert.deepEqual(r.readTag(), { field: 1, wireType: WireType.varint });
  assert.equal(r.readInt64(), -7);
  assert.deepEqual(r.readTag(), { field: 2, wireType: WireType.lengthDelimited });
  assert.equal(r.readString(), "héllo");
  assert.deepEqual(r.readTag(), { field: 3, wireType: WireType.varint });
  assert.equal(r.readBool(), true);
  assert.ok(r.done());
});

test("WireReader.skip() passes over every wire type, nested groups included", () => {
  const bytes = Uint8Array.from([
    0x09, 1, 2, 3, 4, 5, 6, 7, 8, // field 1 fixed64
    0x15, 1, 2, 3, 4, // field 2 fixed32
    0x1b, 0x23, 0x28, 0x01, 0x24, 0x1c, // field 3 group { field 4 group { field 5 varint } }
    0x30, 0x2a, // field 6 varint 42
  ]);
  const r = new WireReader(bytes);
  for (let i = 0; i < 3; i++) r.skip(r.readTag().wireType);
  assert.deepEqual(r.readTag(), { field: 6, wireType: WireType.varint });
  assert.equal(r.readInt32(), 42);
});

const malformed: [string, number[], RegExp][] = [
  ["a varint longer than ten bytes", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], /longer than 10 bytes/],
  ["a truncated varint", [0x80], /unexpected end/],
  ["a length past the end", [0x0a, 0x05, 0x01], /runs past the end/],
  ["a truncated fixed32", [0x0d, 0x01], /runs past the end/],
  ["an unclosed group", [0x0b, 0x08, 0x01], /group is not closed/],
  ["a stray end-group", [0x0c], /unexpected wire type 4/],
  ["wire type 7", [0x0f], /unexpected wire type 7/],
];

for (const [name, bytes, message] of malformed) {
  test(`WireReader rejects ${name}`, () => {
    assert.throws(() => {
      const r = new WireReader(Uint8Array.from(bytes));
      r.skip(r.readTag().wireType);
    }, (err: unknown) => err instanceof ProtobufDecodeError && message.test(err.message));
  });
}

test("WireReader survives deeply nested groups without recursion", () => {
  const depth = 200_000;
  const bytes = new Uint8Array(depth * 2);
  bytes.fill(0x0b, 0, depth);
  bytes.fill(0x0c, depth);
  const r = new WireReader(bytes);
  r.skip(r.readTag().wireType);
  assert.ok(r.done());
});
