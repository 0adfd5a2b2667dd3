// The HTTP side of an upgrade on a raw socket: telling SPDY from WebSocket requests, negotiating
// the stream protocol, and answering with 101 or with an error response.
import type { IncomingMessage } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { StatusError, type Status } from "../../api/status-error.ts";

const PROTOCOL_HEADER = "x-stream-protocol-version";

function headerList(req: IncomingMessage, name: string): string[] {
  const values = req.headersDistinct[name] ?? [];
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

function connectionUpgrade(req: IncomingMessage): boolean {
  return headerList(req, "connection").some((v) => v.toLowerCase() === "upgrade");
}

export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return connectionUpgrade(req) && (req.headers.upgrade ?? "").toLowerCase() === "websocket";
}

export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return connectionUpgrade(req) && (req.headers.upgrade ?? "").toLowerCase().includes("spdy/3.1");
}

/**
 * The first protocol in the client's X-Stream-Protocol-Version list that the server supports
 * (client order, as apimachinery's Handshake). "" when the client sent none: a pre-negotiation
 * client, which gets the oldest protocol. undefined when nothing matches.
 */
export function negotiateStreamProtocol(req: IncomingMessage, supported: readonly string[]): string | undefined {
  const offered = headerList(req, PROTOCOL_HEADER);
  if (offered.length === 0) return "";
  return offered.find((p) => supported.includes(p));
}

/** The WebSocket subprotocols the client offered, in its order. */
export function webSocketProtocols(req: IncomingMessage): string[] {
  return headerList(req, "sec-websocket-protocol");
}

/** Completes a SPDY/3.1 upgrade: from here on the socket carries SPDY frames. */
export function acceptSpdy(socket: Duplex, protocol: string): void {
  const lines = ["HTTP/1.1 101 Switching Protocols", "Connection: Upgrade", "Upgrade: SPDY/3.1"];
  if (protocol) lines.push(`X-Stream-Protocol-Version: ${protocol}`);
  socket.write(`${lines.join("\r\n")}\r\n\r\n`);
}

/** Completes a WebSocket upgrade with the given subprotocol ("" for none). */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): Promise<WebSocket> {
  // ws refuses offers that are not RFC 7230 tokens, and SPDY/3.1+portforward.k8s.io is not one.
  // The protocol is already chosen, so ws only sees a placeholder and answers with the choice.
  if (protocol) req.headers["sec-websocket-protocol"] = "negotiated";
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: () => protocol || false,
  });
  return new Promise((resolve, reject) => {
    // ws answers a malformed handshake itself and closes the socket without calling back.
    socket.once("close", () => reject(new Error("websocket handshake failed")));
    server.handleUpgrade(req, socket, head, resolve);
  });
}

/** The 403 a SPDY client gets when no stream protocol is common, naming the ones we accept. */
export function rejectStreamProtocol(socket: Duplex, req: IncomingMessage, supported: readonly string[]): void {
  const message = `unable to upgrade: unable to negotiate protocol: client supports [${headerList(req, PROTOCOL_HEADER).join(" ")}], server accepts [${supported.join(" ")}]\n`;
  writeResponse(socket, 403, "text/plain; charset=utf-8", message, supported.map((p) => ["X-Accepted-Stream-Protocol-Versions", p]));
}

/** Answers an upgrade request that will not be upgraded with a Status body, then closes. */
export function rejectUpgrade(socket: Duplex, err: unknown): void {
  const status: Status = err instanceof StatusError ? { ...err.status } : StatusError.internal(err instanceof Error ? err.message : String(err)).status;
  if (!(err instanceof StatusError)) console.error("ordinal: streaming upgrade failed:", err);
  if (status.reason === "") delete status.reason;
  writeResponse(socket, status.code, "application/json", JSON.stringify(status), []);
}

function writeResponse(socket: Duplex, code: number, contentType: string, body: string, extra: [string, string][]): void {
  socket.on("error", () => {});
  if (!socket.writable) return void socket.destroy();
  const lines = [
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ""}`,
    `Content-Type: ${contentType}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Cache-Control: no-cache, private",
    "Connection: close",
    ...extra.map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
}
