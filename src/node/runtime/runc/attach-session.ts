// One attach session to a container's main process, as the kubelet's runtimes hold it: output
// from the moment of attaching (read from the container's log), input to the container when its
// spec has `stdin`, and terminal resizes when it has `tty`.
//
// The session ends when the container exits, when the client goes away, or when the client's
// input ends and the container keeps its stdin open (no stdinOnce, or a terminal) — containerd's
// rule. With stdinOnce and no terminal, the end of the input closes the container's stdin and the
// session shows output until the container exits, which is what `echo hi | kubectl run -i -- cat`
// relies on. A container without `stdin` gets no input: the client's is read and dropped.
import type { Readable, Writable } from "node:stream";
import type { ContainerLog, ProcessIO, TerminalSize } from "../../../apiserver/streaming/backend.ts";
import type { AttachInputEnd } from "./attach-input.ts";

export interface AttachSessionOptions {
  log: ContainerLog;
  io: ProcessIO;
  /** The container spec's stdin, stdinOnce and tty. */
  container: { stdin: boolean; stdinOnce: boolean; tty: boolean };
  /** Aborts when the client went away. */
  signal: AbortSignal;
  /** Bridges the client's input to the container until it ends, or `signal` aborts. */
  openInput(input: Readable, signal: AbortSignal): Promise<AttachInputEnd>;
  resize(size: TerminalSize): Promise<void>;
  /** How long a failed input bridge waits for the container's exit to explain it; default 2 s. */
  exitGraceMs?: number;
}

const never = new Promise<never>(() => {});

function write(out: Writable | undefined, chunk: Buffer, signal: AbortSignal): Promise<void> {
  if (!out || out.destroyed || out.writableEnded) return Promise.resolve();
  if (out.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off("drain", done).off("close", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    out.on("drain", done).on("close", done);
    signal.addEventListener("abort", done, { once: true });
  });
}

async function pumpOutput(log: ContainerLog, io: ProcessIO, signal: AbortSignal): Promise<void> {
  for await (const r of log.follow(signal)) {
    const out = io.tty || r.stream === "stdout" ? io.stdout : io.stderr;
    await write(out, Buffer.concat([Buffer.from(r.line), Buffer.from(r.partial ? "" : "\n")]), signal);
  }
}

async function forwardResizes(sizes: AsyncIterable<TerminalSize>, resize: (s: TerminalSize) => Promise<void>, signal: AbortSignal): Promise<void> {
  for await (const size of sizes) {
    if (signal.aborted) return;
    await resize(size).catch(() => {}); // conmon gone: the container exited, and output ends
  }
}

function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Runs the session to its end; rejects when the input bridge failed while the container runs. */
export async function attachSession(o: AttachSessionOptions): Promise<void> {
  const { io, container } = o;
  // Output from now on: everything on file was written before the session.
  for await (const _ of o.log.read());
  const session = new AbortController();
  const stop = () => session.abort();
  o.signal.addEventListener("abort", stop, { once: true });
  if (o.signal.aborted) session.abort();
  const output = pumpOutput(o.log, io, session.signal);
  const settledOutput = output.catch(() => {});
  if (container.tty && io.resize) void forwardResizes(io.resize, o.resize, session.signal).catch(() => {});
  let input: Promise<AttachInputEnd> | undefined;
  if (container.stdin && io.stdin) input = o.openInput(io.stdin, session.signal);
  else io.stdin?.resume();
  const inputEndsSession = !(container.stdinOnce && !container.tty);
  const inputOutcome = input?.then(
    (end) => (end === "input ended" && inputEndsSession ? undefined : never),
    async (err: unknown) => {
      if (await within(settledOutput, o.exitGraceMs ?? 2_000)) return;
      throw err;
    },
  );
  try {
    await Promise.race([output, inputOutcome ?? never]);
  } finally {
    o.signal.removeEventListener("abort", stop);
    session.abort();
    await Promise.allSettled([output, input]);
  }
}
