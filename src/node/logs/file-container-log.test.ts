import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogRecord } from "../../apiserver/streaming/backend.ts";
import { FileContainerLog, lastLogLines } from "./file-container-log.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-logs-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const show = (r: LogRecord) => `${r.time} ${r.stream}${r.partial ? " P" : ""} ${Buffer.from(r.line).toString()}`;

async function all(it: AsyncIterable<LogRecord>): Promise<string[]> {
  const out: string[] = [];
  for await (const r of it) out.push(show(r));
  return out;
}

test("FileContainerLog.read() gives the records on file with UTC times, skipping other lines", () =>
  withDir(async (dir) => {
    const path = join(dir, "0.log");
    await writeFile(
      path,
      [
        "2024-05-01T12:00:01.500000000+00:00 stdout F one",
        "garbage",
        "2024-05-01T14:00:02.000000000+02:00 stderr P tw",
        "2024-05-01T12:00:02.100000000+00:00 stderr F o",
        "2024-05-01T12:00:03.000000000+00:00 stdout F unterminat",
      ].join("\n"),
    );
    const log = new FileContainerLog(path, { isRunning: () => false });
    assert.deepEqual(await all(log.read()), ["2024-05-01T12:00:01.5Z stdout one", "2024-05-01T12:00:02Z stderr P tw", "2024-05-01T12:00:02.1Z stderr o"]);
  }));

test("FileContainerLog.read() of a file not yet written gives nothing", async () => {
  const log = new FileContainerLog("/nonexistent/ordinal/0.log", { isRunning: () => false });
  assert.deepEqual(await all(log.read()), []);
});

test("FileContainerLog.follow() continues after read(), through a rotation, until the container stops", () =>
  withDir(async (dir) => {
    const path = join(dir, "0.log");
    await writeFile(path, "2024-05-01T12:00:01Z stdout F one\n");
    let running = true;
    const log = new FileContainerLog(path, { isRunning: () => running, recheckMs: 20 });
    assert.deepEqual(await all(log.read()), ["2024-05-01T12:00:01Z stdout one"]);
    const got: string[] = [];
    const following = (async () => {
      for await (const r of log.follow(new AbortController().signal)) got.push(show(r));
    })();
    const until = async (n: number) => {
      for (let i = 0; i < 300 && got.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(got.length >= n, `only ${JSON.stringify(got)}`);
    };
    await appendFile(path, "2024-05-01T12:00:02Z stdout F two\n2024-05-01T12:00:03Z stdout F thr");
    await until(1);
    await appendFile(path, "ee\n");
    await until(2);
    await rename(path, `${path}.20240501-120003`);
    await appendFile(`${path}.20240501-120003`, "2024-05-01T12:00:04Z stdout F late\n");
    await writeFile(path, "2024-05-01T12:00:05Z stdout F four\n");
    await until(4);
    await appendFile(path, "2024-05-01T12:00:06Z stderr F last\n");
    running = false;
    await following;
    assert.deepEqual(got, [
      "2024-05-01T12:00:02Z stdout two",
      "2024-05-01T12:00:03Z stdout three",
      "2024-05-01T12:00:04Z stdout late",
      "2024-05-01T12:00:05Z stdout four",
      "2024-05-01T12:00:06Z stderr last",
    ]);
  }));

test("FileContainerLog.follow() without read() starts at the end; it stops when its signal aborts", () =>
  withDir(async (dir) => {
    const path = join(dir, "0.log");
    await writeFile(path, "2024-05-01T12:00:01Z stdout F old\n");
    const log = new FileContainerLog(path, { isRunning: () => true, recheckMs: 10_000 });
    const abort = new AbortController();
    const got: string[] = [];
    const following = (async () => {
      for await (const r of log.follow(abort.signal)) {
        got.push(show(r));
        abort.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    await appendFile(path, "2024-05-01T12:00:02Z stdout F new\n");
    await following;
    assert.deepEqual(got, ["2024-05-01T12:00:02Z stdout new"]);
  }));

test("lastLogLines() quotes the last lines up to a byte limit", () =>
  withDir(async (dir) => {
    const path = join(dir, "0.log");
    const lines = Array.from({ length: 100 }, (_, i) => `2024-05-01T12:00:01Z stderr F line ${i}`);
    await writeFile(path, lines.join("\n") + "\n");
    const text = await lastLogLines(path, 80, 2048);
    assert.ok(text.startsWith("line 20\nline 21\n"));
    assert.equal(text.split("\n").length, 81);
    assert.equal((await lastLogLines(path, 80, 10)).length, 10);
    assert.equal(await lastLogLines(join(dir, "missing.log"), 80, 2048), "");
  }));
