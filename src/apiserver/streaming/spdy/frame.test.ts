import { test } from "node:test";
import assert from "node:assert/strict";
import { carriesHeaders, decodeFrame, decodeHeaderFrame, encodeFrame, FrameSplitter, type RawFrame, type SpdyFrame } from "./frame.ts";
import { HeaderDeflater, HeaderInflater } from "./header-block.ts";

const frames: SpdyFrame[] = [
  { type: "syn_stream", streamId: 1, associatedId: 0, priority: 0, fin: false, unidirectional: false, headers: { streamtype: "error", port: "80", requestid: "0" } },
  { type: "syn_stream", streamId: 3, associatedId: 1, priority: 7, fin: true, unidirectional: true, headers: {} },
  { type: "syn_reply", streamId: 1, fin: false, headers: {} },
  { type: "headers", streamId: 3, fin: true, headers: { a: "b" } },
  { type: "data", streamId: 1, fin: false, data: Buffer.from("hello") },
  { type: "data", streamId: 0x7fffffff, fin: true, data: Buffer.alloc(0) },
  { type: "rst_stream", streamId: 5, status: 5 },
  { type: "settings", entries: [{ flags: 1, id: 7, value: 65536 }, { flags: 0, id: 4, value: 100 }] },
  { type: "ping", id: 0xfffffffe },
  { type: "goaway", lastGoodStreamId: 9, status: 0 },
  { type: "window_update", streamId: 1, delta: 4096 },
];

async function decodeAll(raws: RawFrame[], inflater: HeaderInflater): Promise<(SpdyFrame | undefined)[]> {
  const out = [];
  for (const raw of raws) out.push(raw.control && carriesHeaders(raw) ? await decodeHeaderFrame(raw, inflater) : decodeFrame(raw));
  return out;
}

test("encodeFrame() output splits and decodes back to every frame type, fed a byte at a time", async () => {
  const deflater = new HeaderDeflater();
  const wire = Buffer.concat(frames.map((f) => encodeFrame(f, deflater)));
  const splitter = new FrameSplitter();
  const raws: RawFrame[] = [];
  for (const byte of wire) raws.push(...splitter.push(Buffer.from([byte])));
  const inflater = new HeaderInflater();
  assert.deepEqual(await decodeAll(raws, inflater), frames);
  inflater.close();
});

test("FrameSplitter keeps a partial frame until the rest arrives", () => {
  const wire = encodeFrame({ type: "data", streamId: 1, fin: false, data: Buffer.alloc(100, 1) }, new HeaderDeflater());
  const splitter = new FrameSplitter();
  assert.deepEqual(splitter.push(wire.subarray(0, 50)), []);
  const [raw] = splitter.push(Buffer.concat([wire.subarray(50), wire.subarray(0, 3)]));
  assert.equal(raw.payload.length, 100);
  assert.deepEqual(splitter.push(wire.subarray(3)).length, 1);
});

test("encodeFrame() writes the SPDY/3 control header: control bit, version 3, type, flags, length", () => {
  const wire = encodeFrame({ type: "ping", id: 1 }, new HeaderDeflater());
  assert.deepEqual([...wire], [0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 1]);
  const data = encodeFrame({ type: "data", streamId: 3, fin: true, data: Buffer.from("x") }, new HeaderDeflater());
  assert.deepEqual([...data], [0, 0, 0, 3, 0x01, 0, 0, 1, 0x78]);
});

test("decodeFrame() ignores unknown control types and rejects other versions and short frames", () => {
  const credential: RawFrame = { control: true, version: 3, typeCode: 10, flags: 0, payload: Buffer.alloc(0) };
  assert.equal(decodeFrame(credential), undefined);
  assert.throws(() => decodeFrame({ ...credential, version: 2, typeCode: 6, payload: Buffer.alloc(4) }), /version 2/);
  assert.throws(() => decodeFrame({ ...credential, typeCode: 3, payload: Buffer.alloc(4) }), /too short/);
});
