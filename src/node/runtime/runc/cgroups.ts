// The cgroup directories runc makes for our containers, found and removed across every mounted
// hierarchy (cgroup v1 controllers, name=systemd, and the unified one on hybrid hosts). runc
// removes a container's own directory at `runc delete`; the pod directories above it, and
// whatever a crash left, are ours to remove.
import { existsSync, readdirSync, readFileSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** Mount points of cgroup filesystems (v1 and v2) in this mount namespace. */
export function cgroupMounts(): string[] {
  const out: string[] = [];
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    const sep = line.indexOf(" - ");
    if (sep < 0) continue;
    const fstype = line.slice(sep + 3).split(" ")[0];
    if (fstype === "cgroup" || fstype === "cgroup2") out.push(line.split(" ")[4]);
  }
  return out;
}

/** The kernel accounts swap per cgroup (cgroup v1 memory.memsw.*). */
export function swapAccounting(): boolean {
  return cgroupMounts().some((m) => existsSync(join(m, "memory.memsw.limit_in_bytes")));
}

/** Directories below `dir`, deepest first, `dir` last. */
function tree(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const below: string[] = [];
  for (const e of entries) {
    const p = join(dir, e);
    try {
      if (statSync(p).isDirectory()) below.push(...tree(p));
    } catch {
      // gone meanwhile
    }
  }
  return [...below, dir];
}

function procs(dir: string): number[] {
  try {
    return readFileSync(join(dir, "cgroup.procs"), "utf8").split("\n").filter((l) => l !== "").map(Number);
  } catch {
    return [];
  }
}

/**
 * Removes `path` (e.g. "/ordinal/pod<uid>") from every hierarchy, killing processes still in it
 * when `kill` is set. Throws naming what could not be removed.
 */
export async function removeCgroup(path: string, opts: { kill?: boolean } = {}): Promise<void> {
  const left: string[] = [];
  for (const mount of cgroupMounts()) {
    for (const dir of tree(join(mount, path))) {
      for (let attempt = 0; ; attempt++) {
        if (opts.kill) {
          for (const pid of procs(dir)) {
            try {
              process.kill(pid, "SIGKILL");
            } catch {
              // exited meanwhile
            }
          }
        }
        try {
          rmdirSync(dir);
          break;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === "ENOENT") break;
          // EBUSY: the last processes are still being torn down.
          if (code !== "EBUSY" || attempt >= 20) {
            left.push(dir);
            break;
          }
          await sleep(25);
        }
      }
    }
  }
  if (left.length > 0) throw new Error(`cannot remove cgroup ${path}: ${left.join(", ")} still in use`);
}

/** Names of the directories directly under `parent` in any hierarchy. */
export function cgroupChildren(parent: string): string[] {
  const names = new Set<string>();
  for (const mount of cgroupMounts()) {
    try {
      for (const e of readdirSync(join(mount, parent), { withFileTypes: true })) if (e.isDirectory()) names.add(e.name);
    } catch {
      // not in this hierarchy
    }
  }
  return [...names].sort();
}
