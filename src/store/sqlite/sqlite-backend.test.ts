import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { StoreConflictError } from "../backend.ts";
import { runBackendContract } from "../backend-contract.ts";
import { SqliteBackend } from "./sqlite-backend.ts";

async function tempDb(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-store-"));
  return { path: join(dir, "state.db"), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

runBackendContract("SqliteBackend", async (opts) => {
  const { path, cleanup } = await tempDb();
  return { backend: SqliteBackend.open(path, opts), reopen: async () => SqliteBackend.open(path, opts), cleanup };
});

const pod = (name: string) => `/registry/core/pods/ns/${name}`;

test("open() refuses a database that another connection holds", async () => {
  const { path, cleanup } = await tempDb();
  const backend = SqliteBackend.open(path);
  try {
    assert.throws(() => SqliteBackend.open(path), /in use by another process or connection/);
  } finally {
    await backend.close();
    await cleanup();
  }
});

test("open() rejects an unknown schema version", async () => {
  const { path, cleanup } = await tempDb();
  const db = new DatabaseSync(path);
  db.exec("PRAGMA user_version = 7");
  db.close();
  try {
    assert.throws(() => SqliteBackend.open(path), /unsupported schema version 7/);
  } finally {
    await cleanup();
  }
});

const revisionSources: Array<{ name: string; sql: string; rev: number; oldest: number }> = [
  { name: "objects", sql: "DELETE FROM history; UPDATE meta SET value = 0", rev: 2, oldest: 3 },
  { name: "history", sql: "DELETE FROM objects; UPDATE meta SET value = 0", rev: 3, oldest: 1 },
  { name: "meta", sql: "DELETE FROM objects; DELETE FROM history", rev: 3, oldest: 4 },
];
for (const { name, sql, rev, oldest } of revisionSources) {
  test(`open() takes the current revision from ${name} when it is the highest`, async () => {
    const { path, cleanup } = await tempDb();
    try {
      const backend = SqliteBackend.open(path);
      await backend.txn([{ op: "create", key: pod("a"), value: {} }]);
      await backend.txn([{ op: "create", key: pod("b"), value: {} }]);
      await backend.txn([{ op: "delete", key: pod("a"), expectRev: 1 }]);
      await backend.close();
      const db = new DatabaseSync(path);
      db.exec(sql);
      db.close();
      const reopened = SqliteBackend.open(path);
      assert.equal(reopened.currentRevision(), rev);
      assert.equal(reopened.oldestRevision(), oldest);
      const [next] = await reopened.txn([{ op: "create", key: pod("c"), value: {} }]);
      assert.equal(next.rev, rev + 1);
      await reopened.close();
    } finally {
      await cleanup();
    }
  });
}

test("txn() rejects the whole batch when SQLite fails, and reuses its revisions", async () => {
  const { path, cleanup } = await tempDb();
  await SqliteBackend.open(path).close();
  const db = new DatabaseSync(path);
  db.exec(`CREATE TRIGGER boom BEFORE INSERT ON objects WHEN NEW.key LIKE '%/boom'
           BEGIN SELECT RAISE(ABORT, 'boom'); END`);
  db.close();
  const backend = SqliteBackend.open(path);
  try {
    const events: number[] = [];
    backend.watch("/", { fromRev: 0, onEvent: (e) => events.push(e.rev) });
    const results = await Promise.allSettled([
      backend.txn([{ op: "create", key: pod("a"), value: {} }]),
      backend.txn([{ op: "create", key: pod("boom"), value: {} }]),
    ]);
    assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
    assert.match(String((results[0] as PromiseRejectedResult).reason), /boom/);
    assert.equal(backend.get(pod("a")), undefined);
    assert.equal(backend.currentRevision(), 0);
    assert.deepEqual(events, []);
    const [kv] = await backend.txn([{ op: "create", key: pod("a"), value: {} }]);
    assert.equal(kv.rev, 1);
    await assert.rejects(backend.txn([{ op: "create", key: pod("a"), value: {} }]), StoreConflictError);
    await backend.close();
    const reopened = SqliteBackend.open(path);
    assert.deepEqual(reopened.list("/").items.map((i) => [i.key, i.rev]), [[pod("a"), 1]]);
    await reopened.close();
  } finally {
    await cleanup();
  }
});

const binNode = fileURLToPath(new URL("../../../bin/node", import.meta.url));
const crashWriter = fileURLToPath(new URL("./testdata/crash-writer.ts", import.meta.url));

/** Runs the crash writer until it has acknowledged `count` writes, then SIGKILLs it. */
function writeUntilKilled(path: string, count: number): Promise<Array<{ rev: number; key: string }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(binNode, [crashWriter, path], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      output += chunk;
      if (output.split("\n").length > count) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`crash writer exited early: code ${code}`));
      // The last line may have been cut off by the kill.
      const lines = output.split("\n").slice(0, -1);
      resolve(lines.map((line) => ({ rev: Number(line.split(" ")[0]), key: line.split(" ")[1] })));
    });
  });
}

test("a SIGKILL mid-stream loses no acknowledged write", { timeout: 30_000 }, async () => {
  const { path, cleanup } = await tempDb();
  try {
    const acked = await writeUntilKilled(path, 400);
    assert.ok(acked.length >= 400, `only ${acked.length} writes acknowledged`);
    const backend = SqliteBackend.open(path);
    for (const { rev, key } of acked) assert.equal(backend.get(key)?.rev, rev, key);
    const maxAcked = Math.max(...acked.map((a) => a.rev));
    assert.ok(backend.currentRevision() >= maxAcked);
    // Only creates ran, so the surviving objects hold exactly revisions 1..current.
    const revs = backend.list("/").items.map((kv) => kv.rev).sort((x, y) => x - y);
    assert.deepEqual(revs, Array.from({ length: backend.currentRevision() }, (_, i) => i + 1));
    const replayed: number[] = [];
    backend.watch("/", { fromRev: maxAcked - 1, onEvent: (e) => replayed.push(e.rev) });
    assert.equal(replayed[0], maxAcked);
    await backend.close();
  } finally {
    await cleanup();
  }
});
