// The runc commands the runtime uses, against one state root. Creation goes through conmon
// (conmon.ts); everything else is a short runc call.
import { execFile } from "node:child_process";
import { startThroughExecFifo } from "./exec-fifo.ts";

export interface RuncState {
  id: string;
  /** "created" | "running" | "paused" | "stopped" */
  status: string;
  pid: number;
  bundle: string;
  annotations?: Record<string, string>;
}

export class RuncError extends Error {
  readonly stderr: string;
  constructor(args: readonly string[], stderr: string) {
    super(`runc ${args.join(" ")}: ${runcMessage(stderr)}`);
    this.name = "RuncError";
    this.stderr = stderr;
  }
}

/** The msg="..." of runc's logrus line, or the text as it is. */
export function runcMessage(stderr: string): string {
  const msgs = [...stderr.matchAll(/msg="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, "$1"));
  return (msgs.at(-1) ?? stderr).trim();
}

export class RuncCli {
  readonly binary: string;
  readonly root: string;

  constructor(opts: { binary?: string; root: string }) {
    this.binary = opts.binary ?? "runc";
    this.root = opts.root;
  }

  run(args: readonly string[], opts: { signal?: AbortSignal } = {}): Promise<string> {
    const full = ["--root", this.root, ...args];
    return new Promise((resolve, reject) => {
      execFile(this.binary, full, { signal: opts.signal, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if (err.name === "AbortError") return reject(err);
        reject(new RuncError(args, stderr || err.message));
      });
    });
  }

  /** The container's state, or undefined when runc does not know it. */
  async state(id: string): Promise<RuncState | undefined> {
    try {
      return JSON.parse(await this.run(["state", id])) as RuncState;
    } catch (e) {
      if (e instanceof RuncError && /does not exist|not exist/.test(e.stderr)) return undefined;
      throw e;
    }
  }

  async list(): Promise<RuncState[]> {
    const out = await this.run(["list", "--format", "json"]);
    return (JSON.parse(out || "null") as RuncState[] | null) ?? [];
  }

  /** Starts a created container; given its init's pid, through its exec FIFO (exec-fifo.ts). */
  async start(id: string, initPid?: number): Promise<void> {
    if (initPid !== undefined && (await startThroughExecFifo(this.root, id, initPid)) === "started") return;
    await this.run(["start", id]);
  }

  /** Sends `signal` ("TERM", "KILL", ...); false when the container no longer runs. */
  async kill(id: string, signal: string): Promise<boolean> {
    try {
      await this.run(["kill", id, signal]);
      return true;
    } catch (e) {
      if (e instanceof RuncError && /not running|does not exist|process already finished|container not running/.test(e.stderr)) return false;
      throw e;
    }
  }

  /** Deletes the container, killing it first when `force`; nothing to do when it is gone. */
  async delete(id: string, force: boolean): Promise<void> {
    try {
      await this.run(["delete", ...(force ? ["--force"] : []), id]);
    } catch (e) {
      if (e instanceof RuncError && /does not exist/.test(e.stderr)) return;
      throw e;
    }
  }
}
