// An ext4 filesystem in a sparse image file, attached to a loop device and mounted on a directory:
// the host side of ordinal.dev/sized. Every step checks the current state first, so each can be
// repeated after a crash.
import { open, rename, rm, stat, truncate } from "node:fs/promises";
import { isMountPoint } from "./mount-table.ts";
import { CommandError, runCommand, type CommandRunner } from "./run-command.ts";

export interface LoopFilesystemOptions {
  image: string;
  mountPoint: string;
  run?: CommandRunner;
  mounted?: (path: string) => Promise<boolean>;
}

const exists = async (path: string): Promise<boolean> => {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
};

/** The kernel refuses online growth without CAP_SYS_RESOURCE (containers often lack it). */
const onlineResizeRefused = (e: unknown): boolean => e instanceof CommandError && /Permission denied to resize|Operation not permitted/i.test(e.stderr);

export class LoopFilesystem {
  readonly image: string;
  readonly mountPoint: string;
  readonly #run: CommandRunner;
  readonly #mounted: (path: string) => Promise<boolean>;

  constructor(opts: LoopFilesystemOptions) {
    this.image = opts.image;
    this.mountPoint = opts.mountPoint;
    this.#run = opts.run ?? runCommand;
    this.#mounted = opts.mounted ?? ((p) => isMountPoint(p));
  }

  imageExists(): Promise<boolean> {
    return exists(this.image);
  }

  /** Creates the image once: formatted under a temporary name, so a present image is a whole one. */
  async create(bytes: number): Promise<void> {
    if (await exists(this.image)) return;
    const tmp = `${this.image}.tmp`;
    await rm(tmp, { force: true });
    await (await open(tmp, "w")).close();
    await truncate(tmp, bytes);
    await this.#run("mkfs.ext4", ["-q", "-F", "-m", "0", tmp]);
    await rename(tmp, this.image);
  }

  /** Loop devices backed by the image. */
  async devices(): Promise<string[]> {
    const { stdout } = await this.#run("losetup", ["--noheadings", "--output", "NAME", "--associated", this.image]);
    return stdout.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  }

  async #device(): Promise<string> {
    const [existing] = await this.devices();
    if (existing) return existing;
    const { stdout } = await this.#run("losetup", ["--find", "--show", this.image]);
    return stdout.trim();
  }

  async ensureMounted(): Promise<void> {
    if (await this.#mounted(this.mountPoint)) return;
    await this.#run("mount", ["-t", "ext4", await this.#device(), this.mountPoint]);
  }

  async unmount(): Promise<void> {
    if (await this.#mounted(this.mountPoint)) await this.#run("umount", [this.mountPoint]);
    for (const device of await this.devices()) await this.#run("losetup", ["--detach", device]);
  }

  /** Unmounts, detaches and removes the image (and a half-made one). */
  async destroy(): Promise<void> {
    if (await exists(this.image)) await this.unmount();
    await rm(this.image, { force: true });
    await rm(`${this.image}.tmp`, { force: true });
  }

  /** Grows the image (never shrinks it) and tells its loop devices about the new size. */
  async growImage(bytes: number): Promise<void> {
    const { size } = await stat(this.image);
    if (bytes > size) await truncate(this.image, bytes);
    for (const device of await this.devices()) await this.#run("losetup", ["--set-capacity", device]);
  }

  /**
   * Grows the filesystem to fill the image: online when the kernel lets us; otherwise offline,
   * which needs the filesystem mounted nowhere else ("needs-restart" while a pod uses it).
   */
  async growFilesystem(opts: { inUse: boolean }): Promise<"done" | "needs-restart"> {
    await this.ensureMounted();
    const device = await this.#device();
    // Asked again after it already grew (a retried sync): no resize, and above all no offline cycle.
    if (await this.#fillsDevice(device)) return "done";
    try {
      await this.#run("resize2fs", [device]);
      return "done";
    } catch (e) {
      if (!onlineResizeRefused(e)) throw e;
    }
    if (opts.inUse) return "needs-restart";
    await this.#run("umount", [this.mountPoint]);
    try {
      await this.#checkNotMountedElsewhere(device);
      await this.#fsck(device);
      await this.#run("resize2fs", [device]);
    } finally {
      await this.#run("mount", ["-t", "ext4", device, this.mountPoint]);
    }
    return "done";
  }

  async #fillsDevice(device: string): Promise<boolean> {
    const { stdout } = await this.#run("dumpe2fs", ["-h", device]);
    const blocks = Number(/^Block count:\s*(\d+)/m.exec(stdout)?.[1]);
    const blockSize = Number(/^Block size:\s*(\d+)/m.exec(stdout)?.[1]);
    const deviceBytes = Number((await this.#run("blockdev", ["--getsize64", device])).stdout.trim());
    if (!blocks || !blockSize || !deviceBytes) return false;
    return (blocks + 1) * blockSize > deviceBytes;
  }

  /** A journal still marked for recovery (or a dirty journal-less fs) means a mount we cannot see. */
  async #checkNotMountedElsewhere(device: string): Promise<void> {
    const { stdout } = await this.#run("dumpe2fs", ["-h", device]);
    const features = /^Filesystem features:\s*(.*)$/m.exec(stdout)?.[1] ?? "";
    const state = /^Filesystem state:\s*(.*)$/m.exec(stdout)?.[1]?.trim() ?? "";
    if (features.split(/\s+/).includes("needs_recovery") || state !== "clean") {
      throw new Error(`the filesystem in ${this.image} is still mounted elsewhere (state "${state}"); it can grow once no pod uses it`);
    }
  }

  /** e2fsck exits 1 when it corrected something, which is still a usable filesystem. */
  async #fsck(device: string): Promise<void> {
    try {
      await this.#run("e2fsck", ["-f", "-y", device]);
    } catch (e) {
      if (!(e instanceof CommandError && e.exitCode === 1)) throw e;
    }
  }
}
