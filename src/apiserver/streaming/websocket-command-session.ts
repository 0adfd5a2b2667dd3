// exec/attach over WebSocket channels: 0 stdin, 1 stdout, 2 stderr, 3 error (the status), 4 resize.
// v5 adds the client's close signal, so stdin can end while output keeps flowing; under v4 the
// client just closes the connection. channel.k8s.io (v1) carries a plain-text error.
import type { WebSocket } from "ws";
import { ChannelSocket } from "./channel-socket.ts";
import type { CommandOptions } from "./command-options.ts";
import type { CommandSession } from "./command-session.ts";
import { encodeCommandStatus, type CommandStatus } from "./command-status.ts";
import { terminalSizes } from "./terminal-sizes.ts";

export const V5_CHANNEL_PROTOCOL = "v5.channel.k8s.io";
export const V4_CHANNEL_PROTOCOL = "v4.channel.k8s.io";
export const V1_CHANNEL_PROTOCOL = "channel.k8s.io";

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;

/** The best protocol the client offers: v5, else v4, else the original; undefined if none. */
export function chooseCommandProtocol(offered: readonly string[]): string | undefined {
  if (offered.length === 0) return "";
  return [V5_CHANNEL_PROTOCOL, V4_CHANNEL_PROTOCOL, V1_CHANNEL_PROTOCOL].find((p) => offered.includes(p));
}

export function openWebSocketCommandSession(ws: WebSocket, protocol: string, opts: CommandOptions): CommandSession {
  const channels = new ChannelSocket(ws, { closeSignal: protocol === V5_CHANNEL_PROTOCOL });
  const stdin = opts.stdin ? channels.reader(STDIN) : undefined;
  const resize = opts.tty ? channels.reader(RESIZE) : undefined;
  // An empty message on the lowest output channel tells the client the streams are ready.
  channels.send(opts.stdout ? STDOUT : opts.stderr ? STDERR : ERROR, Buffer.alloc(0));
  return {
    signal: channels.signal,
    tty: opts.tty,
    stdin,
    stdout: opts.stdout ? channels.writer(STDOUT) : undefined,
    stderr: opts.stderr ? channels.writer(STDERR) : undefined,
    resize: resize ? terminalSizes(resize) : undefined,
    async finish(status: CommandStatus) {
      const payload = encodeCommandStatus(status, protocol === V5_CHANNEL_PROTOCOL || protocol === V4_CHANNEL_PROTOCOL);
      if (payload.length) await new Promise<void>((resolve) => channels.send(ERROR, payload, () => resolve()));
      await channels.close();
    },
  };
}
