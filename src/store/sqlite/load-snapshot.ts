// Rebuilds the in-memory state from the database at open: every object, plus the newest retained
// history so that watches can resume across a restart.
import type { DatabaseSync } from "node:sqlite";
import type { EventType, JsonObject, KeyValue, WatchEvent } from "../backend.ts";
import type { StoreSnapshot } from "../state/commit-sink.ts";
import { deepFreeze } from "../state/deep-freeze.ts";
import type { HistoryEntry } from "../state/history-ring.ts";

interface ObjectRow {
  key: string;
  rev: number;
  create_rev: number;
  value: string;
}

interface HistoryRow {
  rev: number;
  key: string;
  type: EventType;
  value: string;
  prev_rev: number | null;
  at: number;
}

const parse = (json: string): JsonObject => deepFreeze(JSON.parse(json) as JsonObject);

/**
 * The current revision is the highest of meta "rev", the newest history row and the newest object:
 * each is written in the same transaction, but taking the maximum keeps a hand-edited or partially
 * migrated file from ever reusing a revision. History older than `maxEvents` revisions is not loaded.
 */
export function loadSnapshot(db: DatabaseSync, maxEvents: number): StoreSnapshot {
  const meta = (name: string): number =>
    (db.prepare("SELECT value FROM meta WHERE name = ?").get(name) as { value: number } | undefined)?.value ?? 0;

  const objects = new Map<string, KeyValue>();
  let rev = meta("rev");
  for (const row of db.prepare("SELECT key, rev, create_rev, value FROM objects").iterate() as Iterable<ObjectRow>) {
    const kv: KeyValue = { key: row.key, rev: row.rev, createRev: row.create_rev, value: parse(row.value) };
    objects.set(row.key, Object.freeze(kv));
    rev = Math.max(rev, row.rev);
  }
  const newest = (db.prepare("SELECT max(rev) AS rev FROM history").get() as { rev: number | null }).rev ?? 0;
  rev = Math.max(rev, newest);

  let history: HistoryEntry[] = [];
  let compactedRev = Math.max(meta("compacted"), newest - maxEvents);
  const last = new Map<string, WatchEvent>();
  const rows = db.prepare("SELECT rev, key, type, value, prev_rev, at FROM history WHERE rev > ? ORDER BY rev");
  for (const row of rows.iterate(compactedRev) as Iterable<HistoryRow>) {
    if (row.rev !== compactedRev + history.length + 1) {
      // A gap: only the contiguous run after it can be replayed.
      history = [];
      compactedRev = row.rev - 1;
    }
    const current = objects.get(row.key);
    const value = current?.rev === row.rev ? current.value : parse(row.value);
    const event = toEvent(row, value, last.get(row.key));
    last.set(row.key, event);
    history.push({ event, at: row.at });
  }
  if (compactedRev + history.length !== rev) {
    history = [];
    compactedRev = rev;
  }
  return { objects: [...objects.values()], history, rev, compactedRev };
}

function toEvent(row: HistoryRow, value: JsonObject, previous: WatchEvent | undefined): WatchEvent {
  const event: WatchEvent = { type: row.type, key: row.key, rev: row.rev, value };
  if (row.prev_rev !== null) {
    event.prevRev = row.prev_rev;
    if (row.type === "DELETED") event.prevValue = value;
    else if (previous?.rev === row.prev_rev) event.prevValue = previous.value;
  }
  return Object.freeze(event);
}
