// hostPath volumes' `type`: create what the *OrCreate types ask for and check the others, with
// the kubelet's messages (pkg/volume/hostpath). Symlinks are followed, as os.Stat does.
import { mkdir, open, stat } from "node:fs/promises";
import type { Stats } from "node:fs";

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/** ValidatePathNoBacksteps. */
export function hasBacksteps(path: string): boolean {
  return path.split("/").includes("..");
}

async function makeFile(path: string): Promise<void> {
  // O_CREATE without O_EXCL: a file or directory that appeared meanwhile is fine.
  const handle = await open(path, "a", 0o644);
  await handle.close();
}

/** Throws the kubelet's SetUp error when `path` does not match `type` (after creating it if asked). */
export async function checkHostPathType(path: string, type: string): Promise<void> {
  if (hasBacksteps(path)) throw new Error(`invalid HostPath \`${path}\`: must not contain '..'`);
  if (type === "") return;
  const st = await statOrUndefined(path);
  switch (type) {
    case "DirectoryOrCreate":
      if (!st) {
        await mkdir(path, { recursive: true, mode: 0o755 });
        return;
      }
    // falls through
    case "Directory":
      if (!st?.isDirectory()) throw new Error(`hostPath type check failed: ${path} is not a directory`);
      return;
    case "FileOrCreate":
      if (!st) {
        await makeFile(path);
        return;
      }
    // falls through
    case "File":
      if (!st || st.isDirectory()) throw new Error(`hostPath type check failed: ${path} is not a file`);
      return;
    case "Socket":
      if (!st?.isSocket()) throw new Error(`hostPath type check failed: ${path} is not a socket file`);
      return;
    case "CharDevice":
      if (!st?.isCharacterDevice()) throw new Error(`hostPath type check failed: ${path} is not a character device`);
      return;
    case "BlockDevice":
      if (!st?.isBlockDevice()) throw new Error(`hostPath type check failed: ${path} is not a block device`);
      return;
    default:
      throw new Error(`${type} is an invalid volume type`);
  }
}
