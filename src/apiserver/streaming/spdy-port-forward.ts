// Port-forward over SPDY (plain, or tunnelled through a WebSocket): for every local connection the
// client opens an error stream and a data stream carrying `port` and `requestID` headers; the pair
// is proxied to a connection the backend opens in the pod. Only a failure to connect is reported
// on the error stream: kubectl tears the whole session down on any message there.
import type { Duplex } from "node:stream";
import type { PodRef, StreamingBackend } from "./backend.ts";
import type { SpdyConnection } from "./spdy/connection.ts";
import type { SpdyStream } from "./spdy/stream.ts";

interface StreamPair {
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

export function serveSpdyPortForward(conn: SpdyConnection, pod: PodRef, backend: StreamingBackend, pairTimeoutMs = 30_000): void {
  const abort = new AbortController();
  const pairs = new Map<string, StreamPair>();
  conn.once("close", () => {
    abort.abort();
    for (const pair of pairs.values()) clearTimeout(pair.timer);
  });
  conn.on("stream", (stream) => {
    const type = stream.headers.streamtype;
    const port = portOf(stream);
    if ((type !== "error" && type !== "data") || port === undefined) return stream.reset();
    stream.reply();
    const id = requestId(stream, type);
    let pair = pairs.get(id);
    if (!pair) {
      const timer = setTimeout(() => {
        pairs.delete(id);
        pair!.error?.end(`timed out waiting for streams for request ${id}`);
        pair!.data?.end();
      }, pairTimeoutMs).unref();
      pair = { timer };
      pairs.set(id, pair);
    }
    if (pair[type]) return stream.reset();
    pair[type] = stream;
    if (type === "error") stream.resume();
    if (pair.error && pair.data) {
      clearTimeout(pair.timer);
      pairs.delete(id);
      void forward(pair.data, pair.error, port, pod, backend, abort.signal);
    }
  });
}

function portOf(stream: SpdyStream): number | undefined {
  const text = stream.headers.port ?? "";
  const port = Number(text);
  return /^\d+$/.test(text) && port >= 1 && port <= 65535 ? port : undefined;
}

/** Clients before request ids paired streams by id: error n, data n+2 (the kubelet's fallback). */
function requestId(stream: SpdyStream, type: "error" | "data"): string {
  return stream.headers.requestid ?? String(type === "error" ? stream.id : stream.id - 2);
}

async function forward(data: SpdyStream, error: SpdyStream, port: number, pod: PodRef, backend: StreamingBackend, signal: AbortSignal): Promise<void> {
  let upstream: Duplex;
  try {
    upstream = await backend.portForward(pod, port, signal);
  } catch (err) {
    error.end(`error forwarding port ${port} to pod ${pod.namespace}/${pod.name}, uid ${pod.uid}: ${err instanceof Error ? err.message : String(err)}`);
    data.end();
    return;
  }
  await proxy(data, upstream);
  error.end();
}

/** Copies both ways, half-closing each direction as it ends; resolves once both are over. */
export function proxy(client: Duplex, upstream: Duplex): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      upstream.destroy();
      resolve();
    };
    client.on("error", () => {});
    upstream.on("error", () => {});
    client.pipe(upstream);
    upstream.pipe(client);
    // The upstream gone (even by a reset): finish the client's direction, then we are done.
    upstream.once("close", () => (client.destroyed ? settle() : client.end(() => settle())));
    // The client gone (RST_STREAM, lost connection): nothing more to deliver.
    client.once("close", settle);
    if (client.destroyed) settle();
  });
}
