// Whether a directory is a mount point, read from /proc/self/mountinfo rather than by running
// findmnt: the check runs on every provisioning, repair and deletion.
import { readFile, realpath } from "node:fs/promises";

/** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
function unescapeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
}

/** The mount points listed in a mountinfo text (field 5 of each line). */
export function mountPoints(mountinfo: string): string[] {
  const out: string[] = [];
  for (const line of mountinfo.split("\n")) {
    const fields = line.split(" ");
    if (fields.length > 4) out.push(unescapeMountPath(fields[4]));
  }
  return out;
}

export async function isMountPoint(path: string, mountinfoPath = "/proc/self/mountinfo"): Promise<boolean> {
  let resolved: string;
  try {
    resolved = await realpath(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
  return mountPoints(await readFile(mountinfoPath, "utf8")).includes(resolved);
}
