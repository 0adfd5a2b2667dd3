// A container's root filesystem: an overlay of the image's layers (shared, read-only) with an
// upper and work directory of its own, mounted at <containerDir>/rootfs. Root only.
//
// The host's root as a lower layer mounts directly on the host, but overlayfs refuses another
// lower layer that lies inside it ("overlapping lowerdir path"), and image layers live under "/".
// So a host-based image with layers of its own stacks two overlays: a read-only one of "/" at
// <containerDir>/host/mnt, which then serves as the bottom layer of the container's overlay.
//
// Mounts are made in the caller's mount namespace with its propagation: where "/" is private (as
// here) they propagate nowhere; on a host whose "/" is shared they appear in peer namespaces and
// leave them again at unmount, as containerd's do. runc keeps mounts made inside the container
// out of the host (rootfsPropagation). The host root's own submounts (/proc, /dev, ...) are not
// part of an overlay, so they never appear in a container through it.
import { existsSync, mkdirSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isMountPoint, mountOverlay, mountsUnder, unmount } from "./mounts.ts";
import type { ResolvedImage } from "./image-store.ts";

export interface PreparedRootfs {
  rootfs: string;
  /** Unmounts and deletes what prepareRootfs made, the container's writes included. */
  cleanup(): Promise<void>;
}

const HOST_ROOT = "/";
const MADE = ["rootfs", "upper", "work", "host", "empty"];
/** A page, less what the kernel and mount(8) may add. */
const MAX_OPTIONS = 3900;

export async function prepareRootfs(image: Pick<ResolvedImage, "layers">, containerDir: string): Promise<PreparedRootfs> {
  const rootfs = join(containerDir, "rootfs");
  const prepared = { rootfs, cleanup: () => removeRootfs(containerDir) };
  // Prepared before this process restarted? A fresh directory needs no look at the mount table.
  if (existsSync(rootfs) && (await isMountPoint(rootfs))) return prepared;
  for (const p of [containerDir, ...image.layers]) {
    if (/[,:\\]/.test(p)) throw new Error(`cannot mount an overlay with ${JSON.stringify(p)}: ",", ":" and "\\" are not allowed in its paths`);
  }
  const upper = join(containerDir, "upper");
  const work = join(containerDir, "work");
  // Synchronously: microseconds each, where an asynchronous call waits its turn on a busy event loop.
  for (const d of [rootfs, upper, work]) mkdirSync(d, { recursive: true, mode: 0o755 });
  try {
    const lowers = [...image.layers].reverse();
    if (lowers.length === 0) {
      lowers.push(join(containerDir, "empty"));
      await mkdir(lowers[0], { recursive: true, mode: 0o755 });
    } else if (lowers.at(-1) === HOST_ROOT && lowers.length > 1) {
      lowers[lowers.length - 1] = await mountHostRoot(join(containerDir, "host"));
    }
    const options = (lowerdir: string) => `lowerdir=${lowerdir},upperdir=${upper},workdir=${work}`;
    const absolute = options(lowers.join(":"));
    if (Buffer.byteLength(absolute) <= MAX_OPTIONS) {
      await mountOverlay(rootfs, absolute);
    } else {
      // Mount options must fit in a page: name the layers relative to their shared parent.
      const stored = lowers.filter((l) => l !== HOST_ROOT && !l.startsWith(containerDir));
      const cwd = stored.length > 0 && stored.every((l) => dirname(l) === dirname(stored[0])) ? dirname(stored[0]) : undefined;
      await mountOverlay(rootfs, options(lowers.map((l) => (cwd && stored.includes(l) ? basename(l) : l)).join(":")), cwd);
    }
  } catch (e) {
    await removeRootfs(containerDir);
    throw e;
  }
  return prepared;
}

/** Undoes prepareRootfs for a container directory, also after a restart; idempotent. */
export async function removeRootfs(containerDir: string): Promise<void> {
  const ours = async () => [...(await mountsUnder(join(containerDir, "rootfs"))), ...(await mountsUnder(join(containerDir, "host")))];
  for (const m of await ours()) await unmount(m);
  const left = await ours();
  if (left.length > 0) throw new Error(`cannot remove the rootfs of ${containerDir}: still mounted at ${left.join(", ")}`);
  for (const d of MADE) await rm(join(containerDir, d), { recursive: true, force: true });
}

async function mountHostRoot(dir: string): Promise<string> {
  const mnt = join(dir, "mnt");
  for (const d of ["mnt", "upper", "work"]) await mkdir(join(dir, d), { recursive: true, mode: 0o755 });
  // A read-only overlay needs an upper directory or two lower ones; the upper is never written.
  await mountOverlay(mnt, `ro,lowerdir=${HOST_ROOT},upperdir=${join(dir, "upper")},workdir=${join(dir, "work")}`);
  return mnt;
}
