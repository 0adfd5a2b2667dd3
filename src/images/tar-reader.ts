// A streaming tar reader for image layers and archives: POSIX ustar, pax extended headers (local
// and global) and GNU long names, the formats docker, buildkit, containerd and GNU tar write.
// Malformed input is a TarError, never a crash: layers come from outside.
import { readExactly, skipBytes, type ByteSource } from "./byte-source.ts";

export type TarEntryType = "file" | "directory" | "symlink" | "hardlink" | "char" | "block" | "fifo";

export interface TarHeader {
  name: string;
  type: TarEntryType;
  mode: number;
  uid: number;
  gid: number;
  /** Bytes of data that follow; 0 for every type but "file". */
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
  /** From pax SCHILY.xattr.* records. */
  xattrs: Map<string, Buffer>;
}

export interface TarEntry extends TarHeader {
  /** Where the data starts in the input, for reading a member again in place. */
  offset: number;
  /** The data, at most once and before the next entry is asked for; unread data is skipped. */
  body(): AsyncIterable<Buffer>;
}

export class TarError extends Error {
  override name = "TarError";
}

const BLOCK = 512;
/** pax and GNU long-name payloads are held in memory; real ones are a few hundred bytes. */
const MAX_META_SIZE = 1 << 20;

const TYPES: Record<string, TarEntryType> = {
  "0": "file", "\0": "file", "7": "file",
  "1": "hardlink", "2": "symlink", "3": "char", "4": "block", "5": "directory", "6": "fifo",
};

/** Reads entries until the end-of-archive block (or the end of input at a block boundary). */
export async function* readTar(source: ByteSource): AsyncGenerator<TarEntry> {
  const globals = new Map<string, Buffer>();
  let local = new Map<string, Buffer>();
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const at = source.position;
    const block = await readExactly(source, BLOCK);
    if (block.length === 0) return;
    if (block.length < BLOCK) throw new TarError(`truncated header at offset ${at}`);
    if (block.every((b) => b === 0)) return;
    verifyChecksum(block, at);
    const flag = String.fromCharCode(block[156]);
    const size = numeric(block, 124, 12, "size", at);
    if (flag === "x" || flag === "g" || flag === "L" || flag === "K") {
      const data = await readMeta(source, size, at);
      if (flag === "x") local = parsePax(data, at);
      else if (flag === "g") for (const [k, v] of parsePax(data, at)) globals.set(k, v);
      else if (flag === "L") longName = cString(data);
      else longLink = cString(data);
      continue;
    }
    const type = TYPES[flag];
    if (!type) throw new TarError(`unsupported tar entry type ${JSON.stringify(flag)} at offset ${at}`);
    const pax = new Map([...globals, ...local]);
    const header = parseHeader(block, type, size, at);
    applyPax(header, pax, at);
    if (longName !== undefined && !pax.has("path")) header.name = longName;
    if (longLink !== undefined && !pax.has("linkpath")) header.linkname = longLink;
    if (header.type === "file" && flag === "\0" && header.name.endsWith("/")) header.type = "directory";
    if (header.type !== "file") header.size = 0;
    local = new Map();
    longName = longLink = undefined;

    const dataSize = header.size;
    const offset = source.position;
    let consumed = 0;
    let taken = false;
    let expired = false;
    const body = async function* (): AsyncGenerator<Buffer> {
      if (taken || expired) throw new TarError(`the data of ${header.name} is no longer available`);
      taken = true;
      while (consumed < dataSize) {
        const part = await source.readSome(dataSize - consumed);
        if (part.length === 0) throw new TarError(`truncated data of ${header.name} at offset ${offset + consumed}`);
        consumed += part.length;
        yield part;
      }
    };
    yield { ...header, offset, body };
    expired = true;
    const remaining = dataSize - consumed;
    const skipped = await skipBytes(source, remaining + padding(dataSize));
    if (skipped < remaining) throw new TarError(`truncated data of ${header.name} at offset ${offset}`);
  }
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

async function readMeta(source: ByteSource, size: number, at: number): Promise<Buffer> {
  if (size > MAX_META_SIZE) throw new TarError(`extended header of ${size} bytes at offset ${at} is too large`);
  const data = await readExactly(source, size);
  if (data.length < size) throw new TarError(`truncated extended header at offset ${at}`);
  await skipBytes(source, padding(size));
  return data;
}

