// The store's table of images, names and layers: one JSON file replaced atomically, so readers
// never lock, and a lock file that serializes writers across processes (the CLI imports while
// the node agent resolves). A lock left by a dead process is taken over. Queries on the table
// (by name, digest or ID prefix) are pure functions of it.
import { statSync } from "node:fs";
import { open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { formatReference, isImageID, parseReference } from "./reference.ts";

export class ImageNotFoundError extends Error {
  override name = "ImageNotFoundError";
}

export interface ImageRecord {
  /** "host": the bottom layer is the host's root filesystem (see README.md). */
  base: "scratch" | "host";
  /** Layer diffIDs, bottom to top, not counting a host base. */
  diffIDs: string[];
  /** Manifest digests the image was imported with. */
  digests: string[];
}

export interface ImageIndex {
  version: 1;
  /** By image ID ("sha256:" + digest of the config). */
  images: Record<string, ImageRecord>;
  /** Normalized reference → image ID. */
  names: Record<string, string>;
  /** By diffID: bytes of file data in the unpacked layer. */
  layers: Record<string, { size: number }>;
}

const FILE = "index.json";
const LOCK = "index.lock";

export async function readIndex(root: string): Promise<ImageIndex> {
  try {
    return JSON.parse(await readFile(join(root, FILE), "utf8")) as ImageIndex;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, images: {}, names: {}, layers: {} };
    throw e;
  }
}

/**
 * The table as last read, read again only when the file changed (it is replaced, never written in
 * place): resolving an image is on the path of every container start, where one stat is cheaper
 * than reading and parsing the file. Callers must not modify what it returns.
 */
export class IndexCache {
  readonly #root: string;
  #last: { key: string; index: ImageIndex } | undefined;

  constructor(root: string) {
    this.#root = root;
  }

  async read(): Promise<ImageIndex> {
    const key = fileKey(join(this.#root, FILE));
    if (key !== undefined && this.#last?.key === key) return this.#last.index;
    const index = await readIndex(this.#root);
    this.#last = key === undefined ? undefined : { key, index };
    return index;
  }
}

function fileKey(path: string): string | undefined {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return undefined;
  }
}

export async function writeIndex(root: string, index: ImageIndex): Promise<void> {
  const tmp = join(root, `${FILE}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(index, null, 1)}\n`);
  await rename(tmp, join(root, FILE));
}

/** Runs `fn` holding the store's write lock. */
export async function withIndexLock<T>(root: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const lock = join(root, LOCK);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (await holderIsGone(lock)) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the image store ${root} is locked by another process (${lock})`);
      await sleep(25);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

async function holderIsGone(lock: string): Promise<boolean> {
  const pid = Number(await readFile(lock, "utf8").catch(() => ""));
  if (!Number.isInteger(pid) || pid <= 0) {
    // Empty while its holder writes the pid; empty for long means the holder died in between.
    const st = await stat(lock).catch(() => undefined);
    return st !== undefined && Date.now() - st.mtimeMs > 10_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** The image ID a reference or image ID names. */
export function lookup(index: ImageIndex, ref: string): string | undefined {
  if (isImageID(ref)) return index.images[ref] ? ref : undefined;
  const parsed = parseReference(ref);
  if (parsed.digest) {
    const d = parsed.digest;
    return Object.entries(index.images).find(([id, r]) => id === d || r.digests.includes(d))?.[0];
  }
  return index.names[formatReference(parsed)];
}

/** By image ID, or a unique prefix of its hex (4 or more digits). */
export function findById(index: ImageIndex, ref: string): string | undefined {
  if (isImageID(ref)) return index.images[ref] ? ref : undefined;
  const hex = ref.startsWith("sha256:") ? ref.slice(7) : ref;
  if (!/^[0-9a-f]{4,64}$/.test(hex)) return undefined;
  const matches = Object.keys(index.images).filter((id) => hexOf(id).startsWith(hex));
  if (matches.length > 1) throw new ImageNotFoundError(`image ID prefix ${JSON.stringify(ref)} is ambiguous`);
  return matches[0];
}

export function namesOf(index: ImageIndex, id: string): string[] {
  return Object.entries(index.names).filter(([, v]) => v === id).map(([n]) => n).sort();
}

export function sizeOf(index: ImageIndex, r: ImageRecord): number {
  return r.diffIDs.reduce((sum, d) => sum + (index.layers[d]?.size ?? 0), 0);
}

export function hexOf(digest: string): string {
  return digest.startsWith("sha256:") ? digest.slice(7) : digest;
}
