// Write-throughput measurements for `bin/ordinal bench api`: the raw durable SQLite insert the API's
// numbers are compared with, and the SqliteBackend's own txn rate under concurrent callers.
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { JsonObject } from "./backend.ts";
import { applyDurablePragmas } from "./sqlite/open-database.ts";
import { SqliteBackend } from "./sqlite/sqlite-backend.ts";

export interface Throughput {
  perSecond: number;
}

/** A pod-shaped value of about 1 KB of JSON. */
export function sampleValue(i: number): JsonObject {
  const name = `bench-${i}`;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "bench",
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      labels: { app: "bench", "apps.kubernetes.io/pod-index": String(i) },
      annotations: { note: "x".repeat(560) },
    },
    spec: {
      containers: [{ name: "main", image: "registry.example/bench:1.0", ports: [{ containerPort: 8080 }] }],
      hostname: name,
      subdomain: "bench",
    },
    status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True" }] },
  };
}

/** Runs `concurrency` async callers that together perform `n` calls of `op`; returns calls per second. */
async function drive(n: number, concurrency: number, op: (i: number) => unknown): Promise<Throughput> {
  let next = 0;
  const caller = async () => {
    while (next < n) await op(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, caller));
  return { perSecond: n / ((performance.now() - started) / 1000) };
}

/**
 * The baseline: one durable insert per transaction (WAL, synchronous=FULL, no batching) of a ~1 KB
 * JSON value, issued by `concurrency` async callers. node:sqlite is synchronous, so the callers
 * take turns and every insert pays its own fsync.
 */
export async function rawDurableInserts(dir: string, n: number, concurrency: number): Promise<Throughput> {
  const scratch = await mkdtemp(join(dir, "raw-insert-"));
  const db = new DatabaseSync(join(scratch, "raw.db"));
  try {
    applyDurablePragmas(db);
    db.exec("CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const insert = db.prepare("INSERT INTO kv (key, value) VALUES (?, ?)");
    return await drive(n, concurrency, async (i) => {
      insert.run(`/registry/core/pods/bench/bench-${i}`, JSON.stringify(sampleValue(i)));
    });
  } finally {
    db.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Single-create txns against a fresh SqliteBackend from `concurrency` concurrent callers. */
export async function backendTxnThroughput(dir: string, n: number, concurrency: number): Promise<Throughput> {
  const scratch = await mkdtemp(join(dir, "backend-txn-"));
  const backend = SqliteBackend.open(join(scratch, "state.db"));
  try {
    return await drive(n, concurrency, (i) =>
      backend.txn([{ op: "create", key: `/registry/core/pods/bench/bench-${i}`, value: sampleValue(i) }]),
    );
  } finally {
    await backend.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
