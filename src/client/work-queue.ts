// A queue of keys: a key is never processed twice at once, a key added while processing is
// processed again afterwards, and failures come back after the larger of a per-key exponential
// back-off and an overall token bucket (client-go's rate-limited work queue and its default
// limiter, for one process).

export interface WorkQueueOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Retries per second the bucket refills with, across all keys (client-go: 10). */
  qps?: number;
  /** Retries the bucket lets through at once before qps applies (client-go: 100). */
  burst?: number;
  /** Milliseconds since some fixed point; tests pass a controllable one. */
  now?: () => number;
}

export class WorkQueue {
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #dirtyWhileProcessing = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #base: number;
  readonly #max: number;
  readonly #qps: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #refilledAt: number;
  #waiters: (() => void)[] = [];
  #shutDown = false;

  constructor(opts: WorkQueueOptions = {}) {
    this.#base = opts.baseDelayMs ?? 5;
    this.#max = opts.maxDelayMs ?? 60_000;
    this.#qps = opts.qps ?? 10;
    this.#burst = opts.burst ?? 100;
    this.#now = opts.now ?? Date.now;
    this.#tokens = this.#burst;
    this.#refilledAt = this.#now();
  }

  add(key: string): void {
    if (this.#shutDown) return;
    if (this.#processing.has(key)) {
      this.#dirtyWhileProcessing.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#queue.push(key);
    this.#waiters.shift()?.();
  }

  addAfter(key: string, ms: number): void {
    if (this.#shutDown) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.add(key);
    }, ms);
    t.unref?.();
    this.#timers.add(t);
  }

  /** Re-adds a failed key after its back-off. */
  addRateLimited(key: string): void {
    this.addAfter(key, this.when(key));
  }

  /** Counts a failure of key and returns how long to wait before retrying it. */
  when(key: string): number {
    const n = this.#failures.get(key) ?? 0;
    this.#failures.set(key, n + 1);
    return Math.max(Math.min(this.#max, this.#base * 2 ** n), this.#reserveToken());
  }

  /** Takes a token, possibly one not yet refilled (a debt later retries wait behind), as x/time/rate does. */
  #reserveToken(): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#refilledAt) * this.#qps) / 1000);
    this.#refilledAt = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens * 1000) / this.#qps;
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  get length(): number {
    return this.#queue.length;
  }

  /** The next key, or undefined once shut down. Call done(key) when finished with it. */
  async get(): Promise<string | undefined> {
    while (!this.#queue.length) {
      if (this.#shutDown) return undefined;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    const key = this.#queue.shift()!;
    this.#queued.delete(key);
    this.#processing.add(key);
    return key;
  }

  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirtyWhileProcessing.delete(key)) this.add(key);
  }

  shutDown(): void {
    this.#shutDown = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const w of this.#waiters.splice(0)) w();
  }
}

/** Runs `workers` loops that take keys and call sync; a throw requeues with back-off. */
export async function runWorkers(queue: WorkQueue, workers: number, sync: (key: string) => Promise<void>): Promise<void> {
  const loop = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await sync(key);
        queue.forget(key);
      } catch (e) {
        if (!(e instanceof Error && e.name === "AbortError")) console.error(`ordinal: sync ${key} failed:`, e instanceof Error ? e.message : e);
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
}
