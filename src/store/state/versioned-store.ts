// The Backend both implementations share: every current object in memory (reads never touch the
// sink), a history ring for watch replay, and group commit. A txn is validated against the newest
// state including writes still waiting in the current batch, gets consecutive revisions, and waits;
// all txns queued in one macrotask are handed to the sink as one batch. Only once the sink returns
// are they applied, published to watchers and resolved. If the sink throws, every txn in the batch is
// rejected and their revisions are handed out again.
//
// watch() replays retained events synchronously, before it returns, then registers for live events;
// nothing can commit in between, so a watcher sees every revision after fromRev exactly once.
//
// Value ownership: txn() serialises the caller's value and stores a deep-frozen parse of that JSON, so
// the caller keeps its object and what is stored is exactly what a restart would load. Everything the
// store hands out (KeyValues, values, events) is frozen and shared: clone before modifying.
import {
  CompactedError,
  StoreConflictError,
  type Backend,
  type JsonObject,
  type KeyValue,
  type ListOptions,
  type Op,
  type PagedListResult,
  type WatchEvent,
  type Watcher,
  type WatchOptions,
} from "../backend.ts";
import type { CommitSink, StagedWrite, StoreSnapshot } from "./commit-sink.ts";
import { deepFreeze } from "./deep-freeze.ts";
import { HistoryRing } from "./history-ring.ts";
import { KeyIndex } from "./key-index.ts";
import { WatchHub } from "./watch-hub.ts";

export interface StoreOptions {
  /** Most watch events retained for replay (default 50,000). */
  historyMaxEvents?: number;
  /** Oldest watch event retained for replay, in ms (default 15 minutes). */
  historyMaxAgeMs?: number;
  /** Milliseconds since the epoch; stamps history for the age bound (default Date.now). */
  clock?: () => number;
  /** Receives errors thrown by watch callbacks (default: rethrown on the next tick). */
  reportError?: (err: unknown) => void;
}

export const DEFAULT_HISTORY_MAX_EVENTS = 50_000;
const DEFAULT_HISTORY_MAX_AGE_MS = 15 * 60_000;
const COMPACT_EVERY_MS = 30_000;

interface QueuedTxn {
  writes: StagedWrite[];
  resolve(kvs: KeyValue[]): void;
  reject(err: unknown): void;
}

function encode(key: string, value: unknown): { json: string; value: JsonObject } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`store: value at ${key} is not a JSON object`);
  }
  const json = JSON.stringify(value);
  return { json, value: deepFreeze(JSON.parse(json) as JsonObject) };
}

export class VersionedStore implements Backend {
  readonly #sink: CommitSink;
  readonly #clock: () => number;
  readonly #objects = new Map<string, KeyValue>();
  readonly #keys = new KeyIndex();
  readonly #history: HistoryRing;
  readonly #hub: WatchHub;
  #rev: number;
  #durableCompactedRev: number;
  /** Newest state of keys written by queued txns (null: deleted). */
  readonly #pending = new Map<string, KeyValue | null>();
  #pendingRev: number;
  #queue: QueuedTxn[] = [];
  #flushTimer: NodeJS.Immediate | undefined;
  readonly #compactTimer: NodeJS.Timeout;
  #closed = false;

  constructor(sink: CommitSink, snapshot: StoreSnapshot, opts: StoreOptions = {}) {
    this.#sink = sink;
    this.#clock = opts.clock ?? Date.now;
    for (const kv of snapshot.objects) {
      this.#objects.set(kv.key, kv);
      this.#keys.add(kv.key);
    }
    this.#rev = this.#pendingRev = snapshot.rev;
    this.#durableCompactedRev = snapshot.compactedRev;
    const bounds = {
      maxEvents: opts.historyMaxEvents ?? DEFAULT_HISTORY_MAX_EVENTS,
      maxAgeMs: opts.historyMaxAgeMs ?? DEFAULT_HISTORY_MAX_AGE_MS,
    };
    this.#history = new HistoryRing(bounds, snapshot.history, snapshot.compactedRev);
    this.#hub = new WatchHub(opts.reportError ?? ((err) => process.nextTick(() => { throw err; })));
    this.compact();
    this.#compactTimer = setInterval(() => this.compact(), COMPACT_EVERY_MS).unref();
  }

  currentRevision(): number {
    return this.#rev;
  }

  oldestRevision(): number {
    return this.#history.compactedRev + 1;
  }

  get(key: string): KeyValue | undefined {
    return this.#objects.get(key);
  }

