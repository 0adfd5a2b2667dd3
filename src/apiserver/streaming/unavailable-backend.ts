// The streaming backend of a node whose runtime runs no processes (the sim runtime): every
// request gets a clear 400 instead of hanging.
import type { Duplex } from "node:stream";
import { StatusError } from "../../api/status-error.ts";
import type { ContainerLog, ContainerRef, LogBackend, PodRef, StreamingBackend } from "./backend.ts";

export class UnavailableStreamingBackend implements StreamingBackend, LogBackend {
  readonly #why: string;

  constructor(why: string) {
    this.#why = why;
  }

  #refuse(what: string): never {
    throw StatusError.badRequest(`${what} is not available: ${this.#why}`);
  }

  async exec(_target: ContainerRef): Promise<{ exitCode: number }> {
    this.#refuse("exec");
  }

  async attach(_target: ContainerRef): Promise<void> {
    this.#refuse("attach");
  }

  async portForward(_pod: PodRef): Promise<Duplex> {
    this.#refuse("port-forward");
  }

  async openLog(_target: ContainerRef): Promise<ContainerLog> {
    this.#refuse("logs");
  }
}