function verifyChecksum(block: Buffer, at: number): void {
  const stored = numeric(block, 148, 8, "checksum", at);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed) throw new TarError(`invalid header checksum at offset ${at}`);
}

function parseHeader(block: Buffer, type: TarEntryType, size: number, at: number): TarHeader {
  let name = cString(block.subarray(0, 100));
  const magic = block.toString("latin1", 257, 263);
  if (magic === "ustar\0") {
    const prefix = cString(block.subarray(345, 500));
    if (prefix) name = `${prefix}/${name}`;
  }
  return {
    name,
    type,
    mode: numeric(block, 100, 8, "mode", at) & 0o7777,
    uid: numeric(block, 108, 8, "uid", at),
    gid: numeric(block, 116, 8, "gid", at),
    size,
    mtime: numeric(block, 136, 12, "mtime", at),
    linkname: cString(block.subarray(157, 257)),
    uname: cString(block.subarray(265, 297)),
    gname: cString(block.subarray(297, 329)),
    devmajor: magic.startsWith("ustar") ? numeric(block, 329, 8, "devmajor", at) : 0,
    devminor: magic.startsWith("ustar") ? numeric(block, 337, 8, "devminor", at) : 0,
    xattrs: new Map(),
  };
}

function applyPax(h: TarHeader, pax: Map<string, Buffer>, at: number): void {
  for (const [key, raw] of pax) {
    const value = raw.toString("utf8");
    if (key === "path") h.name = value;
    else if (key === "linkpath") h.linkname = value;
    else if (key === "uname") h.uname = value;
    else if (key === "gname") h.gname = value;
    else if (key === "size") h.size = paxNumber(key, value, at);
    else if (key === "uid") h.uid = paxNumber(key, value, at);
    else if (key === "gid") h.gid = paxNumber(key, value, at);
    else if (key === "mtime") h.mtime = paxNumber(key, value.split(".")[0], at);
    else if (key.startsWith("SCHILY.xattr.")) h.xattrs.set(key.slice("SCHILY.xattr.".length), raw);
    else if (key.startsWith("GNU.sparse.")) throw new TarError(`not implemented: sparse file at offset ${at}`);
  }
}

function paxNumber(key: string, value: string, at: number): number {
  const n = /^-?\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || (n < 0 && key !== "mtime")) {
    throw new TarError(`invalid pax ${key} ${JSON.stringify(value)} at offset ${at}`);
  }
  return n;
}

/** Records are "<length> <key>=<value>\n" where the length counts the whole record. */
function parsePax(data: Buffer, at: number): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    const lengthText = space < 0 ? "" : data.toString("latin1", pos, space);
    const length = /^\d{1,7}$/.test(lengthText) ? Number(lengthText) : 0;
    const end = pos + length;
    if (space < 0 || end <= space + 1 || end > data.length || data[end - 1] !== 0x0a) {
      throw new TarError(`malformed pax record at offset ${at}`);
    }
    const record = data.subarray(space + 1, end - 1);
    const eq = record.indexOf(0x3d);
    if (eq <= 0) throw new TarError(`malformed pax record at offset ${at}`);
    out.set(record.toString("utf8", 0, eq), Buffer.from(record.subarray(eq + 1)));
    pos = end;
  }
  return out;
}

function cString(bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  return bytes.toString("utf8", 0, nul < 0 ? bytes.length : nul);
}

/** Octal text, or GNU base-256 when the high bit of the first byte is set. */
function numeric(block: Buffer, start: number, length: number, field: string, at: number): number {
  const bytes = block.subarray(start, start + length);
  if (bytes[0] & 0x80) {
    if (bytes[0] !== 0x80) throw new TarError(`negative or oversized ${field} at offset ${at}`);
    let n = 0;
    for (let i = 1; i < bytes.length; i++) n = n * 256 + bytes[i];
    if (!Number.isSafeInteger(n)) throw new TarError(`oversized ${field} at offset ${at}`);
    return n;
  }
  const text = bytes.toString("latin1").replace(/[\0 ]+$/, "").replace(/^ +/, "");
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`invalid ${field} field at offset ${at}`);
  return parseInt(text, 8);
}
