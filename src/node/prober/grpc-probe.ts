// The grpc probe: one grpc.health.v1.Health/Check call over plaintext HTTP/2, success when the
// service answers SERVING. Connecting and the call share the timeout; the failure texts are the
// kubelet's ("service unhealthy (responded with \"NOT_SERVING\")").
import * as http2 from "node:http2";
import type { TimerClock } from "../clock.ts";
import { goDuration } from "../restart-backoff.ts";
import { joinHostPort } from "./_go-net-error.ts";
import { KUBE_VERSION_FRAGMENT, type ProbeOutcome } from "./probe-target.ts";

export interface GrpcProbeOptions {
  clock: TimerClock;
  timeoutMs: number;
  signal?: AbortSignal;
}

const CODES = ["OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"];
const SERVING_STATUS = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];
const UNIMPLEMENTED = 12;
const DEADLINE_EXCEEDED = 4;
/** grpc-go's first reconnect back-off. */
const RECONNECT_MS = 1000;

/** HealthCheckRequest{service} in the length-prefixed gRPC message framing. */
export function encodeHealthCheckRequest(service: string): Buffer {
  const name = Buffer.from(service, "utf8");
  const varint: number[] = [];
  for (let n = name.length; ; n >>>= 7) {
    if (n < 0x80) {
      varint.push(n);
      break;
    }
    varint.push((n & 0x7f) | 0x80);
  }
  const body = name.length ? Buffer.concat([Buffer.from([0x0a, ...varint]), name]) : Buffer.alloc(0);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(body.length, 1);
  return Buffer.concat([prefix, body]);
}

/** HealthCheckResponse.status from a framed reply (0, UNKNOWN, when absent). */
export function decodeHealthCheckStatus(framed: Buffer): number {
  const msg = framed.subarray(5, 5 + (framed.length >= 5 ? framed.readUInt32BE(1) : 0));
  for (let i = 0; i < msg.length; ) {
    const tag = msg[i++];
    let value = 0;
    for (let shift = 0; i < msg.length; shift += 7) {
      const b = msg[i++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    if (tag === 0x08) return value;
    if ((tag & 7) === 2) i += value;
  }
  return 0;
}

function httpStatusCode(status: number): number {
  if (status === 400) return 13;
  if (status === 401) return 16;
  if (status === 403) return 7;
  if (status === 404) return UNIMPLEMENTED;
  if ([429, 502, 503, 504].includes(status)) return 14;
  return 2;
}

function rpcOutcome(code: number, message: string, timeout: string): ProbeOutcome {
  if (code === UNIMPLEMENTED) return { result: "failure", output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${message}` };
  if (code === DEADLINE_EXCEEDED) return { result: "failure", output: `timeout: health rpc did not complete within ${timeout}` };
  return { result: "failure", output: `error: health rpc probe failed: rpc error: code = ${CODES[code] ?? `Code(${code})`} desc = ${message}` };
}

export function grpcProbe(host: string, port: number, service: string, opts: GrpcProbeOptions): Promise<ProbeOutcome> {
  const addr = joinHostPort(host, port);
  const timeout = goDuration(opts.timeoutMs);
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    let session: http2.ClientHttp2Session | undefined;
    let connected = false;
    let done = false;
    let retry: { cancel(): void } | undefined;
    const started = opts.clock.now().getTime();
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      deadline.cancel();
      retry?.cancel();
      opts.signal?.removeEventListener("abort", onAbort);
      session?.destroy();
      outcome();
    };
    const onAbort = () => finish(() => reject(opts.signal!.reason));
    const deadline = opts.clock.after(opts.timeoutMs, () =>
      finish(() =>
        resolve({
          result: "failure",
          output: connected ? `timeout: health rpc did not complete within ${timeout}` : `timeout: failed to connect service ${JSON.stringify(addr)} within ${timeout}: context deadline exceeded`,
        }),
      ),
    );
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    const call = (s: http2.ClientHttp2Session) => {
      const left = Math.max(1, opts.timeoutMs - (opts.clock.now().getTime() - started));
      const stream = s.request({
        ":method": "POST",
        ":path": "/grpc.health.v1.Health/Check",
        "content-type": "application/grpc",
        te: "trailers",
        "user-agent": `kube-probe/${KUBE_VERSION_FRAGMENT}`,
        "grpc-timeout": `${left}m`,
      });
      const chunks: Buffer[] = [];
      let httpStatus = 0;
      let grpcStatus: number | undefined;
      let grpcMessage = "";
      const note = (h: http2.IncomingHttpHeaders) => {
        if (h["grpc-status"] !== undefined) grpcStatus = Number(h["grpc-status"]);
        if (h["grpc-message"] !== undefined) grpcMessage = decodeURIComponent(String(h["grpc-message"]));
      };
      stream.on("response", (h) => {
        httpStatus = Number(h[":status"]);
        note(h);
      });
      stream.on("trailers", note);
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", (e) => finish(() => resolve(rpcOutcome(14, e.message, timeout))));
      stream.on("close", () =>
        finish(() => {
          if (httpStatus !== 200) return resolve(rpcOutcome(httpStatusCode(httpStatus), `unexpected HTTP status code received from server: ${httpStatus}`, timeout));
          if (grpcStatus === undefined) return resolve(rpcOutcome(13, "server closed the stream without sending trailers", timeout));
          if (grpcStatus !== 0) return resolve(rpcOutcome(grpcStatus, grpcMessage, timeout));
          const status = decodeHealthCheckStatus(Buffer.concat(chunks));
          if (status !== 1) return resolve({ result: "failure", output: `service unhealthy (responded with ${JSON.stringify(SERVING_STATUS[status] ?? String(status))})` });
          resolve({ result: "success", output: "service healthy" });
        }),
      );
      stream.end(encodeHealthCheckRequest(service));
    };

    // Like grpc-go's blocking dial: a refused connection is retried until the deadline.
    const dial = () => {
      const s = http2.connect(`http://${addr}`);
      session = s;
      s.once("connect", () => {
        connected = true;
        call(s);
      });
      s.on("error", () => {
        if (connected || done) return;
        s.destroy();
        retry = opts.clock.after(RECONNECT_MS, dial);
      });
    };
    dial();
  });
}
