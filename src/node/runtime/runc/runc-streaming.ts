// exec, attach and port-forward into runc containers, for the API server's streaming
// subresources (apiserver/streaming/backend.ts).
//
// attach (attach-session.ts) shows the main process's output from now on, read from its log, and
// passes input to it through conmon's attach socket (attach-input.ts), as the container's spec
// allows.
import type { Duplex } from "node:stream";
import type { ContainerLog, ContainerRef, PodRef, ProcessIO, StreamingBackend } from "../../../apiserver/streaming/backend.ts";
import { attachInput } from "./attach-input.ts";
import { attachSession } from "./attach-session.ts";
import { conmonResize } from "./conmon.ts";
import { findBinary } from "./find-binary.ts";
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
  /** socat, which bridges input to conmon's attach socket; found on PATH when first needed. */
  socat?: string;
}

export class RuncStreaming implements StreamingBackend {
  readonly #deps: RuncStreamingDeps;
  #socat: string | undefined;

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
    const c = await this.#deps.find(target);
    if (!c) throw new Error(`container "${target.container}" of pod ${target.namespace}/${target.name} is not running`);
    const spec = (await this.#deps.pod(target.uid))?.containers.find((r) => r.id === c.id)?.spec ?? {};
    const container = { stdin: spec.stdin === true, stdinOnce: spec.stdinOnce === true, tty: spec.tty === true };
    const socat = container.stdin && io.stdin ? (this.#socat ??= this.#deps.socat ?? findBinary("socat")) : "";
    await attachSession({
      log: await this.#deps.logOf(target),
      io,
      container,
      signal,
      openInput: (input, session) => attachInput({ socat, bundle: c.bundle, input, signal: session }),
      resize: (size) => conmonResize(c.bundle, size),
    });
  }

  async portForward(pod: PodRef, port: number, signal: AbortSignal): Promise<Duplex> {
    const record = await this.#deps.pod(pod.uid);
    if (!record || record.sandbox !== "ready") throw new Error(`pod ${pod.namespace}/${pod.name} has no running sandbox`);
    return podPortForward({ podIP: record.podIP, netnsPath: record.netnsPath, port, signal });
  }
}
