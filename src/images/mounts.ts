// Mount table reads and the mount/umount calls rootfs preparation needs (root only).
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { HostToolError, run } from "./host-tools.ts";

/** Mount points of this process's mount namespace, in mount order. */
export async function mountPoints(): Promise<string[]> {
  const table = await readFile("/proc/self/mountinfo", "utf8");
  return table
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => unescapeMountPath(line.split(" ")[4]));
}

/** Mount points at or below `dir`, deepest (latest) first: the order to unmount them in. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  return (await mountPoints()).filter((m) => m === dir || m.startsWith(prefix)).reverse();
}

/** Every lower layer of every overlay mount, as given when it was mounted (maybe relative). */
export async function overlayLowerDirs(): Promise<string[]> {
  const table = await readFile("/proc/self/mountinfo", "utf8");
  const dirs: string[] = [];
  for (const line of table.split("\n")) {
    const fields = line.split(" ");
    const dash = fields.indexOf("-");
    if (dash < 0 || fields[dash + 1] !== "overlay") continue;
    for (const option of (fields[dash + 3] ?? "").split(",")) {
      const eq = option.indexOf("=");
      const key = option.slice(0, eq);
      if (key === "lowerdir" || key === "lowerdir+" || key === "datadir+") {
        dirs.push(...unescapeMountPath(option.slice(eq + 1)).split(":").filter((d) => d !== ""));
      }
    }
  }
  return dirs;
}

export async function isMountPoint(path: string): Promise<boolean> {
  return (await mountPoints()).includes(path);
}

export async function mountOverlay(target: string, options: string, cwd?: string): Promise<void> {
  await run("mount", ["-t", "overlay", "overlay", "-o", options, target], { cwd });
}

/** Unmounts, retrying a busy mount for a while before detaching it lazily. */
export async function unmount(target: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await run("umount", [target]);
      return;
    } catch (e) {
      if (!(await isMountPoint(target))) return;
      if (attempt === 5) {
        if (!(e instanceof HostToolError)) throw e;
        await run("umount", ["-l", target]);
        return;
      }
      await sleep(50 * (attempt + 1));
    }
  }
}

/** mountinfo writes space, tab, newline and backslash as octal escapes. */
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}
