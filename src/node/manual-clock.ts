// A clock that moves only when a test says so. Timers fire in due order, and between two timers
// the event loop runs so that promise chains and store commits (which use setImmediate) settle.
import { sleepOn, type Clock, type Timer } from "./clock.ts";

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets queued microtasks and setImmediate callbacks run, `rounds` times over. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Set<Pending>();

  constructor(start = Date.parse("2025-01-01T00:00:00Z")) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, fn: () => void): Timer {
    const p: Pending = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.add(p);
    return { cancel: () => void this.#timers.delete(p) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Timers not yet fired or cancelled: a finished test expects none. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Advances by `ms`, firing every timer that falls due on the way. */
  async tick(ms = 0): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#next(target);
      if (!next) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  #next(limit: number): Pending | undefined {
    let best: Pending | undefined;
    for (const t of this.#timers) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
