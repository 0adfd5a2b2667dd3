import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LoopFilesystem } from "./loop-filesystem.ts";
import { CommandError, type CommandRunner } from "./run-command.ts";

/** A scripted host: records commands, answers losetup/dumpe2fs, and refuses online resize. */
function scriptedHost(dumpe2fs: string, deviceBytes = 33554432) {
  const calls: string[] = [];
  const run: CommandRunner = async (command, args) => {
    calls.push([command, ...args].join(" "));
    if (command === "losetup" && args.includes("--associated")) return { stdout: "/dev/loop7\n", stderr: "" };
    if (command === "resize2fs" && calls.filter((c) => c.startsWith("umount")).length === 0) {
      throw new CommandError(command, args, 1, "resize2fs: Permission denied to resize filesystem\n");
    }
    if (command === "dumpe2fs") return { stdout: dumpe2fs, stderr: "" };
    if (command === "blockdev") return { stdout: `${deviceBytes}\n`, stderr: "" };
    return { stdout: "", stderr: "" };
  };
  return { calls, run };
}

async function withImage(body: (image: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-loop-"));
  try {
    const image = join(dir, "pvc-1.img");
    await writeFile(image, "");
    await body(image);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const clean = "Filesystem features:      has_journal ext_attr resize_inode extent\nFilesystem state:         clean\nBlock count:              16384\nBlock size:               1024\n";
const stillMounted = "Filesystem features:      has_journal needs_recovery extent\nFilesystem state:         clean\n";

test("LoopFilesystem.growFilesystem() waits for a restart when online growth is refused and a pod uses it", async () => {
  await withImage(async (image) => {
    const host = scriptedHost(clean);
    const fs = new LoopFilesystem({ image, mountPoint: "/mnt/x", run: host.run, mounted: async () => true });
    assert.equal(await fs.growFilesystem({ inUse: true }), "needs-restart");
    assert.ok(!host.calls.some((c) => c.startsWith("umount")), host.calls.join("\n"));
  });
});

test("LoopFilesystem.growFilesystem() grows offline when nothing uses it", async () => {
  await withImage(async (image) => {
    const host = scriptedHost(clean);
    const fs = new LoopFilesystem({ image, mountPoint: "/mnt/x", run: host.run, mounted: async () => true });
    assert.equal(await fs.growFilesystem({ inUse: false }), "done");
    assert.deepEqual(host.calls.slice(-6), [
      "resize2fs /dev/loop7",
      "umount /mnt/x",
      "dumpe2fs -h /dev/loop7",
      "e2fsck -f -y /dev/loop7",
      "resize2fs /dev/loop7",
      "mount -t ext4 /dev/loop7 /mnt/x",
    ]);
  });
});

test("LoopFilesystem.growFilesystem() remounts and refuses when another mount still holds the filesystem", async () => {
  await withImage(async (image) => {
    const host = scriptedHost(stillMounted);
    const fs = new LoopFilesystem({ image, mountPoint: "/mnt/x", run: host.run, mounted: async () => true });
    await assert.rejects(fs.growFilesystem({ inUse: false }), /still mounted elsewhere/);
    assert.equal(host.calls.at(-1), "mount -t ext4 /dev/loop7 /mnt/x");
    assert.ok(!host.calls.includes("e2fsck -f -y /dev/loop7"));
  });
});

test("LoopFilesystem.growFilesystem() does nothing when the filesystem already fills its device", async () => {
  await withImage(async (image) => {
    const host = scriptedHost(clean, 16384 * 1024);
    const fs = new LoopFilesystem({ image, mountPoint: "/mnt/x", run: host.run, mounted: async () => true });
    assert.equal(await fs.growFilesystem({ inUse: false }), "done");
    assert.ok(!host.calls.some((c) => c.startsWith("resize2fs") || c.startsWith("umount")), host.calls.join("\n"));
  });
});
