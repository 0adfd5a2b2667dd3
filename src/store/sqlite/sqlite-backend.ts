// The durable Backend: the shared in-memory engine over a SQLite file. Reads are served from memory;
// each group-committed batch is one SQLite transaction, fsynced before any of it becomes visible.
import { DEFAULT_HISTORY_MAX_EVENTS, VersionedStore, type StoreOptions } from "../state/versioned-store.ts";
import { loadSnapshot } from "./load-snapshot.ts";
import { openDatabase } from "./open-database.ts";
import { SqliteSink } from "./sqlite-sink.ts";

export class SqliteBackend extends VersionedStore {
  /** Opens (creating if needed) the database at `path` and loads it; throws if another holder has it open. */
  static open(path: string, opts: StoreOptions = {}): SqliteBackend {
    const db = openDatabase(path);
    try {
      const snapshot = loadSnapshot(db, opts.historyMaxEvents ?? DEFAULT_HISTORY_MAX_EVENTS);
      const sink = new SqliteSink(db);
      // History rows that were not loaded can never be replayed.
      sink.compact(snapshot.compactedRev);
      return new SqliteBackend(sink, snapshot, opts);
    } catch (err) {
      db.close();
      throw err;
    }
  }
}
