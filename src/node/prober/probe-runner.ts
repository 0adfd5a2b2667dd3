// Runs one probe of any kind against a container, as the kubelet's prober does: exec inside the
// container, httpGet, tcpSocket and grpc from the host to the pod IP, each bounded by
// timeoutSeconds. A probe that cannot be carried out (a port that names nothing, an exec the
// runtime refuses) is tried up to three times and then reported as an error, not a failure.
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import { isAbortError } from "../clock.ts";
import { expandCommand } from "./_expand-command.ts";
import { resolveContainerPort } from "./_container-port.ts";
import { grpcProbe } from "./grpc-probe.ts";
import { httpGet, HttpGetError, httpGetRequest } from "./http-get.ts";
import { MAX_PROBE_OUTPUT_BYTES, type ProbeContext, type ProbeOutcome, type ProbeRunner } from "./probe-target.ts";
import { tcpProbe } from "./tcp-probe.ts";

const MAX_PROBE_RETRIES = 3;

/** A probe field (seconds or a threshold), `fallback` when absent or not positive, as defaulting leaves it. */
export function positiveOr(v: unknown, fallback: number): number {
  return typeof v === "number" && v > 0 ? v : fallback;
}

export function truncateOutput(s: string): string {
  const bytes = Buffer.from(s, "utf8");
  return bytes.length <= MAX_PROBE_OUTPUT_BYTES ? s : bytes.subarray(0, MAX_PROBE_OUTPUT_BYTES).toString("utf8");
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const runProbe: ProbeRunner = async (probe, ctx) => {
  let outcome = await runOnce(probe, ctx);
  for (let attempt = 1; attempt < MAX_PROBE_RETRIES && outcome.error !== undefined; attempt++) outcome = await runOnce(probe, ctx);
  return outcome;
};

function runOnce(probe: JsonObject, ctx: ProbeContext): Promise<ProbeOutcome> {
  const timeoutMs = positiveOr(probe.timeoutSeconds, 1) * 1000;
  const exec = obj(probe.exec);
  if (exec) return execProbe(arr(exec.command).map(str), timeoutMs, ctx);
  const http = obj(probe.httpGet);
  if (http) return httpGetProbe(http, timeoutMs, ctx);
  const tcp = obj(probe.tcpSocket);
  if (tcp) {
    let port: number;
    try {
      port = resolveContainerPort(tcp.port, ctx.container);
    } catch (e) {
      return Promise.resolve({ result: "unknown", output: "", error: message(e) });
    }
    return tcpProbe(str(tcp.host) || ctx.target.podIP, port, { clock: ctx.clock, timeoutMs, signal: ctx.signal });
  }
  const grpc = obj(probe.grpc);
  if (grpc) {
    const port = typeof grpc.port === "number" ? grpc.port : 0;
    return grpcProbe(ctx.target.podIP, port, str(grpc.service), { clock: ctx.clock, timeoutMs, signal: ctx.signal });
  }
  return Promise.resolve({ result: "unknown", output: "", error: `missing probe handler for container ${str(ctx.container.name)}` });
}

/** Exit code 0 is success; past the timeout the command is stopped and the probe fails. */
async function execProbe(command: string[], timeoutMs: number, ctx: ProbeContext): Promise<ProbeOutcome> {
  const expanded = expandCommand(command, ctx.container);
  const stop = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
  let timer: { cancel(): void } | undefined;
  const timedOut = new Promise<"timeout">((resolve) => (timer = ctx.clock.after(timeoutMs, () => resolve("timeout"))));
  const running = ctx.target.exec(expanded, signal);
  try {
    const first = await Promise.race([running, timedOut]);
    if (first === "timeout") {
      running.catch(() => {});
      stop.abort();
      return { result: "failure", output: `command ${JSON.stringify(expanded.join(" "))} timed out` };
    }
    return { result: first.exitCode === 0 ? "success" : "failure", output: truncateOutput(first.output) };
  } catch (e) {
    if (ctx.signal?.aborted || isAbortError(e)) throw e;
    return { result: "unknown", output: "", error: message(e) };
  } finally {
    timer?.cancel();
  }
}

/** 2xx succeeds, 3xx (a redirect not followed) succeeds with a warning, anything else fails. */
async function httpGetProbe(action: JsonObject, timeoutMs: number, ctx: ProbeContext): Promise<ProbeOutcome> {
  let req;
  try {
    req = httpGetRequest(action, ctx.container, ctx.target.podIP, "probe");
  } catch (e) {
    return { result: "unknown", output: "", error: message(e) };
  }
  try {
    const res = await httpGet(req, { clock: ctx.clock, timeoutMs, signal: ctx.signal, followNonLocalRedirects: false, maxBodyBytes: MAX_PROBE_OUTPUT_BYTES });
    if (res.statusCode >= 200 && res.statusCode < 300) return { result: "success", output: res.body };
    if (res.statusCode >= 300 && res.statusCode < 400) return { result: "warning", output: `Probe terminated redirects, Response body: ${res.body}` };
    // The body stays out of the message: it may hold what the event must not show.
    return { result: "failure", output: `HTTP probe failed with statuscode: ${res.statusCode}` };
  } catch (e) {
    if (!(e instanceof HttpGetError)) throw e;
    return e.phase === "body" ? { result: "failure", output: "", error: e.message } : { result: "failure", output: e.message };
  }
}
