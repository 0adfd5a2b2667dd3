// pods/exec and pods/attach on an upgrade request: kubectl 1.20 (and later ones falling back) use
// SPDY/3.1, kubectl 1.32+ and client-node WebSocket channels (v5, v4 or the original).
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import type { StreamingBackend } from "./backend.ts";
import { commandOptions } from "./command-options.ts";
import { runCommand } from "./command-session.ts";
import { requireRunning, requireScheduled, resolveContainer } from "./pod-target.ts";
import { SpdyConnection } from "./spdy/connection.ts";
import { openSpdyCommandSession, SPDY_COMMAND_PROTOCOLS } from "./spdy-command-session.ts";
import { acceptSpdy, acceptWebSocket, isSpdyUpgrade, isWebSocketUpgrade, negotiateStreamProtocol, rejectStreamProtocol, webSocketProtocols } from "./upgrade.ts";
import { chooseCommandProtocol, openWebSocketCommandSession, V1_CHANNEL_PROTOCOL, V4_CHANNEL_PROTOCOL, V5_CHANNEL_PROTOCOL } from "./websocket-command-session.ts";

export interface RemoteCommandRequest {
  kind: "exec" | "attach";
  pod: KubeObject;
  query: URLSearchParams;
  backend: StreamingBackend;
}

/**
 * Starts one exec or attach session. Throws a StatusError only before anything was written to
 * the socket, so the caller can answer with it; once upgraded, errors go to the error stream.
 * Resolves when the session has started.
 */
export async function serveRemoteCommand(req: IncomingMessage, socket: Duplex, head: Buffer, r: RemoteCommandRequest): Promise<void> {
  const opts = commandOptions(r.query, r.kind);
  const target = resolveContainer(r.pod, opts.container);
  requireScheduled(r.pod);
  requireRunning(r.pod, target);
  const request = { kind: r.kind, target, command: opts.command };

  if (isWebSocketUpgrade(req)) {
    const offered = webSocketProtocols(req);
    const protocol = chooseCommandProtocol(offered);
    if (protocol === undefined) {
      const supported = [V5_CHANNEL_PROTOCOL, V4_CHANNEL_PROTOCOL, V1_CHANNEL_PROTOCOL];
      throw new StatusError(403, "Forbidden", `requested protocol(s) are not supported: [${offered.join(" ")}]; supports [${supported.join(" ")}]`);
    }
    const ws = await acceptWebSocket(req, socket, head, protocol).catch(() => undefined);
    if (ws) void runCommand(openWebSocketCommandSession(ws, protocol, opts), request, r.backend).catch(unexpected);
    return;
  }
  if (!isSpdyUpgrade(req)) throw StatusError.badRequest("unable to upgrade: missing upgrade headers in request");
  const protocol = negotiateStreamProtocol(req, SPDY_COMMAND_PROTOCOLS);
  if (protocol === undefined) return rejectStreamProtocol(socket, req, SPDY_COMMAND_PROTOCOLS);
  acceptSpdy(socket, protocol);
  void openSpdyCommandSession(new SpdyConnection(socket, { role: "server", head }), protocol, opts)
    .then((session) => session && runCommand(session, request, r.backend))
    .catch(unexpected);
}

function unexpected(err: unknown): void {
  console.error("ordinal: remote command session failed:", err);
}
