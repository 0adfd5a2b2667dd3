import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeLog, rotateLog, rotatedLogs, rotationSuffix } from "./log-rotation.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-logs-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const policy = { maxBytes: 10, maxFiles: 3 };

test("rotationSuffix() is Go's 20060102-150405 in UTC", () => {
  assert.equal(rotationSuffix(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), "20240102-030405");
});

test("rotateLog() leaves a file under the limit alone", () =>
  withDir(async (dir) => {
    const path = join(dir, "0.log");
    await writeFile(path, "short\n");
    let reopened = 0;
    assert.equal(await rotateLog(path, policy, async () => void reopened++, new Date()), false);
    assert.equal(reopened, 0);
    assert.deepEqual(await readdir(dir), ["0.log"]);
  }));

test("rotateLog() renames a full file, asks for a reopen and keeps maxFiles files", () =>
  withDir(async (dir) => {
    const path = join(dir, "0.log");
    const times = [Date.UTC(2024, 0, 1, 0, 0, 1), Date.UTC(2024, 0, 1, 0, 0, 2), Date.UTC(2024, 0, 1, 0, 0, 3)];
    for (const [i, t] of times.entries()) {
      await writeFile(path, `generation ${i} is long\n`);
      const rotated = await rotateLog(path, policy, async () => writeFile(path, ""), new Date(t));
      assert.equal(rotated, true);
    }
    assert.deepEqual((await readdir(dir)).sort(), ["0.log", "0.log.20240101-000002", "0.log.20240101-000003"]);
    assert.equal(await readFile(join(dir, "0.log.20240101-000003"), "utf8"), "generation 2 is long\n");
  }));

test("rotateLog() does not overwrite a file rotated in the same second", () =>
  withDir(async (dir) => {
    const path = join(dir, "0.log");
    const now = new Date(Date.UTC(2024, 0, 1));
    for (const text of ["first long line\n", "second long line\n"]) {
      await writeFile(path, text);
      await rotateLog(path, { maxBytes: 10, maxFiles: 5 }, async () => writeFile(path, ""), now);
    }
    assert.deepEqual(await rotatedLogs(path), [join(dir, "0.log.20240101-000000"), join(dir, "0.log.20240101-000000.1")]);
  }));

test("rotateLog() undoes the rename when the reopen fails", () =>
  withDir(async (dir) => {
    const path = join(dir, "0.log");
    await writeFile(path, "a line that is long\n");
    await assert.rejects(rotateLog(path, policy, async () => Promise.reject(new Error("no shim")), new Date()), /no shim/);
    assert.deepEqual(await readdir(dir), ["0.log"]);
  }));

test("rotatedLogs() ignores other containers' files; removeLog() deletes a log with its rotations", () =>
  withDir(async (dir) => {
    for (const f of ["0.log", "0.log.20240101-000000", "10.log", "10.log.20240101-000000", "0.log.tmp"]) await writeFile(join(dir, f), "");
    assert.deepEqual(await rotatedLogs(join(dir, "0.log")), [join(dir, "0.log.20240101-000000")]);
    await removeLog(join(dir, "0.log"));
    assert.deepEqual((await readdir(dir)).sort(), ["0.log.tmp", "10.log", "10.log.20240101-000000"]);
  }));
