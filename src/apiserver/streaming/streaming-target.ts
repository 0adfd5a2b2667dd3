// Which pod streaming subresource a request addresses. Kept apart from the handlers so the API
// server can route without loading the protocol code (and the WebSocket library) until a client
// first asks for exec, attach, port-forward or logs.
import type { IncomingMessage } from "node:http";

export type StreamingSubresource = "exec" | "attach" | "portforward" | "log";

export interface StreamingTarget {
  subresource: StreamingSubresource;
  namespace: string;
  name: string;
}

const STREAMING_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward|log)\/?$/;

/**
 * The pod streaming subresource a request addresses, if any. Also the test for the server's
 * `shouldUpgradeCallback`: only these requests are upgraded, any other Upgrade header is ignored.
 */
export function streamingTarget(req: IncomingMessage): StreamingTarget | undefined {
  const m = STREAMING_PATH.exec(new URL(req.url ?? "/", "https://localhost").pathname);
  if (!m) return undefined;
  return { subresource: m[3] as StreamingSubresource, namespace: decodeURIComponent(m[1]), name: decodeURIComponent(m[2]) };
}
