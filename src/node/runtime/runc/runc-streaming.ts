// exec, attach and port-forward into runc containers, for the API server's streaming
// subresources (apiserver/streaming/backend.ts).
//
// attach shows the main process's output from now on, read from its log, as `kubectl attach` to a
// container without stdin does. Input to the main process is not implemented: conmon offers it
// only through a SOCK_SEQPACKET socket, which Node cannot open.
import type { Duplex, Writable } from "node:stream";
import type { ContainerLog, ContainerRef, PodRef, ProcessIO, StreamingBackend } from "../../../apiserver/streaming/backend.ts";
import type { PodRecord } from "./pod-record.ts";
import { podPortForward } from "./port-forward.ts";
import type { RuncCli } from "./runc-cli.ts";
import { runcExec } from "./runc-exec.ts";

export interface RuncStreamingDeps {
  runc: RuncCli;
  /** The running instance of the container, if there is one. */
  find(target: ContainerRef): Promise<{ id: string; bundle: string } | undefined>;
  pod(uid: string): Promise<PodRecord | undefined>;
  /** The current instance's log. */
  logOf(target: ContainerRef): Promise<ContainerLog>;
}

function write(out: Writable | undefined, chunk: Buffer): Promise<void> {
  if (!out || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => (out.write(chunk) ? resolve() : out.once("drain", resolve)));
}

export class RuncStreaming implements StreamingBackend {
  readonly #deps: RuncStreamingDeps;

  constructor(deps: RuncStreamingDeps) {
    this.#deps = deps;
  }

  async exec(target: ContainerRef, command: readonly string[], io: ProcessIO, signal: AbortSignal): Promise<{ exitCode: number }> {
    const c = await this.#deps.find(target);
    if (!c) throw new Error(`container "${target.container}" of pod ${target.namespace}/${target.name} is not running`);
    const exitCode = await runcExec({
      runc: this.#deps.runc.binary,
      root: this.#deps.runc.root,
      id: c.id,
      bundle: c.bundle,
      command,
      tty: io.tty,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.tty ? undefined : io.stderr,
      resize: io.resize,
      signal,
    });
    return { exitCode };
  }

  async attach(target: ContainerRef, io: ProcessIO, signal: AbortSignal): Promise<void> {
    if (!(await this.#deps.find(target))) throw new Error(`container "${target.container}" of pod ${target.namespace}/${target.name} is not running`);
    io.stdin?.resume();
    const log = await this.#deps.logOf(target);
    for await (const r of log.follow(signal)) {
      const out = io.tty || r.stream === "stdout" ? io.stdout : io.stderr;
      await write(out, Buffer.concat([Buffer.from(r.line), Buffer.from(r.partial ? "" : "\n")]));
    }
  }

  async portForward(pod: PodRef, port: number, signal: AbortSignal): Promise<Duplex> {
    const record = await this.#deps.pod(pod.uid);
    if (!record || record.sandbox !== "ready") throw new Error(`pod ${pod.namespace}/${pod.name} has no running sandbox`);
    return podPortForward({ podIP: record.podIP, netnsPath: record.netnsPath, port, signal });
  }
}
