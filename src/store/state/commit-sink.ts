// The seam between the in-memory store and whatever makes its writes durable.
import type { KeyValue, WatchEvent } from "../backend.ts";
import type { HistoryEntry } from "./history-ring.ts";

/** One validated write waiting for its batch to commit. */
export interface StagedWrite {
  /** The event this write publishes once committed. */
  event: WatchEvent;
  /** What the txn resolves with: the new value, or for a delete the last value at the new revision. */
  kv: KeyValue;
  /** `kv.value` as JSON, serialised once for the objects row and the history row alike. */
  json: string;
}

export interface CommitSink {
  /**
   * Makes one batch durable in a single transaction (`at` is the commit time kept for history
   * retention). Throws, having rolled back, when it cannot; the store then rejects the whole batch.
   */
  commit(writes: readonly StagedWrite[], at: number): void;
  /** Forgets durable history at or below `rev`. */
  compact(rev: number): void;
  close(): void;
}

/** What a store starts from: the current objects and the retained history. */
export interface StoreSnapshot {
  objects: KeyValue[];
  /** Contiguous revisions compactedRev+1 .. rev, oldest first. */
  history: HistoryEntry[];
  rev: number;
  compactedRev: number;
}

export const emptySnapshot = (): StoreSnapshot => ({ objects: [], history: [], rev: 0, compactedRev: 0 });

/** A sink for stores that keep nothing beyond the process. */
export const memorySink: CommitSink = {
  commit() {},
  compact() {},
  close() {},
};
