// Closed-loop load: `concurrency` workers each run one operation at a time until `count` operations
// have started or `maxMs` has passed, recording the latency of every completed operation.

export interface RunWorkersOptions {
  count: number;
  concurrency: number;
  /** No operation starts after this many milliseconds, so a slow server cannot stretch the run. */
  maxMs: number;
  signal?: AbortSignal;
  /** Milliseconds from an arbitrary origin; performance.now() unless a test pins it. */
  now?: () => number;
}

export interface WorkersResult {
  completed: number;
  elapsedMs: number;
  perSecond: number;
  latenciesMs: number[];
}

/** Runs op(0) … op(count - 1); the first failure stops every worker and rejects. */
export async function runWorkers(opts: RunWorkersOptions, op: (index: number) => Promise<void>): Promise<WorkersResult> {
  const now = opts.now ?? (() => performance.now());
  const latenciesMs: number[] = [];
  const started = now();
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < opts.count && !failed && !opts.signal?.aborted && now() - started < opts.maxMs) {
      const index = next++;
      const t0 = now();
      try {
        await op(index);
      } catch (e) {
        failed = true;
        throw e;
      }
      latenciesMs.push(now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  opts.signal?.throwIfAborted();
  const elapsedMs = now() - started;
  return { completed: latenciesMs.length, elapsedMs, perSecond: elapsedMs > 0 ? (latenciesMs.length * 1000) / elapsedMs : 0, latenciesMs };
}
