// Creates a container through conmon, the container monitor CRI-O uses with runc (Debian package
// `conmon`). conmon detaches from us (double fork, new session), runs `runc create`, and then
// stays with the container as its subreaper: it writes the container's stdout and stderr to the
// log file in the CRI format, records the exit code in <exit dir>/<id> and an "oom" file in the
// bundle when the kernel OOM-killed it, and reopens the log when told through the bundle's "ctl"
// FIFO. Containers and their logs therefore outlive ordinal, and a restarted ordinal reads their
// fate from files. We learn the outcome of `runc create` through the sync pipe (fd 3):
// {"data": <pid>} or {"data": -1, "message": "<runc's stderr>"}.
//
// Input reaches the container through conmon's attach socket ("attach" in the bundle, see
// attach-input.ts), as under CRI-O: a terminal takes it always; without one, --stdin gives the
// container a stdin pipe, which conmon closes when an attach client disconnects unless told
// --leave-stdin-open (the Kubernetes stdinOnce: false).
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import type { TerminalSize } from "../../../apiserver/streaming/backend.ts";
import { runcMessage } from "./runc-cli.ts";

export interface ConmonCreate {
  conmon: string;
  runc: string;
  runcRoot: string;
  id: string;
  bundle: string;
  logPath: string;
  exitDir: string;
  socketDir: string;
  terminal: boolean;
  /** The container spec's `stdin`: keep a stdin open for attach sessions. */
  stdin: boolean;
  /** The container spec's `stdinOnce`: close that stdin when the first attach session ends. */
  stdinOnce: boolean;
  signal?: AbortSignal;
}

/** How long an aborted creation still waits for runc create to finish. */
const ABORT_PATIENCE_MS = 10_000;

export class ConmonError extends Error {
  override name = "ConmonError";
}

/** conmon's command line for `opts`. */
export function conmonArgs(opts: Omit<ConmonCreate, "conmon" | "signal">): string[] {
  return [
    "--api-version",
    "--cid", opts.id,
    "--cuuid", opts.id,
    "--name", opts.id,
    "--runtime", opts.runc,
    "--runtime-arg", `--root=${opts.runcRoot}`,
    "--bundle", opts.bundle,
    "--persist-dir", opts.bundle,
    "--exit-dir", opts.exitDir,
    "--socket-dir-path", opts.socketDir,
    "--container-pidfile", join(opts.bundle, "pid"),
    "--conmon-pidfile", join(opts.bundle, "conmon.pid"),
    "--log-path", `k8s-file:${opts.logPath}`,
    ...stdioArgs(opts),
  ];
}

function stdioArgs(opts: { terminal: boolean; stdin: boolean; stdinOnce: boolean }): string[] {
  // A terminal is never closed by a detach (nor by CRI-O or containerd): it takes no --stdin.
  if (opts.terminal) return ["--terminal"];
  if (!opts.stdin) return [];
  return opts.stdinOnce ? ["--stdin"] : ["--stdin", "--leave-stdin-open"];
}

/** Runs `runc create` under a new conmon; resolves with the container's init pid. */
export function conmonCreate(opts: ConmonCreate): Promise<number> {
  const args = conmonArgs(opts);
  return new Promise((resolve, reject) => {
    // cwd is the bundle: older conmons write the "oom" file into their working directory.
    const child = spawn(opts.conmon, args, {
      cwd: opts.bundle,
      detached: true,
      stdio: ["ignore", "ignore", "pipe", "pipe"],
      env: { ...process.env, _OCI_SYNCPIPE: "3", TZ: "UTC" },
    });
    let stderr = "";
    let reply = "";
    let settled = false;
    let patience: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(patience);
      opts.signal?.removeEventListener("abort", onAbort);
      child.stderr!.destroy();
      (child.stdio[3] as NodeJS.ReadableStream & { destroy(): void }).destroy();
      // Cut short, the outcome is still awaited: the caller then removes a settled container,
      // never one that runc is still creating.
      if (opts.signal?.aborted) reject(opts.signal.reason);
      else fn();
    };
    const onAbort = () => {
      patience = setTimeout(() => finish(() => {}), ABORT_PATIENCE_MS);
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const sync = child.stdio[3] as NodeJS.ReadableStream;
    sync.setEncoding("utf8");
    sync.on("data", (d: string) => {
      reply += d;
      const nl = reply.indexOf("\n");
      if (nl < 0) return;
      let msg: { data?: number; pid?: number; message?: string };
      try {
        msg = JSON.parse(reply.slice(0, nl));
      } catch {
        return finish(() => reject(new ConmonError(`conmon: unreadable reply ${JSON.stringify(reply.slice(0, nl))}`)));
      }
      const pid = msg.data ?? msg.pid ?? -1;
      if (pid > 0) finish(() => resolve(pid));
      else finish(() => reject(new ConmonError(runcMessage(msg.message ?? "") || "runc create failed")));
    });
    sync.on("end", () => finish(() => reject(new ConmonError(`conmon exited without creating the container${stderr ? `: ${stderr.trim()}` : ""}`))));
    child.on("error", (e) => finish(() => reject(new ConmonError(`cannot run ${opts.conmon}: ${e.message}`))));
    child.unref();
  });
}

/** Writes one control line to the container's conmon; fails at once when conmon is gone. */
async function writeCtl(bundle: string, line: string): Promise<void> {
  // Non-blocking: opening a FIFO nobody reads fails with ENXIO instead of waiting forever.
  const fifo = await open(join(bundle, "ctl"), constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    await fifo.write(line);
  } finally {
    await fifo.close();
  }
}

/** Asks the container's conmon to reopen its log file (after the file was renamed away). */
export function conmonReopenLog(bundle: string): Promise<void> {
  return writeCtl(bundle, "2 0 0\n");
}

/** Resizes the container's terminal (conmon applies it to the pty it holds). */
export function conmonResize(bundle: string, size: TerminalSize): Promise<void> {
  return writeCtl(bundle, `1 ${size.height} ${size.width}\n`);
}
