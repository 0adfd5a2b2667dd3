// The mounts the volume layer makes on the host itself: tmpfs for memory-backed volumes, and the
// unmounts of teardown. Containers get their bind mounts from the runtime, not from here.
import { execFile } from "node:child_process";
import { readFile, realpath } from "node:fs/promises";

export interface Mounter {
  /** Mounts a fresh tmpfs on the existing directory `target`; options like "size=1048576". */
  mountTmpfs(target: string, options: readonly string[]): Promise<void>;
  unmount(target: string): Promise<void>;
  /** Mount points at or below `dir`, deepest first; none when `dir` does not exist. */
  mountPointsUnder(dir: string): Promise<string[]>;
}

/** mountinfo escapes space, tab, newline and backslash as \ooo. */
const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));

/** Field 5 of each mountinfo line. */
export function parseMountPoints(mountinfo: string): string[] {
  return mountinfo
    .split("\n")
    .map((line) => line.split(" "))
    .filter((fields) => fields.length > 4)
    .map((fields) => unescape(fields[4]));
}

const depth = (p: string) => p.split("/").length;

export function mountPointsBelow(all: readonly string[], dir: string): string[] {
  return [...new Set(all.filter((m) => m === dir || m.startsWith(`${dir}/`)))].sort((a, b) => depth(b) - depth(a));
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { env: { ...process.env, LC_ALL: "C" } }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const detail = String(stderr).trim() || error.message;
      reject(new Error(`${[command, ...args].join(" ")} failed: ${detail}`));
    });
  });
}

/** Mounts with mount(8) and reads /proc/self/mountinfo. */
export class HostMounter implements Mounter {
  readonly #mountinfo: string;

  constructor(mountinfo = "/proc/self/mountinfo") {
    this.#mountinfo = mountinfo;
  }

  mountTmpfs(target: string, options: readonly string[]): Promise<void> {
    return run("mount", ["-t", "tmpfs", ...(options.length ? ["-o", options.join(",")] : []), "tmpfs", target]);
  }

  unmount(target: string): Promise<void> {
    return run("umount", [target]);
  }

  async mountPointsUnder(dir: string): Promise<string[]> {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const below = mountPointsBelow(parseMountPoints(await readFile(this.#mountinfo, "utf8")), real);
    // Report them under the caller's spelling of `dir`, which may run through a symlink.
    return below.map((m) => dir + m.slice(real.length));
  }
}
