// The input half of an attach session: the client's stdin, written to the container's main
// process through conmon's attach socket. That socket is SOCK_SEQPACKET, which Node cannot open,
// so socat(1) (Debian package `socat`) bridges a pipe to it. conmon also sends the container's
// output to every attach client, one packet per read, and its writes to a full socket block it:
// socat reads them away into /dev/null (the session shows the output from the log instead, where
// it needs no packet framing).
//
// socat ends by itself when the client's input ends (it shuts the socket's sending side down,
// and conmon then closes a stdinOnce container's stdin) and when conmon closes the socket (the
// container exited); killing it is a disconnect, which closes that stdin too. If ordinal dies,
// socat sees its input end: no bridge outlives its session by more than socat's half-second wait.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import type { Readable } from "node:stream";

/** SOCK_SEQPACKET on Linux. */
const SEQPACKET = 5;

/**
 * The socket is named relative to the bundle, socat's working directory: its absolute path is
 * longer than a socket address may be (conmon binds it through /proc/self/fd for that reason).
 */
export const SOCAT_ARGS: readonly string[] = ["-", `UNIX-CONNECT:attach,socktype=${SEQPACKET}`];

/** How the bridge ended: the client's input was passed on to its end, or conmon closed the socket. */
export type AttachInputEnd = "input ended" | "socket closed" | "aborted";

export interface AttachInputOptions {
  socat: string;
  /** The container's bundle, where conmon listens on "attach". */
  bundle: string;
  input: Readable;
  /** Aborting disconnects: socat is killed. */
  signal: AbortSignal;
  spawn?: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
}

/** The bridge could not connect or failed; the message is socat's. */
export class AttachInputError extends Error {
  override name = "AttachInputError";
}

/** Connects `input` to the container until one of the ends in AttachInputEnd. */
export function attachInput(o: AttachInputOptions): Promise<AttachInputEnd> {
  if (o.signal.aborted) return Promise.resolve("aborted");
  const child = (o.spawn ?? nodeSpawn)(o.socat, SOCAT_ARGS, { cwd: o.bundle, stdio: ["pipe", "ignore", "pipe"] });
  let inputEnded = o.input.readableEnded;
  const onEnd = () => (inputEnded = true);
  o.input.once("end", onEnd);
  child.stdin!.on("error", () => {}); // socat gone: its exit tells why
  o.input.pipe(child.stdin!);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d).length > 4096 && (stderr = stderr.slice(-4096)));
  const onAbort = () => child.kill("SIGTERM");
  o.signal.addEventListener("abort", onAbort, { once: true });
  return new Promise<AttachInputEnd>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      o.signal.removeEventListener("abort", onAbort);
      o.input.off("end", onEnd);
      o.input.unpipe(child.stdin!);
      fn();
    };
    child.once("error", (e) => settle(() => reject(new AttachInputError(`cannot run ${o.socat}: ${e.message}`))));
    child.once("close", (code) => {
      settle(() => {
        if (o.signal.aborted) resolve("aborted");
        else if (code === 0) resolve(inputEnded ? "input ended" : "socket closed");
        else reject(new AttachInputError(`attaching to the container's input: ${socatMessage(stderr) || `socat exited with ${code}`}`));
      });
    });
  });
}

/** The text of socat's last error line, e.g. "connect(5, AF=1 \"attach\", 8): Connection refused". */
function socatMessage(stderr: string): string {
  const line = stderr.trim().split("\n").at(-1) ?? "";
  return line.replace(/^.*? socat\[\d+\] [EFW] /, "");
}
