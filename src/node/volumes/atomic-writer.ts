// Projects a payload into a directory so that readers never see a half-updated volume (the
// kubelet's AtomicWriter). The files live in a hidden timestamped directory; `..data` links to it
// and each top-level name links through `..data`:
//
//   <dir>/..2024_05_01_10_00_00.123456789/config.yaml   the real file
//   <dir>/..data -> ..2024_05_01_10_00_00.123456789
//   <dir>/config.yaml -> ..data/config.yaml
//
// An update writes a new timestamped directory and renames a fresh `..data_tmp` link over `..data`,
// one atomic step. A subPath mount resolves its links when the container starts, so it keeps the
// version it started with, as upstream.
import { randomInt } from "node:crypto";
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cleanPath, type Payload } from "./volume-payloads.ts";

const DATA_DIR = "..data";
const NEW_DATA_DIR = "..data_tmp";
const MAX_FILE_NAME = 255;
const MAX_PATH = 4096;
const TIMESTAMP_DIR = /^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d+$/;

export interface AtomicWriteOptions {
  /** Names the timestamped directory; default now. */
  now?: Date;
  /** Applied to the new timestamped directory (its name) before it is published, e.g. fsGroup. */
  setPerms?: (tsDirName: string) => Promise<void>;
}

const isErrno = (e: unknown, code: string) => (e as NodeJS.ErrnoException)?.code === code;

/** validatePath: relative, no '..' element, no leading '..', bounded lengths. */
export function validatePayloadPath(p: string): void {
  if (p === "") throw new Error(`invalid path: must not be empty: ""`);
  if (p.startsWith("/")) throw new Error(`invalid path: must be relative path: ${p}`);
  if (Buffer.byteLength(p) > MAX_PATH) throw new Error(`invalid path: must be less than or equal to ${MAX_PATH} characters`);
  const items = p.split("/");
  for (const item of items) {
    if (item === "..") throw new Error(`invalid path: must not contain '..': ${p}`);
    if (Buffer.byteLength(item) > MAX_FILE_NAME) throw new Error(`invalid path: filenames must be less than or equal to ${MAX_FILE_NAME} characters`);
  }
  if (items[0].startsWith("..") && items[0].length > 2) throw new Error(`invalid path: must not start with '..': ${p}`);
}

function cleanPayload(payload: Payload): Payload {
  const out: Payload = new Map();
  for (const [p, file] of payload) {
    validatePayloadPath(p);
    out.set(cleanPath(p), file);
  }
  return out;
}

/** "..2006_01_02_15_04_05." in UTC, the prefix Go's MkdirTemp completes with random digits. */
function timestampPrefix(now: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `..${now.getUTCFullYear()}_${two(now.getUTCMonth() + 1)}_${two(now.getUTCDate())}_${two(now.getUTCHours())}_${two(now.getUTCMinutes())}_${two(now.getUTCSeconds())}.`;
}

async function walk(dir: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    out.push(p);
    if (entry.isDirectory()) out.push(...(await walk(dir, p)));
  }
  return out;
}

/** What the old version holds that no payload path (or a directory above one) still needs. */
async function pathsToRemove(payload: Payload, oldTsPath: string): Promise<Set<string>> {
  let current: string[];
  try {
    current = await walk(oldTsPath);
  } catch (e) {
    if (isErrno(e, "ENOENT")) return new Set();
    throw e;
  }
  const keep = new Set<string>();
  for (const p of payload.keys()) {
    const parts = p.split("/");
    for (let i = 1; i <= parts.length; i++) keep.add(parts.slice(0, i).join("/"));
  }
  return new Set(current.filter((p) => !keep.has(p)));
}

async function differs(path: string, data: Uint8Array): Promise<boolean> {
  try {
    await lstat(path);
  } catch (e) {
    if (isErrno(e, "ENOENT")) return true;
    throw e;
  }
  return !Buffer.from(data).equals(await readFile(path));
}

async function newTimestampDir(targetDir: string, now: Date): Promise<string> {
  for (;;) {
    const name = `${timestampPrefix(now)}${randomInt(0, 2 ** 32 - 1)}`;
    try {
      await mkdir(join(targetDir, name));
    } catch (e) {
      if (isErrno(e, "EEXIST")) continue;
      throw e;
    }
    // Group and other must be able to descend, whatever the umask.
    await chmod(join(targetDir, name), 0o755);
    return name;
  }
}

async function writePayloadTo(dir: string, payload: Payload): Promise<void> {
  for (const [p, file] of payload) {
    const full = join(dir, p);
    await mkdir(join(full, ".."), { recursive: true });
    await writeFile(full, file.data, { mode: file.mode });
    // writeFile's mode passes through the umask; the volume must show exactly the requested mode.
    await chmod(full, file.mode);
  }
}

/**
 * Writes `payload` into `targetDir` (which must exist) atomically; callers serialize writes to one
 * directory. True when a new version was published, false when the content was already there.
 */
export async function writeAtomically(targetDir: string, payload: Payload, opts: AtomicWriteOptions = {}): Promise<boolean> {
  const clean = cleanPayload(payload);
  const dataDirPath = join(targetDir, DATA_DIR);
  let oldTsDir = "";
  try {
    oldTsDir = await readlink(dataDirPath);
  } catch (e) {
    if (!isErrno(e, "ENOENT")) throw e;
  }
  let toRemove = new Set<string>();
  let write = true;
  if (oldTsDir) {
    const oldTsPath = join(targetDir, oldTsDir);
    toRemove = await pathsToRemove(clean, oldTsPath);
    let changed = false;
    for (const [p, file] of clean) if (!changed) changed = await differs(join(oldTsPath, p), file.data);
    if (!changed && toRemove.size === 0) {
      write = false;
      oldTsDir = "";
    }
  }

  let newTsDir = "";
  if (write) {
    newTsDir = await newTimestampDir(targetDir, opts.now ?? new Date());
    const newTsPath = join(targetDir, newTsDir);
    try {
      await writePayloadTo(newTsPath, clean);
      await opts.setPerms?.(newTsDir);
      // A crash between symlink and rename leaves the temporary link behind.
      await rm(join(targetDir, NEW_DATA_DIR), { force: true });
      await symlink(newTsDir, join(targetDir, NEW_DATA_DIR));
      await rename(join(targetDir, NEW_DATA_DIR), dataDirPath);
    } catch (e) {
      await rm(join(targetDir, NEW_DATA_DIR), { force: true });
      await rm(newTsPath, { recursive: true, force: true });
      throw e;
    }
  }

  // Links are (re)created even when nothing was written, repairing a volume whose links were lost.
  for (const p of clean.keys()) {
    const top = p.split("/")[0];
    try {
      await readlink(join(targetDir, top));
    } catch (e) {
      if (!isErrno(e, "ENOENT")) continue;
      await symlink(join(DATA_DIR, top), join(targetDir, top));
    }
  }
  for (const p of toRemove) {
    if (!p.includes("/")) await rm(join(targetDir, p), { force: true });
  }
  if (oldTsDir) await rm(join(targetDir, oldTsDir), { recursive: true, force: true });
  if (write) await removeAbandonedVersions(targetDir, newTsDir);
  return write;
}

/** Timestamped directories a crash left unpublished: neither current nor the one just replaced. */
async function removeAbandonedVersions(targetDir: string, current: string): Promise<void> {
  for (const name of await readdir(targetDir)) {
    if (name !== current && TIMESTAMP_DIR.test(name)) await rm(join(targetDir, name), { recursive: true, force: true });
  }
}
