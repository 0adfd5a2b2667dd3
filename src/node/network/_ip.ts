// Runs iproute2's `ip` without a shell. Several changes go through one `ip -batch -` process:
// a process start costs more than the netlink requests it makes.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

export class IpCommandError extends Error {
  readonly args: readonly string[];
  readonly stderr: string;
  constructor(args: readonly string[], input: string | undefined, stderr: string, code: number | null) {
    const what = input === undefined ? args.join(" ") : `${args.join(" ")} <<${JSON.stringify(input)}`;
    super(`ip ${what}: exit ${code}: ${stderr.trim()}`);
    this.name = "IpCommandError";
    this.args = args;
    this.stderr = stderr;
  }
}

// The agent may run with a PATH that lacks sbin (sudo -E, a user's shell).
const IP_BINARY = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].find((p) => existsSync(p)) ?? "ip";

export interface IpOptions {
  /** Runs inside the named network namespace (`ip -n`). */
  netns?: string;
  input?: string;
  /** Keep going after a failed batch line; the exit code still reports it. */
  force?: boolean;
  /** JSON output (`ip -j`). */
  json?: boolean;
  /** Resolve with stdout even when `ip` fails (cleanup re-checks what is left). */
  ignoreExit?: boolean;
}

export function runIp(args: readonly string[], opts: IpOptions = {}): Promise<string> {
  const full = [...(opts.netns ? ["-n", opts.netns] : []), ...(opts.force ? ["-force"] : []), ...(opts.json ? ["-j"] : []), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(IP_BINARY, full);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      if (code === 0 || opts.ignoreExit) resolve(stdout);
      else reject(new IpCommandError(full, opts.input, Buffer.concat(err).toString("utf8"), code));
    });
    // ip may exit before reading its input; the exit code is the error to report, not EPIPE.
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? "");
  });
}

/** One `ip -batch -` process for all lines; nothing runs when there are none. */
export async function ipBatch(lines: readonly string[], opts: Omit<IpOptions, "input"> = {}): Promise<string> {
  if (lines.length === 0) return "";
  return runIp(["-batch", "-"], { ...opts, input: lines.join("\n") + "\n" });
}
