// /run/netns, where named network namespaces are mounted. iproute2 turns it into a shared mount of
// itself on first use, so that unmounting a namespace there also unmounts the copies other mount
// namespaces (containers) made of it. Two first uses at once each add a mount, stacking two; the
// agent starts pods concurrently, so it prepares the directory once, itself.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { NETNS_DIR } from "./pod-network-config.ts";

const run = promisify(execFile);

export function isMountPoint(path: string): boolean {
  // mountinfo's fifth field is the mount point.
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .some((line) => line.split(" ")[4] === path);
}

let preparing: Promise<void> | undefined;

/** Makes /run/netns a shared mount point, as `ip netns add` would, unless it is one already. */
export function ensureNetnsDir(): Promise<void> {
  if (isMountPoint(NETNS_DIR)) return Promise.resolve();
  preparing ??= (async () => {
    // Another process may be releasing the directory at this very moment: try again once.
    for (let attempt = 0; ; attempt++) {
      try {
        mkdirSync(NETNS_DIR, { recursive: true });
        if (!isMountPoint(NETNS_DIR)) await run("mount", ["--rbind", NETNS_DIR, NETNS_DIR]);
        await run("mount", ["--make-rshared", NETNS_DIR]);
        return;
      } catch (e) {
        if (attempt >= 2) throw e;
      }
    }
  })().finally(() => {
    preparing = undefined;
  });
  return preparing;
}

function entries(): string[] {
  try {
    return readdirSync(NETNS_DIR);
  } catch {
    return [];
  }
}

/** Undoes ensureNetnsDir once no named namespace (ours or anyone's) is left. True when it did. */
export async function releaseNetnsDir(): Promise<boolean> {
  if (entries().length > 0 || !isMountPoint(NETNS_DIR)) return false;
  while (isMountPoint(NETNS_DIR) && entries().length === 0) {
    try {
      await run("umount", [NETNS_DIR]);
    } catch {
      // Busy: another process (another node, `ip netns`) is using it right now, so it stays.
      return false;
    }
  }
  // The empty directory stays: removing it would race with a process about to mount it again.
  return true;
}
