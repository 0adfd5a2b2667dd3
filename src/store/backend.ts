// The storage contract (after kine's): versioned JSON values under string keys, one global
// revision counter, and a bounded history that watches replay from. Only store/ touches SQLite.
//
// Keys look like etcd's: "/registry/<group-or-core>/<resource>/<namespace>/<name>" (cluster-scoped
// kinds have no namespace segment). Lists are by key prefix and return keys in ascending order.
// Revisions start at 1 and increase by one per write; a value's `rev` is the revision of the write
// that produced it (its resourceVersion). Values are opaque JSON objects to the store.

export type JsonObject = Record<string, unknown>;

export interface KeyValue {
  key: string;
  /** Revision of the write that produced this value (the object's resourceVersion). */
  rev: number;
  /** Revision at which the key was created (kept across updates). */
  createRev: number;
  value: JsonObject;
}

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  type: EventType;
  key: string;
  /** Revision of this event. */
  rev: number;
  /** New value; for DELETED, the last value the key held. */
  value: JsonObject;
  /** Value before this event, when known (MODIFIED and DELETED). */
  prevValue?: JsonObject;
  /** Revision of prevValue. */
  prevRev?: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The store's revision at the time of the list. */
  rev: number;
}

export interface ListOptions {
  /** Return only keys strictly greater than this one (for continue tokens). */
  startAfter?: string;
  /** Stop after this many items; `more` says whether any remain. */
  limit?: number;
}

export interface PagedListResult extends ListResult {
  /** How many matching keys were left out because of `limit`. */
  remaining: number;
}

/** A write in a transaction. `expectRev` guards optimistic concurrency (0 = must not exist). */
export type Op =
  | { op: "create"; key: string; value: JsonObject }
  | { op: "update"; key: string; value: JsonObject; expectRev: number }
  | { op: "delete"; key: string; expectRev: number };

/** Thrown by writes whose precondition does not hold; the registry maps it to a StatusError. */
export class StoreConflictError extends Error {
  readonly key: string;
  readonly kind: "exists" | "missing" | "stale";
  constructor(key: string, kind: "exists" | "missing" | "stale") {
    super(`store: ${kind} at ${key}`);
    this.name = "StoreConflictError";
    this.key = key;
    this.kind = kind;
  }
}

/** Thrown by watch() when fromRev is older than the retained history. */
export class CompactedError extends Error {
  readonly requested: number;
  readonly oldest: number;
  constructor(requested: number, oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
    this.name = "CompactedError";
    this.requested = requested;
    this.oldest = oldest;
  }
}

export interface Watcher {
  /** Stops delivery; idempotent. */
  close(): void;
}

export interface WatchOptions {
  /** Deliver every event with rev > fromRev. 0 means "from now" (no replay). */
  fromRev: number;
  /** Called synchronously, in revision order, for each event under the prefix. */
  onEvent(event: WatchEvent): void;
}

export interface Backend {
  /** The newest committed revision. */
  currentRevision(): number;
  /** The oldest revision a watch may start from (fromRev >= this - 1). */
  oldestRevision(): number;
  get(key: string): KeyValue | undefined;
  list(prefix: string, opts?: ListOptions): PagedListResult;
  count(prefix: string): number;
  /**
   * Applies the ops atomically and durably, then resolves with the committed values (for deletes,
   * the value removed) in op order, each carrying the new revision. Writes from concurrent callers
   * are committed in groups (one transaction, one fsync) without changing this contract: nothing
   * is visible to get/list/watch before it is durable, and a rejection means nothing was applied.
   */
  txn(ops: Op[]): Promise<KeyValue[]>;
  watch(prefix: string, opts: WatchOptions): Watcher;
  /** Drops history older than the retention bounds now (also runs on a timer). */
  compact(): void;
  close(): Promise<void>;
}
