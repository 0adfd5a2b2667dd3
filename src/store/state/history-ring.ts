// The retained tail of the event log that watches replay from. Every revision has exactly one event
// and events are appended in revision order, so the ring is a contiguous run of revisions
// (compactedRev, newest]; everything at or below compactedRev is gone.
import type { WatchEvent } from "../backend.ts";

export interface HistoryEntry {
  event: WatchEvent;
  /** Clock time of the commit, for the age bound. */
  at: number;
}

export interface RetentionBounds {
  maxEvents: number;
  maxAgeMs: number;
}

export class HistoryRing {
  readonly #bounds: RetentionBounds;
  #entries: HistoryEntry[];
  /** Index of the oldest retained entry; dropped entries before it are spliced out in bulk. */
  #head = 0;
  #compactedRev: number;

  constructor(bounds: RetentionBounds, entries: HistoryEntry[], compactedRev: number) {
    this.#bounds = bounds;
    this.#entries = entries;
    this.#compactedRev = compactedRev;
  }

  /** Highest revision no longer retained (0 when nothing was dropped). */
  get compactedRev(): number {
    return this.#compactedRev;
  }

  get size(): number {
    return this.#entries.length - this.#head;
  }

  /** Appends one event; also drops the oldest entries beyond the count bound. */
  push(entry: HistoryEntry): void {
    this.#entries.push(entry);
    if (this.size > this.#bounds.maxEvents) this.dropThrough(entry.event.rev - this.#bounds.maxEvents);
  }

  /** The highest revision that falls outside the bounds at `now` (never lower than compactedRev). */
  boundary(now: number): number {
    let through = this.#compactedRev;
    const newest = this.#entries.at(-1);
    if (newest && this.size > this.#bounds.maxEvents) through = newest.event.rev - this.#bounds.maxEvents;
    const cutoff = now - this.#bounds.maxAgeMs;
    for (let i = this.#head + Math.max(0, through - this.#compactedRev); i < this.#entries.length; i++) {
      const entry = this.#entries[i];
      if (entry.at >= cutoff) break;
      through = entry.event.rev;
    }
    return through;
  }

  /** Drops every entry with rev <= `rev`. */
  dropThrough(rev: number): void {
    if (rev <= this.#compactedRev) return;
    this.#head = Math.min(this.#entries.length, this.#head + (rev - this.#compactedRev));
    this.#compactedRev = rev;
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Retained events with rev > `fromRev`, oldest first. */
  *since(fromRev: number): Generator<WatchEvent> {
    const start = this.#head + Math.max(0, fromRev - this.#compactedRev);
    for (let i = start; i < this.#entries.length; i++) yield this.#entries[i].event;
  }
}
