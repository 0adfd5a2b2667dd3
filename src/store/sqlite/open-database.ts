// Opens the SQLite file with the settings every acknowledged write relies on, and creates the schema.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { inTransaction } from "./in-transaction.ts";

const SCHEMA_VERSION = 1;
const SQLITE_BUSY = 5;

/**
 * WAL with synchronous=FULL fsyncs the log on every commit, so a commit that returned survives a
 * crash or power loss. EXCLUSIVE locking keeps a second process (or connection) from opening the same
 * file: the store holds all state in memory and would silently diverge from another writer.
 */
export function applyDurablePragmas(db: DatabaseSync): void {
  db.exec("PRAGMA locking_mode = EXCLUSIVE");
  const mode = db.prepare("PRAGMA journal_mode = WAL").get() as { journal_mode: string };
  if (mode.journal_mode !== "wal") throw new Error(`store: cannot use WAL journal (got ${mode.journal_mode})`);
  db.exec("PRAGMA synchronous = FULL");
  db.exec(`PRAGMA journal_size_limit = ${64 * 1024 * 1024}`);
}

export function openDatabase(path: string): DatabaseSync {
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    applyDurablePragmas(db);
    const { user_version: version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
    if (version === 0) createSchema(db);
    else if (version !== SCHEMA_VERSION) throw new Error(`store: unsupported schema version ${version} in ${path}`);
    return db;
  } catch (err) {
    db.close();
    if ((err as { errcode?: number }).errcode === SQLITE_BUSY) {
      throw new Error(`store: ${path} is in use by another process or connection`, { cause: err });
    }
    throw err;
  }
}

function createSchema(db: DatabaseSync): void {
  inTransaction(db, () => {
    db.exec(`
      CREATE TABLE objects (
        key TEXT PRIMARY KEY,
        rev INTEGER NOT NULL,
        create_rev INTEGER NOT NULL,
        value TEXT NOT NULL
      );
      CREATE TABLE history (
        rev INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        prev_rev INTEGER,
        at INTEGER NOT NULL
      );
      CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      PRAGMA user_version = ${SCHEMA_VERSION};
    `);
  });
}
