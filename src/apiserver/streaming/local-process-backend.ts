// A StreamingBackend for tests: "containers" are processes on this host and pod ports are local
// TCP ports. No terminal is allocated; with tty the process's stderr joins stdout.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { constants } from "node:os";
import type { Duplex } from "node:stream";
import type { ContainerRef, PodRef, ProcessIO, StreamingBackend } from "./backend.ts";

export interface LocalProcessBackendOptions {
  /** Where a pod port is forwarded on 127.0.0.1; ports not listed go to the same number. */
  ports?: Record<number, number>;
  /** What attach connects to: a process started per attach, standing in for the main process. */
  attachCommand?: readonly string[];
}

export class LocalProcessBackend implements StreamingBackend {
  readonly #opts: LocalProcessBackendOptions;
  /** Every exec and attach, for assertions: `<namespace>/<pod>/<container>: <command>`. */
  readonly calls: string[] = [];

  constructor(opts: LocalProcessBackendOptions = {}) {
    this.#opts = opts;
  }

  async exec(target: ContainerRef, command: readonly string[], io: ProcessIO, signal: AbortSignal): Promise<{ exitCode: number }> {
    this.calls.push(`${target.namespace}/${target.name}/${target.container}: ${command.join(" ")}`);
    return { exitCode: await run(command, io, signal) };
  }

  async attach(target: ContainerRef, io: ProcessIO, signal: AbortSignal): Promise<void> {
    this.calls.push(`${target.namespace}/${target.name}/${target.container}: attach`);
    await run(this.#opts.attachCommand ?? ["cat"], io, signal);
  }

  portForward(_pod: PodRef, port: number, signal: AbortSignal): Promise<Duplex> {
    const socket = connect({ host: "127.0.0.1", port: this.#opts.ports?.[port] ?? port, allowHalfOpen: true });
    const onAbort = () => socket.destroy();
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("close", () => signal.removeEventListener("abort", onAbort));
    return new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("error", reject);
    });
  }
}

function run(command: readonly string[], io: ProcessIO, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    if (command.length === 0) return reject(new Error("no command given"));
    const child = spawn(command[0], command.slice(1), { stdio: ["pipe", "pipe", "pipe"], signal, killSignal: "SIGKILL" });
    child.stdin.on("error", () => {});
    if (io.stdin) io.stdin.pipe(child.stdin);
    else child.stdin.end();
    if (io.stdout) child.stdout.pipe(io.stdout, { end: false });
    else child.stdout.resume();
    const errOut = io.tty ? io.stdout : io.stderr;
    if (errOut) child.stderr.pipe(errOut, { end: false });
    else child.stderr.resume();
    child.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") reject(new Error(`exec: "${command[0]}": executable file not found in $PATH`));
      else if (err.name !== "AbortError") reject(err);
    });
    child.once("close", (code, sig) => {
      io.stdin?.unpipe(child.stdin);
      resolve(code ?? 128 + (sig ? constants.signals[sig] : 0));
    });
  });
}
