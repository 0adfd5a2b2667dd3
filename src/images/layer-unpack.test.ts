import { test } from "node:test";
import assert from "node:assert/strict";
import { lstat, mkdir, open, readFile, readdir, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileSource } from "./byte-source.ts";
import { run } from "./host-tools.ts";
import { LayerError, unpackLayer } from "./layer-unpack.ts";
import { mountOverlay, unmount } from "./mounts.ts";
import { readTar } from "./tar-reader.ts";
import { tarEntriesOf, withTempDir } from "./_test-helpers.ts";
import type { TarWriteEntry } from "./tar-writer.ts";

const data = (s: string) => Buffer.from(s);

async function xattr(path: string, name: string): Promise<string> {
  return run("getfattr", ["-h", "--only-values", "-n", name, path]).catch(() => "(none)");
}

test("unpackLayer() keeps content, modes, owners, times, links and devices", async () => {
  await withTempDir(async (dir) => {
    const stats = await unpackLayer(tarEntriesOf([
      { name: "./", type: "directory", mode: 0o755, mtime: 100 },
      { name: "./ro/", type: "directory", mode: 0o555, uid: 1000, gid: 1000, mtime: 200 },
      { name: "./ro/file", type: "file", data: data("hello"), mode: 0o4755, uid: 1000, gid: 50, mtime: 300 },
      { name: "./ro/hard", type: "hardlink", linkname: "ro/file" },
      { name: "./ro/sym", type: "symlink", linkname: "/etc/passwd", uid: 7, gid: 7, mtime: 400 },
      { name: "./cap", type: "file", data: data("x"), xattrs: new Map([["user.note", data("kept")], ["trusted.overlay.opaque", data("y")]]) },
      { name: "./dev/null", type: "char", devmajor: 1, devminor: 3, mode: 0o666 },
      { name: "./run/fifo", type: "fifo", mode: 0o620, uid: 5 },
    ]), dir);
    assert.deepEqual(stats, { size: 6, entries: 8 });

    const file = await lstat(join(dir, "ro/file"));
    assert.equal(await readFile(join(dir, "ro/file"), "utf8"), "hello");
    assert.deepEqual([file.mode & 0o7777, file.uid, file.gid, file.mtimeMs, file.nlink], [0o4755, 1000, 50, 300_000, 2]);
    assert.equal((await lstat(join(dir, "ro/hard"))).ino, file.ino);
    const ro = await lstat(join(dir, "ro"));
    assert.deepEqual([ro.mode & 0o7777, ro.uid, ro.mtimeMs], [0o555, 1000, 200_000], "directory metadata outlives its children");
    assert.equal((await lstat(dir)).mtimeMs, 100_000);
    assert.equal(await readlink(join(dir, "ro/sym")), "/etc/passwd");
    const sym = await lstat(join(dir, "ro/sym"));
    assert.deepEqual([sym.uid, sym.mtimeMs], [7, 400_000]);
    assert.equal(await xattr(join(dir, "cap"), "user.note"), "kept");
    assert.equal(await xattr(join(dir, "cap"), "trusted.overlay.opaque"), "(none)", "layers may not set overlay attributes");
    const dev = await lstat(join(dir, "dev/null"));
    assert.deepEqual([dev.isCharacterDevice(), dev.rdev, dev.mode & 0o777], [true, 0x103, 0o666]);
    const fifo = await lstat(join(dir, "run/fifo"));
    assert.deepEqual([fifo.isFIFO(), fifo.mode & 0o777, fifo.uid], [true, 0o620, 5]);
  });
});

test("unpackLayer() writes whiteouts as overlayfs reads them", async () => {
  await withTempDir(async (dir) => {
    const lower = join(dir, "lower");
    const upper = join(dir, "upper");
    const merged = join(dir, "merged");
    for (const d of [lower, upper, merged]) await mkdir(d);
    await unpackLayer(tarEntriesOf([
      { name: "etc/", type: "directory" },
      { name: "etc/keep", type: "file", data: data("1") },
      { name: "etc/gone", type: "file", data: data("2") },
      { name: "var/cache/", type: "directory" },
      { name: "var/cache/old", type: "file", data: data("3") },
    ]), lower);
    await unpackLayer(tarEntriesOf([
      { name: "etc/", type: "directory" },
      { name: "etc/.wh.gone", type: "file" },
      { name: "var/cache/.wh..wh..opq", type: "file" },
      { name: "var/cache/new", type: "file", data: data("4") },
      { name: "top/.wh..wh.plnk", type: "file" },
    ]), upper);

    const whiteout = await lstat(join(upper, "etc/gone"));
    assert.deepEqual([whiteout.isCharacterDevice(), whiteout.rdev], [true, 0]);
    assert.equal(await xattr(join(upper, "var/cache"), "trusted.overlay.opaque"), "y");
    assert.deepEqual((await readdir(upper)).sort(), ["etc", "var"], "aufs bookkeeping entries are dropped");

    await mountOverlay(merged, `lowerdir=${upper}:${lower}`);
    try {
      assert.deepEqual((await readdir(join(merged, "etc"))).sort(), ["keep"]);
      assert.deepEqual(await readdir(join(merged, "var/cache")), ["new"]);
    } finally {
      await unmount(merged);
    }
  });
});

