// Layers arrive as plain tar, gzip or zstd whatever their media type says (docker save writes
// plain tar, registries gzip, some builders zstd), so the format is told from the magic bytes.
import { Readable, pipeline } from "node:stream";
import { createGunzip, createZstdDecompress } from "node:zlib";

export type Compression = "none" | "gzip" | "zstd";

export function detectCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  return "none";
}

/** The decompressed bytes of `chunks`, whichever of the three formats they are in. */
export async function* decompressed(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  try {
    while (headLength < 4) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(asBuffer(next.value));
      headLength += next.value.length;
    }
    const compression = detectCompression(Buffer.concat(head));
    const all = async function* () {
      yield* head;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield asBuffer(next.value);
    };
    if (compression === "none") {
      yield* all();
      return;
    }
    const inflate = compression === "gzip" ? createGunzip() : createZstdDecompress();
    // pipeline destroys both streams when either fails or the reader stops early.
    const out = pipeline(Readable.from(all()), inflate, () => {});
    for await (const chunk of out) yield chunk as Buffer;
  } finally {
    await iterator.return?.();
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
