// What the node agent provides to the streaming subresources: run a command in a container,
// attach to its main process, open a connection to a pod port, read container logs. The protocol
// layer (SPDY, WebSocket, HTTP) stays on this side, so a backend only deals in node streams.
import type { Duplex, Readable, Writable } from "node:stream";

export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface ContainerRef extends PodRef {
  container: string;
}

/** A terminal size as kubectl sends it (`{"Width":80,"Height":24}` on the wire). */
export interface TerminalSize {
  width: number;
  height: number;
}

/**
 * The client's side of a process. Each stream is present only when the client asked for it.
 * With `tty` there is no stderr: the terminal's output all goes to stdout. The backend may end
 * stdout and stderr; the protocol layer ends them anyway once the returned promise settles.
 */
export interface ProcessIO {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  tty: boolean;
  /** Terminal size changes (the first is the initial size); only with `tty`. */
  resize?: AsyncIterable<TerminalSize>;
}

export interface StreamingBackend {
  /**
   * Runs `command` in the container and resolves with its exit code. Rejects when the command
   * cannot be started. `signal` aborts when the client went away: the process should be killed.
   */
  exec(target: ContainerRef, command: readonly string[], io: ProcessIO, signal: AbortSignal): Promise<{ exitCode: number }>;
  /** Connects `io` to the container's main process until it exits or `signal` aborts. */
  attach(target: ContainerRef, io: ProcessIO, signal: AbortSignal): Promise<void>;
  /**
   * Opens a TCP connection to `port` inside the pod. The duplex should allow half-close: the
   * client's end of input ends only the writable side.
   */
  portForward(pod: PodRef, port: number, signal: AbortSignal): Promise<Duplex>;
}

/** One line (or line fragment) of container output, as the runtime recorded it. */
export interface LogRecord {
  /** RFC 3339 in UTC with up to nanosecond precision, e.g. 2024-05-01T10:00:00.123456789Z. */
  time: string;
  stream: "stdout" | "stderr";
  /** The text without its line break. */
  line: string | Uint8Array;
  /** True when the runtime split a long line here: no line break follows. */
  partial?: boolean;
}

export interface ContainerLog {
  /** The records on file now, oldest first. */
  read(): AsyncIterable<LogRecord>;
  /**
   * Records written after the last one read() gave, as they arrive; ends when the container is
   * no longer running and everything it wrote was given, or when `signal` aborts.
   */
  follow(signal: AbortSignal): AsyncIterable<LogRecord>;
}

export interface LogBackend {
  /**
   * The log of the container's current instance, or with `previous` of the one before. Called
   * only after the pod status showed the container has (or had) an instance; a StatusError thrown
   * here reaches the client as is.
   */
  openLog(target: ContainerRef, opts: { previous: boolean }): Promise<ContainerLog>;
}
