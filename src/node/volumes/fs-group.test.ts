import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, lstat, mkdir, mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyFsGroup } from "./fs-group.ts";

async function withTree(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-fsgroup-"));
  try {
    await mkdir(join(dir, "sub"));
    await writeFile(join(dir, "sub/file"), "x", { mode: 0o600 });
    await chmod(join(dir, "sub/file"), 0o600);
    await chmod(join(dir, "sub"), 0o700);
    await chmod(dir, 0o700);
    await symlink("sub/file", join(dir, "link"));
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const modeAndGroup = async (p: string) => {
  const st = await lstat(p);
  return [st.mode & 0o7777, st.gid];
};

test("applyFsGroup() gives every entry the group, rw to files and setgid to directories", async () => {
  await withTree(async (dir) => {
    await applyFsGroup(dir, 3000, { readOnly: false });
    assert.deepEqual(await modeAndGroup(dir), [0o2770, 3000]);
    assert.deepEqual(await modeAndGroup(join(dir, "sub")), [0o2770, 3000]);
    assert.deepEqual(await modeAndGroup(join(dir, "sub/file")), [0o660, 3000]);
    assert.equal((await lstat(join(dir, "link"))).gid, 3000);
  });
});

test("applyFsGroup() grants only read on a read-only volume", async () => {
  await withTree(async (dir) => {
    await applyFsGroup(dir, 3000, { readOnly: true });
    assert.deepEqual(await modeAndGroup(join(dir, "sub/file")), [0o640, 3000]);
    assert.deepEqual(await modeAndGroup(join(dir, "sub")), [0o2750, 3000]);
  });
});

test("applyFsGroup() with OnRootMismatch skips a volume whose root already matches", async () => {
  await withTree(async (dir) => {
    await applyFsGroup(dir, 3000, { readOnly: false });
    await chmod(join(dir, "sub/file"), 0o600);
    await applyFsGroup(dir, 3000, { readOnly: false, policy: "OnRootMismatch" });
    assert.equal((await stat(join(dir, "sub/file"))).mode & 0o777, 0o600);
    await applyFsGroup(dir, 4000, { readOnly: false, policy: "OnRootMismatch" });
    assert.deepEqual(await modeAndGroup(join(dir, "sub/file")), [0o660, 4000]);
  });
});
