// postStart after a container starts, and the graceful stop: preStop, then the stop signal, then
// SIGKILL once the grace period is spent. preStop and the stop signal share one budget, as the
// documentation describes: preStop may take the whole grace period, the whole seconds it used
// are taken off, and the process always gets at least 2 seconds after the stop signal (the
// kubelet's minimumGracePeriodInSeconds). The kubelet's pod-deletion path passes its grace period
// as an override that hands the container the full period again after preStop; we do not copy
// that, since it lets a pod outlive its grace period.
import type { KubeObject } from "../../api/meta.ts";
import { obj, type JsonObject } from "../../api/validation/json-access.ts";
import type { Timer } from "../clock.ts";
import { runLifecycleHandler, type HookContext } from "./lifecycle-handler.ts";

export type { HookContext } from "./lifecycle-handler.ts";

/** containerStatuses[].state.waiting.reason of a container whose postStart failed. */
export const POST_START_HOOK_ERROR = "PostStartHookError";
/** The least time a process gets between the stop signal and SIGKILL. */
export const MINIMUM_STOP_SECONDS = 2;

export interface GracefulStopSteps {
  /** Sends "SIGTERM" (or the stop signal) or "SIGKILL" to the container; a no-op once it exited. */
  sendSignal(signal: string): Promise<void>;
  /** Resolves once the container has exited; rejects with the signal's reason if it aborts first. */
  waitExit(signal: AbortSignal): Promise<void>;
  /** False skips preStop (the container is not running, or preStop already ran). Default true. */
  runPreStop?: boolean;
  /** The image's or the container's stop signal. Default "SIGTERM". */
  stopSignal?: string;
}

export interface GracefulStopResult {
  /** How preStop went; absent when there was none to run. */
  preStop?: "completed" | "failed" | "timed out" | "interrupted";
  /** True when the process was sent SIGKILL. */
  killed: boolean;
}

const lifecycle = (container: JsonObject, hook: "postStart" | "preStop") => obj(obj(container.lifecycle)?.[hook]);

/** The grace period of a stop the agent starts: the deletion's, else the pod spec's. */
export function podGracePeriodSeconds(pod: KubeObject): number {
  const spec = obj(pod.spec) ?? {};
  const g = pod.metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds;
  return typeof g === "number" ? g : 30;
}

/**
 * Runs the container's postStart handler, if it has one. On failure records FailedPostStartHook
 * (without the message: it may quote secrets) and, given `stop`, stops the container within the
 * pod's grace period. Resolves with the failure message for the container's waiting state
 * (reason POST_START_HOOK_ERROR), or undefined when the hook succeeded or there was none.
 */
export async function runPostStart(ctx: HookContext, stop?: GracefulStopSteps): Promise<string | undefined> {
  const handler = lifecycle(ctx.container, "postStart");
  if (!handler) return undefined;
  const failure = await runLifecycleHandler(handler, ctx);
  if (failure === undefined) return undefined;
  ctx.events?.event(ctx.pod, "Warning", "FailedPostStartHook", "PostStartHook failed");
  if (stop) {
    ctx.events?.event(ctx.pod, "Normal", "Killing", "FailedPostStartHook");
    await gracefulStop(ctx, podGracePeriodSeconds(ctx.pod), stop);
  }
  return failure;
}

/**
 * Stops a container within `graceSeconds`: preStop, the stop signal, a wait, SIGKILL. Aborting
 * ctx.signal cuts the grace period short (SIGKILL at once) rather than abandoning the stop. A grace
 * period of 0 or less kills at once, without preStop.
 */
export async function gracefulStop(ctx: HookContext, graceSeconds: number, steps: GracefulStopSteps): Promise<GracefulStopResult> {
  const result: GracefulStopResult = { killed: false };
  const cut = ctx.signal;
  if (graceSeconds > 0 && !cut?.aborted) {
    let remaining = graceSeconds;
    const preStop = steps.runPreStop === false ? undefined : lifecycle(ctx.container, "preStop");
    if (preStop) {
      const start = ctx.clock.now().getTime();
      result.preStop = await runPreStop(preStop, ctx, graceSeconds * 1000);
      remaining -= Math.floor((ctx.clock.now().getTime() - start) / 1000);
    }
    if (!cut?.aborted) {
      await steps.sendSignal(steps.stopSignal ?? "SIGTERM");
      if ((await within(ctx, Math.max(remaining, MINIMUM_STOP_SECONDS) * 1000, (s) => steps.waitExit(s))) !== EXPIRED) return result;
    }
  }
  await steps.sendSignal("SIGKILL");
  result.killed = true;
  await steps.waitExit(new AbortController().signal);
  return result;
}

async function runPreStop(handler: JsonObject, ctx: HookContext, budgetMs: number): Promise<NonNullable<GracefulStopResult["preStop"]>> {
  const failure = await within(ctx, budgetMs, (signal) => runLifecycleHandler(handler, { ...ctx, signal }));
  if (failure === EXPIRED) return ctx.signal?.aborted ? "interrupted" : "timed out";
  if (failure === undefined) return "completed";
  // The message stays out of the event: it may quote secrets.
  ctx.events?.event(ctx.pod, "Warning", "FailedPreStopHook", "PreStopHook failed");
  return "failed";
}

const EXPIRED = Symbol("expired");

/** Runs `task` for at most `ms`, and until ctx.signal aborts; EXPIRED when it did not finish. */
async function within<T>(ctx: HookContext, ms: number, task: (signal: AbortSignal) => Promise<T>): Promise<T | typeof EXPIRED> {
  const stop = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
  let timer: Timer | undefined;
  const expired = new Promise<typeof EXPIRED>((resolve) => {
    timer = ctx.clock.after(ms, () => resolve(EXPIRED));
    signal.addEventListener("abort", () => resolve(EXPIRED), { once: true });
  });
  const running = task(signal);
  try {
    return await Promise.race([running, expired]);
  } catch (e) {
    if (signal.aborted) return EXPIRED;
    throw e;
  } finally {
    timer?.cancel();
    stop.abort();
    running.catch(() => {});
  }
}
