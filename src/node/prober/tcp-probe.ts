// The tcpSocket probe: success when a TCP connection opens within the timeout. The connection is
// closed at once; nothing is sent.
import { connect } from "node:net";
import type { TimerClock } from "../clock.ts";
import { goNetError, joinHostPort } from "./_go-net-error.ts";
import type { ProbeOutcome } from "./probe-target.ts";

export interface TcpProbeOptions {
  clock: TimerClock;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Dials host:port; resolves with upstream's failure text, rejects only when `signal` aborts. */
export function tcpProbe(host: string, port: number, opts: TcpProbeOptions): Promise<ProbeOutcome> {
  const hostPort = joinHostPort(host, port);
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    let done = false;
    const socket = connect({ host, port });
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      timer.cancel();
      opts.signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      outcome();
    };
    const onAbort = () => finish(() => reject(opts.signal!.reason));
    const timer = opts.clock.after(opts.timeoutMs, () => finish(() => resolve({ result: "failure", output: `dial tcp ${hostPort}: i/o timeout` })));
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => finish(() => resolve({ result: "success", output: "" })));
    socket.once("error", (e) => finish(() => resolve({ result: "failure", output: goNetError(e, host, hostPort) })));
  });
}
