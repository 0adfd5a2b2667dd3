// A remote command's streams once the transport (SPDY or WebSocket) is set up, and the run that
// connects them to the backend and ends with the status on the error stream.
import { finished } from "node:stream/promises";
import type { Writable } from "node:stream";
import type { ContainerRef, ProcessIO, StreamingBackend } from "./backend.ts";
import { commandExited, commandFailed, commandSucceeded, type CommandStatus } from "./command-status.ts";

export interface CommandSession extends ProcessIO {
  /** Aborts when the client disconnected. */
  readonly signal: AbortSignal;
  /** Sends the status on the error stream and closes the session. */
  finish(status: CommandStatus): Promise<void>;
}

export interface CommandRequest {
  kind: "exec" | "attach";
  target: ContainerRef;
  command: readonly string[];
}

export async function runCommand(session: CommandSession, request: CommandRequest, backend: StreamingBackend): Promise<void> {
  const io: ProcessIO = { stdin: session.stdin, stdout: session.stdout, stderr: session.stderr, tty: session.tty, resize: session.resize };
  // A failing stream ends with the session; unheard, its 'error' event would end the process.
  for (const stream of [io.stdin, io.stdout, io.stderr]) stream?.on("error", () => {});
  let status: CommandStatus;
  try {
    if (request.kind === "exec") {
      const { exitCode } = await backend.exec(request.target, request.command, io, session.signal);
      status = commandExited(request.command, exitCode);
    } else {
      await backend.attach(request.target, io, session.signal);
      status = commandSucceeded();
    }
  } catch (err) {
    if (session.signal.aborted) return;
    status = commandFailed(err);
  }
  // Output reaches the client before the status: kubectl reads stdout and stderr to their end first.
  await Promise.all([endOutput(session.stdout), endOutput(session.stderr)]);
  session.stdin?.resume();
  await session.finish(status);
}

async function endOutput(stream: Writable | undefined): Promise<void> {
  if (!stream || stream.destroyed) return;
  stream.end();
  await finished(stream, { readable: false }).catch(() => {});
}
