// Runs one lifecycle handler (postStart or preStop) the way the kubelet's handler runner does:
// exec in the container, an HTTP GET whose status code does not matter (only reaching the server
// does), or a sleep. tcpSocket is accepted by the API for old objects but never runs: it fails.
// A failure resolves with upstream's message, which is long and may quote the command's output,
// so callers put it in logs and container status, not in events.
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import { isAbortError, type TimerClock } from "../clock.ts";
import { podDescription } from "../pod-plan.ts";
import { joinHostPort } from "./_go-net-error.ts";
import { httpGet, HttpGetError, httpGetRequest, type HttpGetRequest } from "./http-get.ts";
import { MAX_PROBE_OUTPUT_BYTES, type ProbeTarget } from "./probe-target.ts";

export interface HookContext {
  clock: TimerClock;
  target: ProbeTarget;
  pod: KubeObject;
  /** The container spec; its lifecycle holds the handlers. */
  container: JsonObject;
  /** LifecycleHTTPFallback, FailedPostStartHook, FailedPreStopHook and Killing events. */
  events?: EventRecorder;
  /** Aborting stops the handler; runLifecycleHandler then rejects with the signal's reason. */
  signal?: AbortSignal;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs `handler`; undefined when it succeeded, else the failure message. */
export async function runLifecycleHandler(handler: JsonObject, ctx: HookContext): Promise<string | undefined> {
  const name = JSON.stringify(str(ctx.container.name));
  const pod = JSON.stringify(podDescription(ctx.pod));
  const exec = obj(handler.exec);
  if (exec) {
    const command = arr(exec.command).map(str);
    const failure = await runExec(command, ctx);
    return failure && `Exec lifecycle hook ([${command.join(" ")}]) for Container ${name} in Pod ${pod} failed - error: ${failure.error}, message: ${JSON.stringify(failure.output)}`;
  }
  const http = obj(handler.httpGet);
  if (http) {
    const error = await runHttpGet(http, ctx);
    return error && `HTTP lifecycle hook (${str(http.path)}) for Container ${name} in Pod ${pod} failed - error: ${error}`;
  }
  const sleep = obj(handler.sleep);
  if (sleep) {
    const seconds = typeof sleep.seconds === "number" ? sleep.seconds : 0;
    await ctx.clock.sleep(seconds * 1000, ctx.signal);
    return undefined;
  }
  return `Cannot run handler: invalid handler: ${JSON.stringify(handler)}`;
}

async function runExec(command: string[], ctx: HookContext): Promise<{ error: string; output: string } | undefined> {
  ctx.signal?.throwIfAborted();
  try {
    const r = await ctx.target.exec(command, ctx.signal ?? new AbortController().signal);
    if (r.exitCode === 0) return undefined;
    return { error: `command '${command.join(" ")}' exited with ${r.exitCode}: ${r.stderr ?? ""}`, output: r.output };
  } catch (e) {
    if (ctx.signal?.aborted || isAbortError(e)) throw e;
    return { error: message(e), output: "" };
  }
}

/** Undefined once the server answered, whatever the status; else Go's error text. */
async function runHttpGet(action: JsonObject, ctx: HookContext): Promise<string | undefined> {
  if (!str(action.host) && !ctx.target.podIP) return "failed to find networking container: the pod has no IP";
  let req: HttpGetRequest;
  try {
    req = httpGetRequest(action, ctx.container, ctx.target.podIP, "lifecycle");
  } catch (e) {
    return message(e);
  }
  const get = (r: HttpGetRequest) => httpGet(r, { clock: ctx.clock, signal: ctx.signal, followNonLocalRedirects: true, maxBodyBytes: MAX_PROBE_OUTPUT_BYTES });
  const failure = await reached(get(req));
  if (failure === undefined || req.scheme !== "https" || !failure.includes("server gave HTTP response to HTTPS client")) return failure;
  // An HTTPS hook answered by a plain HTTP server is retried over HTTP, without credentials.
  const headers = new Map(req.headers);
  headers.delete("Authorization");
  const plain = { ...req, scheme: "http" as const, url: req.url.replace(/^https:/, "http:"), headers };
  if ((await reached(get(plain))) !== undefined) return failure;
  const hostPort = joinHostPort(req.host, req.port);
  ctx.events?.event(ctx.pod, "Warning", "LifecycleHTTPFallback", `request to HTTPS lifecycle hook ${hostPort} got HTTP response, retry with HTTP succeeded`);
  return undefined;
}

async function reached(exchange: Promise<unknown>): Promise<string | undefined> {
  try {
    await exchange;
    return undefined;
  } catch (e) {
    if (!(e instanceof HttpGetError)) throw e;
    // The response came; what happened to its body does not matter to a hook.
    return e.phase === "body" ? undefined : e.message;
  }
}
