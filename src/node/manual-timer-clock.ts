// A TimerClock that moves only when a test says so. Timers fire in due order, and between two
// timers the event loop runs so that promise chains and store commits (which use setImmediate)
// settle.
import { sleepOn, type Timer, type TimerClock } from "./clock.ts";

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets queued microtasks and setImmediate callbacks run, `rounds` times over. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class ManualTimerClock implements TimerClock {
  #ms: number;
  #seq = 0;
  readonly #timers = new Set<Pending>();

  constructor(start: Date | number = Date.parse("2025-01-01T00:00:00Z")) {
    this.#ms = typeof start === "number" ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  after(ms: number, fn: () => void): Timer {
    const p: Pending = { at: this.#ms + Math.max(0, ms), seq: this.#seq++, fn };
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

  /** When the next timer is due, if any. */
  get nextDue(): Date | undefined {
    const next = this.#next(Infinity);
    return next && new Date(next.at);
  }

  /** Advances by `ms`, firing every timer that falls due on the way. */
  async tick(ms = 0): Promise<void> {
    const target = this.#ms + ms;
    await settle();
    for (;;) {
      const next = this.#next(target);
      if (!next) break;
      this.#timers.delete(next);
      this.#ms = Math.max(this.#ms, next.at);
      next.fn();
      await settle();
    }
    this.#ms = target;
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
