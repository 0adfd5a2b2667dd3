// Counts calls to a fake and fails one of them on cue: the call made once `after` calls have
// succeeded throws `error`, then the tracker is disarmed (upstream's requestTracker).

export class RequestTracker {
  requests = 0;
  #error: unknown;
  #after = 0;
  #inflight = 0;
  maxInflight = 0;

  failAfter(error: unknown, after = 0): void {
    this.#error = error;
    this.#after = after;
  }

  /** Records a call; throws the armed error when its turn has come. */
  check(): void {
    this.requests++;
    if (this.#error !== undefined && this.requests > this.#after) {
      const error = this.#error;
      this.#error = undefined;
      throw error;
    }
  }

  /** Tracks how many calls overlap, yielding once so concurrent callers can pile up. */
  async inFlight<T>(work: () => T): Promise<T> {
    this.#inflight++;
    this.maxInflight = Math.max(this.maxInflight, this.#inflight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return work();
    } finally {
      this.#inflight--;
    }
  }
}
