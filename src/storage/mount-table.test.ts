import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMountPoint, mountPoints } from "./mount-table.ts";

const sample = [
  "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
  "36 22 7:0 / /var/lib/ordinal/volumes/pvc-1 rw,relatime shared:20 - ext4 /dev/loop0 rw",
  "37 22 0:33 / /mnt/with\\040space rw - tmpfs tmpfs rw",
  "",
].join("\n");

test("mountPoints() reads field five and undoes octal escapes", () => {
  assert.deepEqual(mountPoints(sample), ["/", "/var/lib/ordinal/volumes/pvc-1", "/mnt/with space"]);
});

test("isMountPoint() answers for existing and missing directories", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-mounts-"));
  try {
    const info = join(dir, "mountinfo");
    await writeFile(info, `${sample}40 22 0:40 / ${dir} rw - tmpfs tmpfs rw\n`);
    assert.equal(await isMountPoint(dir, info), true);
    assert.equal(await isMountPoint(join(dir, "missing"), info), false);
    assert.equal(await isMountPoint(tmpdir(), info), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
