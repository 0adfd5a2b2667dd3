import { test } from "node:test";
import assert from "node:assert/strict";
import { constants, createDeflate, deflateSync, inflateSync } from "node:zlib";
import { decodeHeaderBlock, encodeHeaderBlock, HeaderDeflater, HeaderInflater, type SpdyHeaders } from "./header-block.ts";
import { SPDY3_DICTIONARY } from "./header-dictionary.ts";

test("SPDY3_DICTIONARY has the draft-3 size and checksum", () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  // Adler-32 as a zlib stream primed with it announces (and Go's reader checks).
  assert.equal(deflateSync(Buffer.from("x"), { dictionary: SPDY3_DICTIONARY }).readUInt32BE(2), 3821447106);
});

test("encodeHeaderBlock() and decodeHeaderBlock() round-trip, lowercasing names", () => {
  const block = encodeHeaderBlock({ streamType: "data", port: "80", requestid: "0" });
  assert.deepEqual(decodeHeaderBlock(block), { streamtype: "data", port: "80", requestid: "0" });
});

test("decodeHeaderBlock() joins repeated names with NUL and rejects truncation", () => {
  const one = encodeHeaderBlock({ a: "1" });
  const twice = Buffer.concat([Buffer.from([0, 0, 0, 2]), one.subarray(4), one.subarray(4)]);
  assert.deepEqual(decodeHeaderBlock(twice), { a: "1\u00001" });
  assert.throws(() => decodeHeaderBlock(one.subarray(0, one.length - 1)), /truncated/);
});

test("HeaderDeflater output is one zlib stream any inflater with the dictionary reads", () => {
  const deflater = new HeaderDeflater();
  const blocks = [encodeHeaderBlock({ streamtype: "error" }), Buffer.alloc(70_000, 7), encodeHeaderBlock({})];
  const wire = Buffer.concat(blocks.map((b) => deflater.compress(b)));
  const out = inflateSync(wire, { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
  assert.deepEqual(out, Buffer.concat(blocks));
});

test("HeaderDeflater ends every block with the empty stored block of a sync flush", () => {
  // Go's inflater hands out a block's bytes only on reaching the next block header.
  const deflater = new HeaderDeflater();
  for (const block of [encodeHeaderBlock({ a: "b" }), encodeHeaderBlock({})]) {
    assert.deepEqual([...deflater.compress(block).subarray(-5)], [0x00, 0x00, 0x00, 0xff, 0xff]);
  }
});

test("HeaderInflater decodes successive sync-flushed blocks of one compressor", async () => {
  // Go's framer compresses every block on one zlib writer and flushes after each.
  const deflate = createDeflate({ dictionary: SPDY3_DICTIONARY, level: 9 });
  const compress = (block: Buffer) =>
    new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      const onData = (c: Buffer) => parts.push(c);
      deflate.on("data", onData);
      deflate.write(block);
      deflate.flush(constants.Z_SYNC_FLUSH, () => {
        deflate.off("data", onData);
        resolve(Buffer.concat(parts));
      });
    });
  const inflater = new HeaderInflater();
  const blocks: SpdyHeaders[] = [{ streamtype: "error", port: "80" }, { streamtype: "data", port: "80" }, { streamtype: "stdin" }];
  for (const headers of blocks) {
    const block = encodeHeaderBlock(headers);
    assert.deepEqual(await inflater.inflate(await compress(block)), block);
  }
  inflater.close();
  deflate.close();
});

test("HeaderInflater rejects bytes that are not a zlib stream", async () => {
  const inflater = new HeaderInflater();
  await assert.rejects(inflater.inflate(Buffer.from("not zlib at all")), /header decompression/);
  inflater.close();
});
