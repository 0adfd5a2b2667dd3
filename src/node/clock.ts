// The client's Clock plus timers, for the node agent, the simulated runtime and the scheduler,
// so their tests run on a manual clock instead of sleeping (Deno std FakeTime, client-go's clock).
import type { Clock } from "../client/clock.ts";

export interface Timer {
  cancel(): void;
}

export interface TimerClock extends Clock {
  /** Calls `fn` after `ms` unless cancelled first. */
  after(ms: number, fn: () => void): Timer;
  /** Resolves after `ms`; rejects with the signal's reason (an AbortError) if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Sleeps on `clock` until `ms` pass or `signal` aborts. */
export function sleepOn(clock: Pick<TimerClock, "after">, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      timer.cancel();
      reject(signal!.reason);
    };
    const timer = clock.after(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}

export const systemTimerClock: TimerClock = {
  now: () => new Date(),
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
  sleep(ms, signal) {
    return sleepOn(systemTimerClock, ms, signal);
  },
};
