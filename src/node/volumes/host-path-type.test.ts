import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkHostPathType } from "./host-path-type.ts";

type Which = "dir" | "file" | "socket" | "link" | "missing" | "nested";

async function withHost(body: (paths: Record<Which, string>) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-hostpath-"));
  const server = createServer();
  try {
    const paths = { dir: join(dir, "d"), file: join(dir, "f"), socket: join(dir, "s.sock"), link: join(dir, "link"), missing: join(dir, "missing"), nested: join(dir, "a/b/c") };
    await mkdir(paths.dir);
    await writeFile(paths.file, "x");
    await symlink(paths.dir, paths.link);
    await new Promise<void>((resolve) => server.listen(paths.socket, resolve));
    await body(paths);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

const cases: Array<[string, Which, string | undefined]> = [
  ["", "missing", undefined],
  ["Directory", "dir", undefined],
  ["Directory", "link", undefined],
  ["Directory", "file", "is not a directory"],
  ["Directory", "missing", "is not a directory"],
  ["File", "file", undefined],
  ["File", "socket", undefined],
  ["File", "dir", "is not a file"],
  ["File", "missing", "is not a file"],
  ["Socket", "socket", undefined],
  ["Socket", "file", "is not a socket file"],
  ["CharDevice", "file", "is not a character device"],
  ["BlockDevice", "dir", "is not a block device"],
  ["DirectoryOrCreate", "dir", undefined],
  ["DirectoryOrCreate", "file", "is not a directory"],
  ["FileOrCreate", "file", undefined],
  ["FileOrCreate", "dir", "is not a file"],
];

for (const [type, which, error] of cases) {
  test(`checkHostPathType() ${type || "(unset)"} on ${which}: ${error ?? "ok"}`, async () => {
    await withHost(async (paths) => {
      const p = paths[which];
      if (error) await assert.rejects(checkHostPathType(p, type), { message: `hostPath type check failed: ${p} ${error}` });
      else await checkHostPathType(p, type);
    });
  });
}

test("checkHostPathType() accepts /dev/null as a CharDevice", async () => {
  await checkHostPathType("/dev/null", "CharDevice");
});

test("checkHostPathType() DirectoryOrCreate makes missing parents with 0755", async () => {
  await withHost(async (paths) => {
    await checkHostPathType(paths.nested, "DirectoryOrCreate");
    const st = await stat(paths.nested);
    assert.equal(st.isDirectory(), true);
    assert.equal(st.mode & 0o777, 0o755 & ~process.umask());
  });
});

test("checkHostPathType() FileOrCreate makes an empty file but not its parent", async () => {
  await withHost(async (paths) => {
    await checkHostPathType(paths.missing, "FileOrCreate");
    assert.equal((await stat(paths.missing)).size, 0);
    await assert.rejects(checkHostPathType(paths.nested, "FileOrCreate"), { code: "ENOENT" });
  });
});

test("checkHostPathType() rejects backsteps and unknown types", async () => {
  await assert.rejects(checkHostPathType("/var/../etc", "Directory"), { message: "invalid HostPath `/var/../etc`: must not contain '..'" });
  await assert.rejects(checkHostPathType("/tmp", "Fifo"), { message: "Fifo is an invalid volume type" });
});
