// One probe of one container instance (the kubelet's probe worker): the first probe runs
// initialDelaySeconds after the container started, then one every periodSeconds. A result is
// reported only once successThreshold successes or failureThreshold failures come in a row. A
// probe that errored (could not be carried out) counts for neither. A failed liveness or startup
// probe has done its job: the container is to be restarted and a new instance gets new workers,
// so the worker ends, as does a startup probe that succeeded.
import type { JsonObject } from "../../api/validation/json-access.ts";
import { isAbortError, type Timer, type TimerClock } from "../clock.ts";
import { positiveOr } from "./probe-runner.ts";
import type { ProbeOutcome } from "./probe-target.ts";

export type ProbeType = "startup" | "liveness" | "readiness";
export type ProbeVerdict = "success" | "failure";

export interface ProbeWorkerOptions {
  type: ProbeType;
  probe: JsonObject;
  clock: TimerClock;
  /** Runs the probe once; rejects only when `signal` aborts. */
  run(signal: AbortSignal): Promise<ProbeOutcome>;
  /** When the container started (epoch ms): initialDelaySeconds count from here. */
  startedAt: number;
  /** False while the probe must not run (liveness and readiness until startup succeeded). */
  mayRun?(): boolean;
  /** Every probe that ran, before thresholds: events come from here. */
  onProbe?(outcome: ProbeOutcome): void;
  /** A result that met its threshold. */
  onResult(result: ProbeVerdict, outcome: ProbeOutcome): void;
  signal: AbortSignal;
}

export class ProbeWorker {
  readonly type: ProbeType;
  /** Settles when the worker ends: aborted, or its job done. */
  readonly done: Promise<void>;
  readonly #opts: ProbeWorkerOptions;
  #wake: ((why: "tick" | "trigger") => void) | undefined;
  #triggered = false;
  #lastResult: ProbeVerdict | undefined;
  #run = 0;

  constructor(opts: ProbeWorkerOptions) {
    this.#opts = opts;
    this.type = opts.type;
    this.done = this.#loop();
  }

  /** Probes now instead of at the next period, once the initial delay has passed. */
  trigger(): void {
    this.#triggered = true;
    this.#wake?.("trigger");
  }

  async #loop(): Promise<void> {
    const { probe, clock, signal } = this.#opts;
    const periodMs = positiveOr(probe.periodSeconds, 10) * 1000;
    const firstAt = this.#opts.startedAt + Math.max(0, typeof probe.initialDelaySeconds === "number" ? probe.initialDelaySeconds : 0) * 1000;
    // A trigger before the initial delay has passed is dropped, as upstream's early return drops it.
    if (!(await this.#until(firstAt, false))) return;
    let tickAt = firstAt;
    for (;;) {
      if (this.#opts.mayRun?.() ?? true) {
        let outcome: ProbeOutcome;
        try {
          outcome = await this.#opts.run(signal);
        } catch (e) {
          if (signal.aborted || isAbortError(e)) return;
          outcome = { result: "unknown", output: "", error: e instanceof Error ? e.message : String(e) };
        }
        if (signal.aborted) return;
        if (this.#record(outcome)) return;
      }
      // Like a Go ticker: a tick that fell due during the probe is kept (one only), so a slow
      // probe is followed by another at once and the beat stays on its grid.
      const now = clock.now().getTime();
      const next = tickAt + periodMs;
      if (next <= now) {
        tickAt = next + Math.floor((now - next) / periodMs) * periodMs;
        if (signal.aborted) return;
        this.#triggered = false;
        continue;
      }
      if (!(await this.#until(next, true))) return;
      if (clock.now().getTime() >= next) tickAt = next;
    }
  }

  /** Counts one outcome; true when the worker's job is done. */
  #record(outcome: ProbeOutcome): boolean {
    this.#opts.onProbe?.(outcome);
    if (outcome.error !== undefined) return false;
    const result: ProbeVerdict = outcome.result === "success" || outcome.result === "warning" ? "success" : "failure";
    if (result === this.#lastResult) this.#run++;
    else {
      this.#lastResult = result;
      this.#run = 1;
    }
    const { probe } = this.#opts;
    const threshold = result === "success" ? positiveOr(probe.successThreshold, 1) : positiveOr(probe.failureThreshold, 3);
    if (this.#run < threshold) return false;
    this.#opts.onResult(result, outcome);
    if (this.type === "readiness") return false;
    return result === "failure" || this.type === "startup";
  }

  /** Waits until `at` (or a trigger, when `triggerable`); false once the signal aborted. */
  #until(at: number, triggerable: boolean): Promise<boolean> {
    const { clock, signal } = this.#opts;
    if (signal.aborted) return Promise.resolve(false);
    if (triggerable && this.#triggered) {
      this.#triggered = false;
      return Promise.resolve(true);
    }
    this.#triggered = false;
    return new Promise((resolve) => {
      let timer: Timer | undefined;
      const finish = (ok: boolean) => {
        timer?.cancel();
        signal.removeEventListener("abort", onAbort);
        this.#wake = undefined;
        this.#triggered = false;
        resolve(ok);
      };
      const onAbort = () => finish(false);
      signal.addEventListener("abort", onAbort, { once: true });
      timer = clock.after(at - clock.now().getTime(), () => finish(true));
      this.#wake = (why) => {
        if (why === "trigger" && !triggerable) {
          this.#triggered = false;
          return;
        }
        finish(true);
      };
    });
  }
}
