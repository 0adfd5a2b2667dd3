// Entry points for the pod subresources that stream: exec, attach and portforward arrive as HTTP
// upgrades (the server's 'upgrade' event), log as an ordinary GET.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import type { LogBackend, StreamingBackend } from "./backend.ts";
import { servePodLog } from "./logs.ts";
import { servePortForward } from "./port-forward.ts";
import { serveRemoteCommand } from "./remote-command.ts";
import { rejectUpgrade } from "./upgrade.ts";

export { streamingTarget, type StreamingSubresource, type StreamingTarget } from "./streaming-target.ts";
import type { StreamingTarget } from "./streaming-target.ts";

export interface StreamingDeps {
  /** The pod as stored; throws a NotFound StatusError when there is none. */
  getPod(namespace: string, name: string): KubeObject | Promise<KubeObject>;
  backend: StreamingBackend;
  logs: LogBackend;
  now?: () => Date;
  /** Aborted at server shutdown: open exec, attach and port-forward sessions are cut. */
  shutdown?: AbortSignal;
}

/**
 * Serves an upgrade request for exec, attach or portforward on the raw socket. Never throws:
 * errors before the upgrade are answered as HTTP Status responses on the socket.
 */
export async function handleStreamingUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: StreamingTarget, deps: StreamingDeps): Promise<void> {
  socket.on("error", () => {});
  // Upgraded sockets leave the HTTP server's bookkeeping, so shutdown has to reach them here.
  const cut = () => socket.destroy();
  deps.shutdown?.addEventListener("abort", cut, { once: true });
  socket.once("close", () => deps.shutdown?.removeEventListener("abort", cut));
  // Keystrokes and prompts are small writes that must not wait for Nagle's algorithm.
  if (socket instanceof Socket) socket.setNoDelay(true);
  try {
    const query = new URL(req.url ?? "/", "https://localhost").searchParams;
    if (target.subresource === "log") throw StatusError.badRequest("pods/log does not support upgrading the connection");
    if (req.method !== "GET" && req.method !== "POST") throw StatusError.methodNotAllowed();
    const pod = await deps.getPod(target.namespace, target.name);
    if (target.subresource === "portforward") await servePortForward(req, socket, head, { pod, query, backend: deps.backend });
    else await serveRemoteCommand(req, socket, head, { kind: target.subresource, pod, query, backend: deps.backend });
  } catch (err) {
    rejectUpgrade(socket, err);
  }
}

/**
 * Serves an ordinary request to a streaming subresource: pods/log streams the container log;
 * the others need a protocol upgrade. Throws StatusErrors for the server's error handler.
 */
export async function handleStreamingRequest(req: IncomingMessage, res: ServerResponse, target: StreamingTarget, deps: StreamingDeps): Promise<void> {
  if (target.subresource !== "log") throw StatusError.badRequest("Upgrade request required");
  if (req.method !== "GET") throw StatusError.methodNotAllowed();
  const query = new URL(req.url ?? "/", "https://localhost").searchParams;
  const pod = await deps.getPod(target.namespace, target.name);
  await servePodLog(res, { pod, query, logs: deps.logs, now: deps.now ?? (() => new Date()) });
}
