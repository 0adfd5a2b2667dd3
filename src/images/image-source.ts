// What `image import` reads from: a directory (an OCI layout, or an unpacked `docker save`) or a
// tar archive of one, read in place by offset so that a layer costs one pass. A compressed
// archive (`docker save | gzip`) is decompressed to a temporary file first.
import { createReadStream, createWriteStream } from "node:fs";
import { lstat, open, readFile, rm, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { fileSource } from "./byte-source.ts";
import { decompressed, detectCompression } from "./decompress.ts";
import { ImageFormatError } from "./image-config.ts";
import { cleanPath } from "./layer-unpack.ts";
import { readTar } from "./tar-reader.ts";

export interface ImageSource {
  /** Describes the source in messages. */
  readonly label: string;
  has(path: string): Promise<boolean>;
  /** A small member (JSON), whole. */
  read(path: string): Promise<Buffer>;
  stream(path: string): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

const MAX_JSON = 64 << 20;

export async function openImageSource(file: string, scratchDir: string): Promise<ImageSource> {
  const st = await stat(file);
  if (st.isDirectory()) return new DirectorySource(file);
  const head = Buffer.alloc(4);
  const probe = await open(file, "r");
  try {
    await probe.read(head, 0, 4, 0);
  } finally {
    await probe.close();
  }
  if (detectCompression(head) === "none") return TarSource.open(file, file, undefined);
  const plain = join(scratchDir, `archive-${process.pid}-${Date.now()}.tar`);
  try {
    await pipeline(Readable.from(decompressed(createReadStream(file))), createWriteStream(plain, { mode: 0o600 }));
    return await TarSource.open(file, plain, plain);
  } catch (e) {
    await rm(plain, { force: true });
    throw e;
  }
}

class DirectorySource implements ImageSource {
  readonly label: string;
  readonly #dir: string;

  constructor(dir: string) {
    this.label = dir;
    this.#dir = dir;
  }

  async has(path: string): Promise<boolean> {
    return (await lstat(this.#path(path)).catch(() => undefined)) !== undefined;
  }

  async read(path: string): Promise<Buffer> {
    const st = await stat(this.#path(path)).catch(() => undefined);
    if (!st?.isFile()) throw new ImageFormatError(`${this.label}: ${path} is missing`);
    if (st.size > MAX_JSON) throw new ImageFormatError(`${this.label}: ${path} is too large for metadata`);
    return readFile(this.#path(path));
  }

  async *stream(path: string): AsyncIterable<Buffer> {
    if (!(await stat(this.#path(path)).catch(() => undefined))?.isFile()) throw new ImageFormatError(`${this.label}: ${path} is missing`);
    yield* createReadStream(this.#path(path));
  }

  #path(path: string): string {
    return join(this.#dir, cleanPath(path));
  }

  async close(): Promise<void> {}
}

interface Member {
  offset: number;
  size: number;
  type: string;
  linkname: string;
}

class TarSource implements ImageSource {
  readonly label: string;
  readonly #file: string;
  readonly #members: Map<string, Member>;
  readonly #temporary?: string;

  private constructor(label: string, file: string, members: Map<string, Member>, temporary?: string) {
    this.label = label;
    this.#file = file;
    this.#members = members;
    this.#temporary = temporary;
  }

  static async open(label: string, file: string, temporary: string | undefined): Promise<TarSource> {
    const members = new Map<string, Member>();
    let handle: FileHandle | undefined;
    try {
      handle = await open(file, "r");
      const source = await fileSource(handle);
      for await (const e of readTar(source)) {
        members.set(cleanPath(e.name), { offset: e.offset, size: e.size, type: e.type, linkname: e.linkname });
      }
    } catch (e) {
      if (temporary) await rm(temporary, { force: true });
      throw e;
    } finally {
      await handle?.close();
    }
    return new TarSource(label, file, members, temporary);
  }

  async has(path: string): Promise<boolean> {
    return this.#member(path) !== undefined;
  }

  async read(path: string): Promise<Buffer> {
    const m = this.#required(path);
    if (m.size > MAX_JSON) throw new ImageFormatError(`${this.label}: ${path} is too large for metadata`);
    const parts: Buffer[] = [];
    for await (const part of this.stream(path)) parts.push(part);
    return Buffer.concat(parts);
  }

  async *stream(path: string): AsyncIterable<Buffer> {
    const m = this.#required(path);
    if (m.size === 0) return;
    yield* createReadStream(this.#file, { start: m.offset, end: m.offset + m.size - 1 });
  }

  async close(): Promise<void> {
    if (this.#temporary) await rm(this.#temporary, { force: true });
  }

  #required(path: string): Member {
    const m = this.#member(path);
    if (!m) throw new ImageFormatError(`${this.label}: ${path} is missing`);
    return m;
  }

  /** Follows links inside the archive (docker save links layers it holds twice). */
  #member(path: string): Member | undefined {
    let name = cleanPath(path);
    for (let hops = 0; hops < 16; hops++) {
      const m = this.#members.get(name);
      if (!m || m.type === "file") return m;
      if (m.type === "hardlink") name = cleanPath(m.linkname);
      else if (m.type === "symlink") name = cleanPath(m.linkname.startsWith("/") ? m.linkname : `${name.split("/").slice(0, -1).join("/")}/${m.linkname}`);
      else return undefined;
    }
    return undefined;
  }
}
