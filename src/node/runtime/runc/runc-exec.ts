// Runs a command in a running container with `runc exec`, which takes the container's user, env,
// working directory, capabilities and cgroup from its config.json. Without a terminal the
// process's stdio are pipes to us. With one, runc must itself sit on a terminal to relay the
// container's (runc exec -t receives the new pty and copies between the two), so it runs under
// script(1) from util-linux, which gives it one; a resize is applied to that outer terminal
// with stty(1), and runc passes it on. The terminal's first size is also the new pty's
// consoleSize (runc -p process.json), so that the command never sees a 0x0 terminal. runc's own
// messages go to a log file, so the command's stderr is only the command's, and a command that
// cannot be started is an error, not output.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { readFileSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable, type Readable } from "node:stream";
import type { TerminalSize } from "../../../apiserver/streaming/backend.ts";
import { mergeEnv } from "./oci-spec.ts";
import type { OciProcess, OciSpec } from "./oci-types.ts";
import { runcMessage } from "./runc-cli.ts";

export interface ExecOptions {
  runc: string;
  root: string;
  id: string;
  /** The container's bundle: with a terminal, the process is described from its config.json. */
  bundle?: string;
  command: readonly string[];
  tty: boolean;
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  resize?: AsyncIterable<TerminalSize>;
  /** Aborting kills the process in the container. */
  signal: AbortSignal;
}

/** The command could not be started in the container (runc exec failed); `message` is runc's. */
export class ExecError extends Error {
  override name = "ExecError";
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The pty script(1) gave its child, found through the child's stdin. */
function terminalOf(scriptPid: number): string | undefined {
  try {
    const child = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, "utf8").trim().split(/\s+/)[0];
    return child ? readlinkSync(`/proc/${child}/fd/0`) : undefined;
  } catch {
    return undefined;
  }
}

function stty(tty: string, size: TerminalSize): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn("stty", ["-F", tty, "rows", String(size.height), "cols", String(size.width)], { stdio: "ignore" });
    p.once("error", () => resolve());
    p.once("close", () => resolve());
  });
}

const FIRST_SIZE_WAIT_MS = 500;

/** kubectl sends the terminal's size right after connecting: waits briefly for it, so the command starts at that size. */
async function firstSize(next: Promise<IteratorResult<TerminalSize>>): Promise<{ size?: TerminalSize; taken: boolean }> {
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), FIRST_SIZE_WAIT_MS).unref());
  const r = await Promise.race([next, timeout]);
  if (r === "timeout") return { taken: false };
  return { size: r.done ? undefined : r.value, taken: true };
}

/** The container's process with the command, a terminal of `size` and TERM, as a runc process.json. */
async function writeTtyProcess(o: ExecOptions, scratch: string, size: TerminalSize | undefined): Promise<string> {
  if (!o.bundle) throw new ExecError("a terminal needs the container's bundle");
  const base = (JSON.parse(await readFile(join(o.bundle, "config.json"), "utf8")) as OciSpec).process;
  const process: OciProcess & { consoleSize?: { height: number; width: number } } = {
    ...base,
    args: [...o.command],
    terminal: true,
    env: mergeEnv(base.env, ["TERM=xterm"]),
    ...(size ? { consoleSize: { height: size.height, width: size.width } } : {}),
  };
  const file = join(scratch, "process.json");
  await writeFile(file, JSON.stringify(process));
  return file;
}

/** Resolves with the exit code; rejects with ExecError when runc could not start the command. */
export async function runcExec(o: ExecOptions): Promise<number> {
  if (o.command.length === 0) throw new ExecError("no command given");
  const scratch = await mkdtemp(join(tmpdir(), "ordinal-exec-"));
  const logFile = join(scratch, "runc.log");
  const pidFile = join(scratch, "pid");
  const global = ["--root", o.root, "--log", logFile, "--log-format", "text"];
  try {
    const iterator = o.tty ? o.resize?.[Symbol.asyncIterator]() : undefined;
    let pending = iterator?.next();
    let size: TerminalSize | undefined;
    if (pending) {
      const first = await firstSize(pending);
      size = first.size;
      if (first.taken) pending = undefined;
    }
    const runcArgs = o.tty
      ? [...global, "exec", "--tty", "--pid-file", pidFile, "--process", await writeTtyProcess(o, scratch, size), o.id]
      : [...global, "exec", "--pid-file", pidFile, o.id, ...o.command];
    const child = o.tty
      ? spawn("script", ["-q", "-e", "-c", `${size ? `stty rows ${size.height} cols ${size.width}; ` : ""}exec ${[o.runc, ...runcArgs].map(quote).join(" ")}`, "/dev/null"], {
          stdio: ["pipe", "pipe", "ignore"],
          env: { ...process.env, SHELL: "/bin/sh" },
        })
      : spawn(o.runc, runcArgs, { stdio: ["pipe", "pipe", "pipe"] });
    child.stdin!.on("error", () => {});
    if (o.stdin) o.stdin.pipe(child.stdin!);
    else if (!o.tty) child.stdin!.end();
    if (o.stdout) child.stdout!.pipe(o.stdout, { end: false });
    else child.stdout!.resume();
    if (child.stderr) {
      if (o.stderr) child.stderr.pipe(o.stderr, { end: false });
      else child.stderr.resume();
    }
    if (iterator) {
      void (async () => {
        for (let r = await (pending ?? iterator.next()); !r.done; r = await iterator.next()) {
          const tty = terminalOf(child.pid!);
          if (tty) await stty(tty, r.value);
        }
      })().catch(() => {});
    }
    const onAbort = async () => {
      // Killing runc would orphan the process in the container: kill the process itself.
      try {
        process.kill(Number((await readFile(pidFile, "utf8")).trim()), "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    o.signal.addEventListener("abort", onAbort, { once: true });
    const code = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (c, sig) => resolve(c ?? 128 + (sig === "SIGKILL" ? 9 : 15)));
    });
    o.signal.removeEventListener("abort", onAbort);
    o.stdin?.unpipe(child.stdin!);
    if (code === 255) {
      const log = await readFile(logFile, "utf8").catch(() => "");
      if (/level=(error|fatal)/.test(log)) throw new ExecError(runcMessage(log));
    }
    return code;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Runs a command to completion and collects its output, as CRI's ExecSync does for exec probes. */
export async function runcExecSync(o: Omit<ExecOptions, "stdout" | "stderr" | "stdin" | "tty" | "resize">, maxBytes: number): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const collect = () => {
    const chunks: Buffer[] = [];
    let size = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
        if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
        size += chunk.length;
        cb();
      },
    });
    return { sink, text: () => Buffer.concat(chunks).toString("utf8") };
  };
  const out = collect();
  const err = collect();
  const exitCode = await runcExec({ ...o, tty: false, stdout: out.sink, stderr: err.sink });
  return { exitCode, stdout: out.text(), stderr: err.text() };
}
