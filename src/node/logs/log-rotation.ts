// Size-capped container logs, rotated as the kubelet's container log manager rotates them: when
// the live file "<n>.log" passes the size limit it is renamed to "<n>.log.<YYYYMMDD-hhmmss>" and
// the writer is told to reopen its path (which creates a fresh file); rotated files beyond the
// file limit are deleted, oldest first. The writer keeps its descriptor until it reopens, so
// nothing written in between is lost: it lands at the end of the renamed file.
import { readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export interface LogRotationPolicy {
  /** The live file is rotated once it is larger than this. */
  maxBytes: number;
  /** Files kept per container log, the live one included (at least 2). */
  maxFiles: number;
}

/** 10 MiB in at most two files. */
export const DEFAULT_LOG_ROTATION: LogRotationPolicy = { maxBytes: 10 * 1024 * 1024, maxFiles: 2 };

const pad = (n: number) => String(n).padStart(2, "0");

/** Go's "20060102-150405" in UTC. */
export function rotationSuffix(now: Date): string {
  return `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
}

const ROTATED = /^\.\d{8}-\d{6}(?:\.\d+)?$/;

/** The rotated files of a live log path, oldest first. */
export async function rotatedLogs(path: string): Promise<string[]> {
  const name = basename(path);
  let entries: string[];
  try {
    entries = await readdir(dirname(path));
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.startsWith(name) && ROTATED.test(e.slice(name.length)))
    .sort()
    .map((e) => join(dirname(path), e));
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

async function freeName(path: string, suffix: string): Promise<string> {
  const base = `${path}.${suffix}`;
  if ((await sizeOf(base)) === undefined) return base;
  for (let i = 1; ; i++) if ((await sizeOf(`${base}.${i}`)) === undefined) return `${base}.${i}`;
}

/**
 * Rotates `path` when it is over the limit, then trims rotated files to the policy. `reopen` makes
 * the writer start a new file at `path`; when it fails the rename is undone. True when rotated.
 */
export async function rotateLog(path: string, policy: LogRotationPolicy, reopen: () => Promise<void>, now: Date): Promise<boolean> {
  const size = await sizeOf(path);
  let rotated = false;
  if (size !== undefined && size > policy.maxBytes) {
    const target = await freeName(path, rotationSuffix(now));
    await rename(path, target);
    try {
      await reopen();
    } catch (e) {
      await rename(target, path);
      throw e;
    }
    rotated = true;
  }
  const old = await rotatedLogs(path);
  const keep = Math.max(1, policy.maxFiles - 1);
  for (const f of old.slice(0, Math.max(0, old.length - keep))) await rm(f, { force: true });
  return rotated;
}

/** Deletes a log and its rotated files. */
export async function removeLog(path: string): Promise<void> {
  for (const f of [path, ...(await rotatedLogs(path))]) await rm(f, { force: true });
}
