// pods/portforward on an upgrade request. kubectl 1.20 speaks SPDY/3.1 on the socket; kubectl
// 1.32+ first asks for a WebSocket whose binary messages carry that same SPDY byte stream
// (`SPDY/3.1+portforward.k8s.io`); client-node uses WebSocket channels with ports in the query.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { createWebSocketStream } from "ws";
import type { KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import type { StreamingBackend } from "./backend.ts";
import { ChannelSocket } from "./channel-socket.ts";
import { forwardedPorts, serveChannelPortForward } from "./channel-port-forward.ts";
import { podRef, requireScheduled } from "./pod-target.ts";
import { SpdyConnection } from "./spdy/connection.ts";
import { serveSpdyPortForward } from "./spdy-port-forward.ts";
import { acceptSpdy, acceptWebSocket, isSpdyUpgrade, isWebSocketUpgrade, negotiateStreamProtocol, rejectStreamProtocol, webSocketProtocols } from "./upgrade.ts";

export const PORT_FORWARD_PROTOCOL = "portforward.k8s.io";
export const SPDY_TUNNEL_PROTOCOL = "SPDY/3.1+portforward.k8s.io";
const CHANNEL_PROTOCOLS = ["v4.channel.k8s.io", "channel.k8s.io"];

export interface PortForwardRequest {
  pod: KubeObject;
  query: URLSearchParams;
  backend: StreamingBackend;
}

/**
 * Serves one port-forward session. Throws a StatusError only before anything was written to the
 * socket; resolves once the session is set up (forwarding goes on until the client leaves).
 */
export async function servePortForward(req: IncomingMessage, socket: Duplex, head: Buffer, r: PortForwardRequest): Promise<void> {
  requireScheduled(r.pod);
  const pod = podRef(r.pod);
  if (isWebSocketUpgrade(req)) {
    const offered = webSocketProtocols(req);
    if (offered.includes(SPDY_TUNNEL_PROTOCOL)) {
      const ws = await acceptWebSocket(req, socket, head, SPDY_TUNNEL_PROTOCOL).catch(() => undefined);
      if (ws) serveSpdyPortForward(new SpdyConnection(createWebSocketStream(ws), { role: "server" }), pod, r.backend);
      return;
    }
    const ports = forwardedPorts(r.query);
    const protocol = offered.length === 0 ? "" : CHANNEL_PROTOCOLS.find((p) => offered.includes(p));
    if (protocol === undefined) {
      throw new StatusError(403, "Forbidden", `requested protocol(s) are not supported: [${offered.join(" ")}]; supports [${[SPDY_TUNNEL_PROTOCOL, ...CHANNEL_PROTOCOLS].join(" ")}]`);
    }
    const ws = await acceptWebSocket(req, socket, head, protocol).catch(() => undefined);
    if (ws) void serveChannelPortForward(new ChannelSocket(ws, { closeSignal: false }), pod, ports, r.backend).catch((err) => console.error("ordinal: port-forward session failed:", err));
    return;
  }
  if (!isSpdyUpgrade(req)) throw StatusError.badRequest("unable to upgrade: missing upgrade headers in request");
  const protocol = negotiateStreamProtocol(req, [PORT_FORWARD_PROTOCOL]);
  if (protocol === undefined) return rejectStreamProtocol(socket, req, [PORT_FORWARD_PROTOCOL]);
  acceptSpdy(socket, protocol);
  serveSpdyPortForward(new SpdyConnection(socket, { role: "server", head }), pod, r.backend);
}