test("unpackLayer() lets a later entry replace an earlier one", async () => {
  await withTempDir(async (dir) => {
    await unpackLayer(tarEntriesOf([
      { name: "a", type: "file", data: data("file") },
      { name: "a/", type: "directory", mode: 0o711 },
      { name: "a/inner", type: "file", data: data("x") },
      { name: "b", type: "symlink", linkname: "a" },
      { name: "b", type: "file", data: data("now a file") },
      { name: "c/.wh.d", type: "file" },
      { name: "c/d", type: "file", data: data("back") },
    ]), dir);
    assert.equal((await lstat(join(dir, "a"))).mode & 0o777, 0o711);
    assert.equal(await readFile(join(dir, "a/inner"), "utf8"), "x");
    assert.equal(await readFile(join(dir, "b"), "utf8"), "now a file");
    assert.equal(await readFile(join(dir, "c/d"), "utf8"), "back");
  });
});

const refused: { name: string; entries: TarWriteEntry[]; message: RegExp }[] = [
  { name: "a path climbing out", entries: [{ name: "../escape", type: "file" }], message: /outside the layer/ },
  { name: "a write through a symlink", entries: [
    { name: "link", type: "symlink", linkname: "/tmp" },
    { name: "link/owned", type: "file", data: data("no") },
  ], message: /used as a directory but is not one/ },
  { name: "a write through a directory later replaced by a symlink", entries: [
    { name: "d/", type: "directory" },
    { name: "d", type: "symlink", linkname: "/tmp" },
    { name: "d/owned", type: "file" },
  ], message: /used as a directory/ },
  { name: "a hardlink to a file outside", entries: [{ name: "h", type: "hardlink", linkname: "../../etc/passwd" }], message: /outside the layer/ },
  { name: "a hardlink to an absent file", entries: [{ name: "h", type: "hardlink", linkname: "etc/passwd" }], message: /not an earlier file/ },
  { name: "a hardlink through a symlink", entries: [
    { name: "s", type: "symlink", linkname: "/etc" },
    { name: "h", type: "hardlink", linkname: "s/passwd" },
  ], message: /not an earlier file/ },
];

for (const c of refused) {
  test(`unpackLayer() refuses ${c.name}`, async () => {
    await withTempDir(async (dir) => {
      const outside = join(dir, "outside");
      const layer = join(dir, "layer");
      await mkdir(layer);
      await writeFile(outside, "untouched");
      await assert.rejects(unpackLayer(tarEntriesOf(c.entries), layer), (e: unknown) => e instanceof LayerError && c.message.test(e.message));
      assert.equal(await readFile(outside, "utf8"), "untouched");
      await assert.rejects(lstat("/tmp/owned"), { code: "ENOENT" });
    });
  });
}

/** Metadata of every path below `root` that a layer must reproduce. */
async function describeTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const inodes = new Map<number, string>();
  async function visit(rel: string): Promise<void> {
    for (const name of (await readdir(join(root, rel))).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = await lstat(join(root, path));
      const kind = st.isDirectory() ? "dir" : st.isSymbolicLink() ? `-> ${await readlink(join(root, path))}` : st.isFIFO() ? "fifo" : `file ${st.size}`;
      const time = st.isSymbolicLink() ? "" : ` t=${Math.floor(st.mtimeMs / 1000)}`;
      const linkedTo = st.isFile() && st.nlink > 1 ? inodes.get(st.ino) : undefined;
      if (st.isFile() && st.nlink > 1 && !linkedTo) inodes.set(st.ino, path);
      out[path] = `${kind} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}${time}${linkedTo ? ` = ${linkedTo}` : ""}`;
      if (st.isDirectory()) await visit(path);
    }
  }
  await visit("");
  return out;
}

for (const format of ["gnu", "posix"]) {
  test(`unpackLayer() reproduces a tree GNU tar wrote in ${format} format`, async () => {
    await withTempDir(async (dir) => {
      const src = join(dir, "src");
      const deep = join(src, "a".repeat(60), "b".repeat(60));
      await mkdir(deep, { recursive: true });
      await writeFile(join(deep, `${"c".repeat(90)}.txt`), "deep");
      await writeFile(join(src, "setuid"), "s");
      await run("chown", ["1234:5678", join(src, "setuid")]);
      await run("chmod", ["4750", join(src, "setuid")]);
      await run("ln", [join(src, "setuid"), join(src, "hardlink")]);
      await run("ln", ["-s", "setuid", join(src, "symlink")]);
      await run("mkfifo", [join(src, "fifo")]);
      await run("touch", ["-h", "-d", "2001-02-03 04:05:06", join(src, "symlink"), join(src, "fifo"), join(src, "a".repeat(60))]);
      const archive = join(dir, "layer.tar");
      await run("tar", [`--format=${format}`, "-C", src, "-cf", archive, "."]);
      const layer = join(dir, "layer");
      await mkdir(layer);
      const handle = await open(archive, "r");
      try {
        await unpackLayer(readTar(await fileSource(handle)), layer);
      } finally {
        await handle.close();
      }
      assert.deepEqual(await describeTree(layer), await describeTree(src));
    });
  });
}