  list(prefix: string, opts: ListOptions = {}): PagedListResult {
    const { keys, remaining } = this.#keys.range(prefix, opts.startAfter, opts.limit ?? Infinity);
    return { items: keys.map((key) => this.#objects.get(key)!), rev: this.#rev, remaining };
  }

  count(prefix: string): number {
    return this.#keys.count(prefix);
  }

  txn(ops: Op[]): Promise<KeyValue[]> {
    if (this.#closed) return Promise.reject(new Error("store: closed"));
    let writes: StagedWrite[];
    try {
      writes = this.#stage(ops);
    } catch (err) {
      return Promise.reject(err);
    }
    if (writes.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ writes, resolve, reject });
      this.#flushTimer ??= setImmediate(() => this.#flush());
    });
  }

  watch(prefix: string, opts: WatchOptions): Watcher {
    const { fromRev, onEvent } = opts;
    if (this.#closed) throw new Error("store: closed");
    if (!Number.isSafeInteger(fromRev) || fromRev < 0) throw new RangeError(`store: invalid watch revision ${fromRev}`);
    if (fromRev > 0 && fromRev < this.#history.compactedRev) throw new CompactedError(fromRev, this.oldestRevision());
    if (fromRev > 0) {
      for (const event of this.#history.since(fromRev)) if (event.key.startsWith(prefix)) onEvent(event);
    }
    return this.#hub.add(prefix, Math.max(fromRev, this.#rev), onEvent);
  }

  compact(): void {
    if (this.#closed) return;
    const through = this.#history.boundary(this.#clock());
    if (through > this.#durableCompactedRev) {
      this.#sink.compact(through);
      this.#durableCompactedRev = through;
    }
    this.#history.dropThrough(through);
  }

  /** Commits whatever is queued, stops watchers and timers, and closes the sink. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#flush();
    clearInterval(this.#compactTimer);
    this.#hub.closeAll();
    this.#sink.close();
  }

  /** Validates every op against the newest state, then reserves revisions; throws without side effects. */
  #stage(ops: readonly Op[]): StagedWrite[] {
    const local = new Map<string, KeyValue | null>();
    const latest = (key: string): KeyValue | undefined =>
      (local.has(key) ? local.get(key) : this.#pending.has(key) ? this.#pending.get(key) : this.#objects.get(key)) ??
      undefined;
    const writes: StagedWrite[] = [];
    let rev = this.#pendingRev;
    for (const op of ops) {
      const prev = latest(op.key);
      if (op.op === "create") {
        if (prev) throw new StoreConflictError(op.key, "exists");
      } else if (op.op === "update" || op.op === "delete") {
        if (!prev) throw new StoreConflictError(op.key, "missing");
        if (prev.rev !== op.expectRev) throw new StoreConflictError(op.key, "stale");
      } else {
        throw new TypeError(`store: unknown op ${(op as { op: unknown }).op}`);
      }
      rev++;
      const write = op.op === "delete" ? deleteWrite(prev!, rev) : putWrite(op.key, op.value, prev, rev);
      writes.push(write);
      local.set(op.key, op.op === "delete" ? null : write.kv);
    }
    for (const [key, kv] of local) this.#pending.set(key, kv);
    this.#pendingRev = rev;
    return writes;
  }

  #flush(): void {
    if (this.#flushTimer) clearImmediate(this.#flushTimer);
    this.#flushTimer = undefined;
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    this.#pending.clear();
    const writes = batch.flatMap((txn) => txn.writes);
    const at = this.#clock();
    try {
      this.#sink.commit(writes, at);
    } catch (err) {
      this.#pendingRev = this.#rev;
      for (const txn of batch) txn.reject(err);
      return;
    }
    const events: WatchEvent[] = [];
    for (const { event, kv } of writes) {
      if (event.type === "DELETED") {
        this.#objects.delete(event.key);
        this.#keys.delete(event.key);
      } else {
        this.#objects.set(event.key, kv);
        if (event.type === "ADDED") this.#keys.add(event.key);
      }
      this.#history.push({ event, at });
      events.push(event);
    }
    this.#rev = this.#pendingRev;
    this.#hub.deliver(events);
    for (const txn of batch) txn.resolve(txn.writes.map((w) => w.kv));
  }
}

function putWrite(key: string, input: JsonObject, prev: KeyValue | undefined, rev: number): StagedWrite {
  const { json, value } = encode(key, input);
  const kv: KeyValue = Object.freeze({ key, rev, createRev: prev ? prev.createRev : rev, value });
  const event: WatchEvent = prev
    ? { type: "MODIFIED", key, rev, value, prevValue: prev.value, prevRev: prev.rev }
    : { type: "ADDED", key, rev, value };
  return { event: Object.freeze(event), kv, json };
}

function deleteWrite(prev: KeyValue, rev: number): StagedWrite {
  const { key, value } = prev;
  const kv: KeyValue = Object.freeze({ key, rev, createRev: prev.createRev, value });
  const event: WatchEvent = { type: "DELETED", key, rev, value, prevValue: value, prevRev: prev.rev };
  return { event: Object.freeze(event), kv, json: JSON.stringify(value) };
}
