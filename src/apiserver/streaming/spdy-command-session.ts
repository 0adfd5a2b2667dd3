// exec/attach over SPDY: the client opens one stream per channel, each naming its `streamType`
// (error, stdin, stdout, stderr, resize). The session starts once every stream the options call
// for is there, as the kubelet's waitForStreams does.
import type { CommandOptions } from "./command-options.ts";
import type { CommandSession } from "./command-session.ts";
import { encodeCommandStatus, type CommandStatus } from "./command-status.ts";
import type { SpdyConnection } from "./spdy/connection.ts";
import type { SpdyStream } from "./spdy/stream.ts";
import { terminalSizes } from "./terminal-sizes.ts";

/** Server preference does not matter: the client's first supported protocol wins. */
export const SPDY_COMMAND_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

const STREAM_TYPES = ["error", "stdin", "stdout", "stderr", "resize"] as const;
type StreamType = (typeof STREAM_TYPES)[number];

/** The protocol generation: 4 for v4 and v5 (SPDY has no close signal to differ in), 1 for none. */
function generation(protocol: string): number {
  const m = /^v(\d)\./.exec(protocol);
  return m ? Math.min(Number(m[1]), 4) : 1;
}

export function openSpdyCommandSession(conn: SpdyConnection, protocol: string, opts: CommandOptions, timeoutMs = 30_000): Promise<CommandSession | undefined> {
  const version = generation(protocol);
  const resize = opts.tty && version >= 3;
  const expected = 1 + Number(opts.stdin) + Number(opts.stdout) + Number(opts.stderr) + Number(resize);
  const streams = new Map<StreamType, SpdyStream>();
  const abort = new AbortController();
  conn.once("close", () => abort.abort());

  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      conn.off("stream", onStream);
      conn.destroy();
      resolve(undefined);
    }, timeoutMs).unref();
    const onStream = (stream: SpdyStream) => {
      const type = stream.headers.streamtype as StreamType;
      if (!STREAM_TYPES.includes(type) || streams.has(type)) return stream.reset();
      stream.reply();
      streams.set(type, stream);
      if (streams.size < expected) return;
      clearTimeout(timer);
      conn.off("stream", onStream);
      resolve(session(conn, streams, opts, version, abort.signal));
    };
    conn.on("stream", onStream);
    conn.once("close", () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

function session(conn: SpdyConnection, streams: Map<StreamType, SpdyStream>, opts: CommandOptions, version: number, signal: AbortSignal): CommandSession {
  const errorStream = streams.get("error");
  const resizeStream = streams.get("resize");
  // The client never writes on the error stream; reading it lets its FIN settle the stream.
  errorStream?.resume();
  return {
    signal,
    tty: opts.tty,
    stdin: opts.stdin ? streams.get("stdin") : undefined,
    stdout: opts.stdout ? streams.get("stdout") : undefined,
    stderr: opts.stderr ? streams.get("stderr") : undefined,
    resize: resizeStream ? terminalSizes(resizeStream) : undefined,
    async finish(status: CommandStatus) {
      for (const stream of [streams.get("stdin"), resizeStream]) stream?.end();
      if (errorStream && !errorStream.destroyed) {
        const payload = encodeCommandStatus(status, version >= 4);
        await new Promise<void>((resolve) => errorStream.end(payload, () => resolve()));
      }
      conn.end();
    },
  };
}
