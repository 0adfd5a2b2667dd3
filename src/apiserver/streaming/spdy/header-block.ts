// SPDY/3 name/value header blocks and their per-connection zlib streams.
//
// Each direction of a connection has one zlib stream that every header block continues, so the
// compressors are stateful. Inbound blocks are real deflate (Go's compress/zlib with the SPDY
// dictionary) and need node's zlib. Outbound blocks use stored (uncompressed) deflate blocks: any
// zlib reader accepts them, they need no dictionary lookups, and writing them is synchronous, so
// frames leave in the order they were produced without an async queue.
import { constants, createInflate, type Inflate } from "node:zlib";
import { SPDY3_DICTIONARY } from "./header-dictionary.ts";

/** Header names are lowercase on the wire; several values of one name are joined with NUL. */
export type SpdyHeaders = Record<string, string>;

export class SpdyProtocolError extends Error {
  override name = "SpdyProtocolError";
}

export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), "utf8");
    const v = Buffer.from(value, "utf8");
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  const headers: SpdyHeaders = {};
  let off = 0;
  const take = (n: number): Buffer => {
    if (off + n > block.length) throw new SpdyProtocolError("truncated header block");
    const out = block.subarray(off, off + n);
    off += n;
    return out;
  };
  const count = take(4).readUInt32BE();
  for (let i = 0; i < count; i++) {
    const name = take(take(4).readUInt32BE()).toString("utf8").toLowerCase();
    const value = take(take(4).readUInt32BE()).toString("utf8");
    headers[name] = name in headers ? `${headers[name]}\0${value}` : value;
  }
  return headers;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const MAX_STORED = 0xffff;

/** The outbound zlib stream: a header naming the SPDY dictionary, then stored blocks. */
export class HeaderDeflater {
  #started = false;

  compress(block: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.#started) {
      this.#started = true;
      // CMF 0x78 (deflate, 32K window); FLG 0x20 sets FDICT and makes CMF*256+FLG a multiple of 31.
      const header = Buffer.alloc(6);
      header[0] = 0x78;
      header[1] = 0x20;
      header.writeUInt32BE(adler32(SPDY3_DICTIONARY), 2);
      parts.push(header);
    }
    for (let off = 0; off < block.length; off += MAX_STORED) parts.push(storedBlock(block.subarray(off, off + MAX_STORED)));
    // The empty stored block is what a sync flush writes. Go's inflater hands out a block's bytes
    // only when it reaches the next block header, so without it the reader would wait for bytes
    // beyond this frame (and then fail on the frame's end).
    parts.push(storedBlock(Buffer.alloc(0)));
    return Buffer.concat(parts);
  }
}

/** BFINAL=0, BTYPE=00, padded to the byte; then LEN and its one's complement, little-endian. */
function storedBlock(data: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt16LE(data.length, 1);
  head.writeUInt16LE(~data.length & 0xffff, 3);
  return Buffer.concat([head, data]);
}

/** The inbound zlib stream. Calls must not overlap: each block continues the previous one. */
export class HeaderInflater {
  readonly #zlib: Inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  #chunks: Buffer[] = [];
  #error: Error | undefined;
  #pending: ((error: Error) => void) | undefined;

  constructor() {
    this.#zlib.on("data", (chunk: Buffer) => this.#chunks.push(chunk));
    this.#zlib.on("error", (err: Error) => {
      this.#error = new SpdyProtocolError(`header decompression: ${err.message}`);
      this.#pending?.(this.#error);
    });
  }

  inflate(block: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.#error) return reject(this.#error);
      // zlib reports a corrupt stream as an 'error' event and never calls the flush callback.
      this.#pending = reject;
      this.#zlib.write(block);
      this.#zlib.flush(constants.Z_SYNC_FLUSH, () => {
        this.#pending = undefined;
        if (this.#error) return reject(this.#error);
        const out = Buffer.concat(this.#chunks);
        this.#chunks = [];
        resolve(out);
      });
    });
  }

  close(): void {
    this.#zlib.close();
  }
}
