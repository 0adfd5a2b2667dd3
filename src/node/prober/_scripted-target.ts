// Test doubles: a ProbeTarget whose exec answers from a script on a manual clock, and a container
// process that records the signals it gets and exits when told to.
import type { TimerClock } from "../clock.ts";
import type { GracefulStopSteps } from "./lifecycle-hooks.ts";
import type { ExecResult, ProbeTarget } from "./probe-target.ts";

/** One exec's answer: a result (after `delayMs` on the clock), a hang until aborted, or a refusal. */
export type ExecStep = (ExecResult & { delayMs?: number }) | { hang: true } | { refuse: string };

const abortError = () => Object.assign(new Error("aborted"), { name: "AbortError" });

export class ScriptedTarget implements ProbeTarget {
  readonly podIP: string;
  /** Commands run, joined by spaces, with the clock time they started at. */
  readonly calls: Array<{ at: number; command: string }> = [];
  /** Commands whose exec was aborted. */
  readonly aborted: string[] = [];
  readonly #clock: TimerClock;
  readonly #scripts = new Map<string, ExecStep[]>();

  constructor(clock: TimerClock, podIP = "10.244.0.5") {
    this.#clock = clock;
    this.podIP = podIP;
  }

  /** Answers for `command`, used in order; the last one repeats. */
  on(command: string, ...steps: ExecStep[]): this {
    this.#scripts.set(command, steps);
    return this;
  }

  exec(command: readonly string[], signal: AbortSignal): Promise<ExecResult> {
    const key = command.join(" ");
    this.calls.push({ at: this.#clock.now().getTime(), command: key });
    const steps = this.#scripts.get(key) ?? [{ refuse: `no script for ${JSON.stringify(key)}` }];
    const step = steps.length > 1 ? steps.shift()! : steps[0];
    if ("refuse" in step) return Promise.reject(new Error(step.refuse));
    if (signal.aborted) return Promise.reject(abortError());
    if (!("hang" in step) && !step.delayMs) {
      const { delayMs: _delay, ...result } = step;
      return Promise.resolve(result);
    }
    return new Promise((resolve, reject) => {
      const timer = "hang" in step ? undefined : this.#clock.after(step.delayMs!, () => {
        signal.removeEventListener("abort", onAbort);
        const { delayMs: _delay, ...result } = step;
        resolve(result);
      });
      const onAbort = () => {
        timer?.cancel();
        this.aborted.push(key);
        reject(abortError());
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}

/** A container's main process for gracefulStop: exits `exitAfterMs` after the stop signal (never when undefined), at once on SIGKILL. */
export class FakeProcess implements GracefulStopSteps {
  readonly signals: Array<{ at: number; signal: string }> = [];
  exited = false;
  readonly #clock: TimerClock;
  readonly #exitAfterMs: number | undefined;
  readonly #waiters = new Set<() => void>();

  constructor(clock: TimerClock, exitAfterMs: number | undefined) {
    this.#clock = clock;
    this.#exitAfterMs = exitAfterMs;
  }

  async sendSignal(signal: string): Promise<void> {
    if (this.exited) return;
    this.signals.push({ at: this.#clock.now().getTime(), signal });
    if (signal === "SIGKILL") this.exit();
    else if (this.#exitAfterMs !== undefined) this.#clock.after(this.#exitAfterMs, () => this.exit());
  }

  waitExit(signal: AbortSignal): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#waiters.delete(done);
        reject(abortError());
      };
      this.#waiters.add(done);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  exit(): void {
    if (this.exited) return;
    this.exited = true;
    for (const w of this.#waiters) w();
    this.#waiters.clear();
  }
}
