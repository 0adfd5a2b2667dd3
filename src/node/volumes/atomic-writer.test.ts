import { test } from "node:test";
import assert from "node:assert/strict";
import { lstat, mkdir, mkdtemp, open, readdir, readFile, readlink, realpath, rm, stat, symlink, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validatePayloadPath, writeAtomically } from "./atomic-writer.ts";
import type { Payload } from "./volume-payloads.ts";

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-atomic-"));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const file = (text: string, mode = 0o644) => ({ data: Buffer.from(text), mode });
const payload = (entries: Record<string, string>, mode = 0o644): Payload => new Map(Object.entries(entries).map(([k, v]) => [k, file(v, mode)]));
const NOW = new Date("2024-05-01T10:00:00Z");

test("writeAtomically() lays out ..data, a timestamped directory and top-level links", async () => {
  await withDir(async (dir) => {
    const written = await writeAtomically(dir, new Map([["config.yaml", file("a: 1\n", 0o400)], ["nested/deep/key", file("v")]]), { now: NOW });
    assert.equal(written, true);
    const ts = await readlink(join(dir, "..data"));
    assert.match(ts, /^\.\.2024_05_01_10_00_00\.\d+$/);
    assert.equal((await stat(join(dir, ts))).mode & 0o7777, 0o755);
    assert.equal(await readlink(join(dir, "config.yaml")), "..data/config.yaml");
    assert.equal(await readlink(join(dir, "nested")), "..data/nested");
    assert.equal((await lstat(join(dir, ts, "config.yaml"))).mode & 0o777, 0o400);
    assert.equal(await readFile(join(dir, "config.yaml"), "utf8"), "a: 1\n");
    assert.equal(await readFile(join(dir, "nested/deep/key"), "utf8"), "v");
    assert.deepEqual((await readdir(dir)).sort(), [ts, "..data", "config.yaml", "nested"].sort());
  });
});

test("writeAtomically() leaves an unchanged volume alone", async () => {
  await withDir(async (dir) => {
    await writeAtomically(dir, payload({ a: "1" }));
    const before = await readlink(join(dir, "..data"));
    assert.equal(await writeAtomically(dir, payload({ a: "1" })), false);
    assert.equal(await readlink(join(dir, "..data")), before);
  });
});

test("writeAtomically() switches ..data to a new version, drops removed keys and the old version", async () => {
  await withDir(async (dir) => {
    await writeAtomically(dir, payload({ a: "1", gone: "x", "d/f": "old" }), { now: NOW });
    const old = await readlink(join(dir, "..data"));
    const pinned = await open(join(dir, "a"));
    try {
      assert.equal(await writeAtomically(dir, payload({ a: "2", "d/g": "new" }), { now: new Date("2024-05-01T10:01:00Z") }), true);
      const current = await readlink(join(dir, "..data"));
      assert.match(current, /^\.\.2024_05_01_10_01_00\.\d+$/);
      assert.equal(await readFile(join(dir, "a"), "utf8"), "2");
      assert.equal(await readFile(join(dir, "d/g"), "utf8"), "new");
      await assert.rejects(lstat(join(dir, "gone")), { code: "ENOENT" });
      await assert.rejects(lstat(join(dir, "d/f")), { code: "ENOENT" });
      await assert.rejects(lstat(join(dir, old)), { code: "ENOENT" });
      await assert.rejects(lstat(join(dir, "..data_tmp")), { code: "ENOENT" });
      // What a subPath bind mount holds: the file it resolved when the container started.
      assert.equal((await pinned.readFile()).toString(), "1");
    } finally {
      await pinned.close();
    }
  });
});

test("writeAtomically() rewrites when only a file was removed", async () => {
  await withDir(async (dir) => {
    await writeAtomically(dir, payload({ a: "1", b: "2" }));
    assert.equal(await writeAtomically(dir, payload({ a: "1" })), true);
    assert.deepEqual((await readdir(dir)).filter((n) => !n.startsWith("..")), ["a"]);
  });
});

test("writeAtomically() publishes only after setPerms ran on the new version", async () => {
  await withDir(async (dir) => {
    await writeAtomically(dir, payload({ a: "1" }));
    const old = await readlink(join(dir, "..data"));
    let seen: [string, string] | undefined;
    await writeAtomically(dir, payload({ a: "2" }), {
      setPerms: async (ts) => {
        seen = [ts, await readlink(join(dir, "..data"))];
      },
    });
    assert.deepEqual(seen, [await readlink(join(dir, "..data")), old]);
  });
});

test("writeAtomically() keeps the old version when writing the new one fails", async () => {
  await withDir(async (dir) => {
    await writeAtomically(dir, payload({ a: "1" }));
    const old = await readlink(join(dir, "..data"));
    await assert.rejects(writeAtomically(dir, payload({ a: "2" }), { setPerms: () => Promise.reject(new Error("chown failed")) }), { message: "chown failed" });
    assert.equal(await readlink(join(dir, "..data")), old);
    assert.equal(await readFile(join(dir, "a"), "utf8"), "1");
    assert.deepEqual((await readdir(dir)).sort(), [old, "..data", "a"].sort());
  });
});

test("writeAtomically() repairs lost links and clears what a crash left", async () => {
  await withDir(async (dir) => {
    await writeAtomically(dir, payload({ a: "1" }));
    await unlink(join(dir, "a"));
    assert.equal(await writeAtomically(dir, payload({ a: "1" })), false);
    assert.equal(await readFile(join(dir, "a"), "utf8"), "1");

    await mkdir(join(dir, "..2020_01_01_00_00_00.42"));
    await symlink("..2020_01_01_00_00_00.42", join(dir, "..data_tmp"));
    await writeAtomically(dir, payload({ a: "2" }));
    const current = await readlink(join(dir, "..data"));
    assert.deepEqual((await readdir(dir)).sort(), [current, "..data", "a"].sort());
    assert.equal(await realpath(join(dir, "a")), join(await realpath(dir), current, "a"));
  });
});

const invalid: Array<[string, string]> = [
  ["", 'invalid path: must not be empty: ""'],
  ["/etc/passwd", "invalid path: must be relative path: /etc/passwd"],
  ["a/../b", "invalid path: must not contain '..': a/../b"],
  ["..data/x", "invalid path: must not start with '..': ..data/x"],
  ["x".repeat(256), "invalid path: filenames must be less than or equal to 255 characters"],
  ["a/".repeat(2049), "invalid path: must be less than or equal to 4096 characters"],
];

for (const [p, message] of invalid) {
  test(`validatePayloadPath() rejects ${JSON.stringify(p.slice(0, 20))}`, () => {
    assert.throws(() => validatePayloadPath(p), { message });
  });
}

test("validatePayloadPath() accepts names that merely contain dots", () => {
  assert.doesNotThrow(() => validatePayloadPath("a..b/c"));
  assert.doesNotThrow(() => validatePayloadPath(".hidden"));
});
