// Writes tar streams: ustar headers, with pax records (or GNU long-name entries, for tests of the
// reader) for what ustar cannot hold. Layers built on this machine (busybox, `image host --add`)
// are written as tar first so that they get a real diffID and go through the one unpacking path.
import type { TarEntryType } from "./tar-reader.ts";

export interface TarWriteEntry {
  name: string;
  type: TarEntryType;
  mode?: number;
  uid?: number;
  gid?: number;
  /** Seconds since the epoch. */
  mtime?: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  /** File data: the bytes, or a stream of exactly `size` bytes. */
  data?: Uint8Array | (() => AsyncIterable<Uint8Array>);
  size?: number;
  xattrs?: Map<string, Buffer>;
}

export interface TarWriteOptions {
  /** How names longer than 100 bytes are written: a pax record (default) or a GNU "L"/"K" entry. */
  longNames?: "pax" | "gnu";
}

/** The raw fields of one header block; `flag` is the type character. */
export interface HeaderFields {
  name: string;
  flag: string;
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  mtime?: number;
  linkname?: string;
  prefix?: string;
  devmajor?: number;
  devminor?: number;
  /** "ustar\0" + "00" (POSIX, the default) or "ustar  \0" (GNU). */
  magic?: "posix" | "gnu";
}

const BLOCK = 512;
const FLAGS: Record<TarEntryType, string> = {
  file: "0", hardlink: "1", symlink: "2", char: "3", block: "4", directory: "5", fifo: "6",
};
const MAX_OCTAL_11 = 0o77777777777;
const MAX_OCTAL_7 = 0o7777777;

export async function* writeTar(
  entries: Iterable<TarWriteEntry> | AsyncIterable<TarWriteEntry>,
  options: TarWriteOptions = {},
): AsyncGenerator<Buffer> {
  for await (const e of entries) {
    const size = e.type === "file" ? (e.size ?? (e.data instanceof Uint8Array ? e.data.length : 0)) : 0;
    const pax = new Map<string, Buffer>();
    let name = e.name;
    let linkname = e.linkname ?? "";
    if (Buffer.byteLength(name) > 100) {
      if (options.longNames === "gnu") yield* metaEntry("././@LongLink", "L", Buffer.from(`${name}\0`));
      else pax.set("path", Buffer.from(name));
      name = truncateBytes(name, 100);
    }
    if (Buffer.byteLength(linkname) > 100) {
      if (options.longNames === "gnu") yield* metaEntry("././@LongLink", "K", Buffer.from(`${linkname}\0`));
      else pax.set("linkpath", Buffer.from(linkname));
      linkname = truncateBytes(linkname, 100);
    }
    if (size > MAX_OCTAL_11) pax.set("size", Buffer.from(String(size)));
    if ((e.uid ?? 0) > MAX_OCTAL_7) pax.set("uid", Buffer.from(String(e.uid)));
    if ((e.gid ?? 0) > MAX_OCTAL_7) pax.set("gid", Buffer.from(String(e.gid)));
    for (const [k, v] of e.xattrs ?? []) pax.set(`SCHILY.xattr.${k}`, v);
    if (pax.size > 0) yield* metaEntry(`PaxHeaders/${truncateBytes(name, 80)}`, "x", paxRecords(pax));
    yield headerBlock({
      name, flag: FLAGS[e.type], mode: e.mode ?? (e.type === "directory" ? 0o755 : 0o644),
      uid: Math.min(e.uid ?? 0, MAX_OCTAL_7), gid: Math.min(e.gid ?? 0, MAX_OCTAL_7),
      size: Math.min(size, MAX_OCTAL_11), mtime: e.mtime ?? 0, linkname,
      devmajor: e.devmajor, devminor: e.devminor,
    });
    if (e.type === "file") yield* fileData(e, size);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** Collects a whole archive in memory; for small archives and tests. */
export async function tarBytes(entries: Iterable<TarWriteEntry>, options?: TarWriteOptions): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of writeTar(entries, options)) parts.push(part);
  return Buffer.concat(parts);
}

export function headerBlock(f: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(f.name, 0, 100, "utf8");
  octal(block, 100, 8, f.mode ?? 0o644);
  octal(block, 108, 8, f.uid ?? 0);
  octal(block, 116, 8, f.gid ?? 0);
  octal(block, 124, 12, f.size ?? 0);
  octal(block, 136, 12, f.mtime ?? 0);
  block.write(f.flag, 156, 1, "latin1");
  block.write(f.linkname ?? "", 157, 100, "utf8");
  block.write(f.magic === "gnu" ? "ustar  \0" : "ustar\u000000", 257, 8, "latin1");
  octal(block, 329, 8, f.devmajor ?? 0);
  octal(block, 337, 8, f.devminor ?? 0);
  if (f.prefix) block.write(f.prefix, 345, 155, "utf8");
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "latin1");
  return block;
}

function* metaEntry(name: string, flag: string, data: Buffer): Generator<Buffer> {
  yield headerBlock({ name, flag, size: data.length });
  yield data;
  yield Buffer.alloc(pad(data.length));
}

async function* fileData(e: TarWriteEntry, size: number): AsyncGenerator<Buffer> {
  let written = 0;
  const chunks = e.data instanceof Uint8Array ? [e.data] : e.data ? e.data() : [];
  for await (const chunk of chunks) {
    written += chunk.length;
    if (written > size) throw new Error(`${e.name} has more than the ${size} bytes announced`);
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (written !== size) throw new Error(`${e.name} has ${written} bytes, not the ${size} announced`);
  yield Buffer.alloc(pad(size));
}

function paxRecords(records: Map<string, Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of records) {
    const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from("\n")]);
    let length = body.length + 1;
    while (String(length).length + body.length !== length) length = String(length).length + body.length;
    parts.push(Buffer.from(String(length)), body);
  }
  return Buffer.concat(parts);
}

function octal(block: Buffer, start: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, "0")}\0`, start, length, "latin1");
}

function pad(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function truncateBytes(text: string, max: number): string {
  const bytes = Buffer.from(text);
  return bytes.length <= max ? text : bytes.subarray(0, max).toString("utf8").replace(/\uFFFD+$/, "");
}
