// Writes committed batches to SQLite: one transaction (one WAL fsync) per batch.
//   objects: the current value of every key.
//   history: one row per revision, for watch replay after a restart; a DELETED row holds the last value.
//   meta:    "rev" (newest revision, which may outlive its history row) and "compacted".
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { CommitSink, StagedWrite } from "../state/commit-sink.ts";
import { inTransaction } from "./in-transaction.ts";

export class SqliteSink implements CommitSink {
  readonly #db: DatabaseSync;
  readonly #put: StatementSync;
  readonly #remove: StatementSync;
  readonly #append: StatementSync;
  readonly #trim: StatementSync;
  readonly #setMeta: StatementSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#put = db.prepare(
      `INSERT INTO objects (key, rev, create_rev, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET rev = excluded.rev, create_rev = excluded.create_rev, value = excluded.value`,
    );
    this.#remove = db.prepare("DELETE FROM objects WHERE key = ?");
    this.#append = db.prepare("INSERT INTO history (rev, key, type, value, prev_rev, at) VALUES (?, ?, ?, ?, ?, ?)");
    this.#trim = db.prepare("DELETE FROM history WHERE rev <= ?");
    this.#setMeta = db.prepare(
      "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    );
  }

  commit(writes: readonly StagedWrite[], at: number): void {
    inTransaction(this.#db, () => {
      for (const { event, kv, json } of writes) {
        if (event.type === "DELETED") this.#remove.run(event.key);
        else this.#put.run(event.key, event.rev, kv.createRev, json);
        this.#append.run(event.rev, event.key, event.type, json, event.prevRev ?? null, at);
      }
      this.#setMeta.run("rev", writes[writes.length - 1].event.rev);
    });
  }

  compact(rev: number): void {
    inTransaction(this.#db, () => {
      this.#trim.run(rev);
      this.#setMeta.run("compacted", rev);
    });
  }

  close(): void {
    this.#db.close();
  }
}
