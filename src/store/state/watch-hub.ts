// Live fan-out of committed events to prefix watchers. Delivery is synchronous and in revision order.
// A watcher whose callback throws is closed and its error reported, so one broken consumer can neither
// starve the others nor abort a commit half-way through its events.
import type { WatchEvent, Watcher } from "../backend.ts";

interface Subscription {
  prefix: string;
  /** Events at or below this revision were already replayed. */
  afterRev: number;
  onEvent(event: WatchEvent): void;
  closed: boolean;
}

export class WatchHub {
  readonly #subs = new Set<Subscription>();
  readonly #reportError: (err: unknown) => void;

  constructor(reportError: (err: unknown) => void) {
    this.#reportError = reportError;
  }

  get size(): number {
    return this.#subs.size;
  }

  add(prefix: string, afterRev: number, onEvent: (event: WatchEvent) => void): Watcher {
    const sub: Subscription = { prefix, afterRev, onEvent, closed: false };
    this.#subs.add(sub);
    return {
      close: () => {
        sub.closed = true;
        this.#subs.delete(sub);
      },
    };
  }

  deliver(events: readonly WatchEvent[]): void {
    // Watchers opened by a callback during this delivery replayed these events already.
    const subs = [...this.#subs];
    for (const event of events) {
      for (const sub of subs) {
        if (sub.closed || event.rev <= sub.afterRev || !event.key.startsWith(sub.prefix)) continue;
        try {
          sub.onEvent(event);
        } catch (err) {
          sub.closed = true;
          this.#subs.delete(sub);
          this.#reportError(err);
        }
      }
    }
  }

  closeAll(): void {
    for (const sub of this.#subs) sub.closed = true;
    this.#subs.clear();
  }
}
