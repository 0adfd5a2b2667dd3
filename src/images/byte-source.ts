// Pull-style byte input for the tar reader: a stream (a layer being decompressed) or a range of a
// file (an archive read in place, where skipping a member costs a seek instead of a read).
import type { FileHandle } from "node:fs/promises";

export interface ByteSource {
  /** Offset of the next byte from the start of the input. */
  readonly position: number;
  /** At most `max` bytes, at least one unless the input has ended (then an empty buffer). */
  readSome(max: number): Promise<Buffer>;
  /** Stops reading early; the underlying stream or iterator is released. */
  close(): Promise<void>;
}

const EMPTY = Buffer.alloc(0);

/** Exactly `n` bytes, or fewer only when the input ends first. */
export async function readExactly(source: ByteSource, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const part = await source.readSome(n - got);
    if (part.length === 0) break;
    parts.push(part);
    got += part.length;
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts, got);
}

/** Discards up to `n` bytes and returns how many there were. */
export async function skipBytes(source: ByteSource, n: number): Promise<number> {
  if (source instanceof FileRangeSource) return source.skip(n);
  let skipped = 0;
  while (skipped < n) {
    const part = await source.readSome(Math.min(n - skipped, 1 << 20));
    if (part.length === 0) break;
    skipped += part.length;
  }
  return skipped;
}

export function streamSource(chunks: AsyncIterable<Uint8Array>): ByteSource {
  return new StreamSource(chunks);
}

/** Bytes [start, end) of an open file; `end` defaults to the file's size. */
export async function fileSource(handle: FileHandle, start = 0, end?: number): Promise<ByteSource> {
  return new FileRangeSource(handle, start, end ?? (await handle.stat()).size);
}

class StreamSource implements ByteSource {
  #iterator: AsyncIterator<Uint8Array>;
  #head: Buffer = EMPTY;
  #done = false;
  position = 0;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.#iterator = chunks[Symbol.asyncIterator]();
  }

  async readSome(max: number): Promise<Buffer> {
    while (this.#head.length === 0 && !this.#done) {
      const next = await this.#iterator.next();
      if (next.done) this.#done = true;
      else this.#head = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    }
    const out = this.#head.subarray(0, Math.max(0, max));
    this.#head = this.#head.subarray(out.length);
    this.position += out.length;
    return out;
  }

  async close(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await this.#iterator.return?.();
  }
}

class FileRangeSource implements ByteSource {
  #handle: FileHandle;
  #end: number;
  position: number;

  constructor(handle: FileHandle, start: number, end: number) {
    this.#handle = handle;
    this.position = start;
    this.#end = end;
  }

  async readSome(max: number): Promise<Buffer> {
    const want = Math.min(max, this.#end - this.position, 1 << 20);
    if (want <= 0) return EMPTY;
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await this.#handle.read(buf, 0, want, this.position);
    this.position += bytesRead;
    return buf.subarray(0, bytesRead);
  }

  skip(n: number): number {
    const skipped = Math.max(0, Math.min(n, this.#end - this.position));
    this.position += skipped;
    return skipped;
  }

  async close(): Promise<void> {}
}
