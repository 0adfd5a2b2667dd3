// securityContext.fsGroup on a volume (the kubelet's SetVolumeOwnership): every entry gets the
// group, files gain group read (and write unless the volume is read-only), directories also the
// setgid bit and search permission. Symlinks get the group but keep their targets' modes.
import { chmod, lchown, lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

const RW = 0o660;
const RO = 0o440;
const EXEC = 0o110;
const SETGID = 0o2000;

export type FsGroupChangePolicy = "Always" | "OnRootMismatch";

// Depth first, the root last: a walk cut short leaves the root unchanged, so OnRootMismatch
// does not skip the rest next time.
async function change(path: string, gid: number, readOnly: boolean): Promise<void> {
  const st = await lstat(path);
  if (st.isDirectory()) for (const name of await readdir(path)) await change(join(path, name), gid, readOnly);
  await lchown(path, st.uid, gid);
  if (st.isSymbolicLink()) return;
  const mask = (readOnly ? RO : RW) | (st.isDirectory() ? SETGID | EXEC : 0);
  await chmod(path, (st.mode & 0o7777) | mask);
}

/** OnRootMismatch skips a volume whose root already has the group and the permissions. */
async function rootMatches(dir: string, gid: number, readOnly: boolean): Promise<boolean> {
  const st = await lstat(dir);
  const want = (readOnly ? RO : RW) | SETGID | EXEC;
  return st.gid === gid && (st.mode & want) === want;
}

export async function applyFsGroup(dir: string, gid: number, opts: { readOnly: boolean; policy?: FsGroupChangePolicy }): Promise<void> {
  if (opts.policy === "OnRootMismatch" && (await rootMatches(dir, gid, opts.readOnly))) return;
  await change(dir, gid, opts.readOnly);
}
