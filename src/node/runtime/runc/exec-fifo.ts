// Starting a created container the way `runc start` does, without starting runc (a Go process,
// ~10 ms and a fork of this process on every container start). After `runc create`, runc's init
// waits in the container to open <runc root>/<id>/exec.fifo for writing; once a reader has it
// open, init writes one byte and execs the container's process. `runc start` reads that byte and
// removes the FIFO, which is how runc tells a "created" container from a "running" one. We do the
// same. A missing FIFO (not in "created", or a runc that works otherwise) leaves it to `runc start`.
import { constants, openSync, readFileSync } from "node:fs";
import { unlink } from "node:fs/promises";
import { Socket } from "node:net";
import { join } from "node:path";

const INIT_CHECK_MS = 100;

export class InitGoneError extends Error {
  override name = "InitGoneError";
}

/**
 * Lets the created container `id` run; "no-fifo" when it has no exec FIFO. Throws InitGoneError
 * when its init process died before it could start (as `runc start` does, it looks every 100 ms).
 */
export async function startThroughExecFifo(runcRoot: string, id: string, initPid: number): Promise<"started" | "no-fifo"> {
  const fifo = join(runcRoot, id, "exec.fifo");
  let fd: number;
  try {
    // Read-write, so that the open never waits and the FIFO never reads as ended while init has
    // not opened it yet; non-blocking, for the event loop.
    fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "no-fifo";
    throw e;
  }
  const socket = new Socket({ fd, readable: true, writable: false });
  try {
    await new Promise<void>((resolve, reject) => {
      const finish = (e?: Error) => {
        clearInterval(check);
        if (e) reject(e);
        else resolve();
      };
      const check = setInterval(() => {
        if (!running(initPid)) finish(new InitGoneError(`container process ${initPid} is already dead`));
      }, INIT_CHECK_MS);
      socket.once("data", () => finish());
      socket.once("error", finish);
    });
  } finally {
    socket.destroy();
  }
  await unlink(fifo);
  return "started";
}

/** Alive and not a zombie waiting for conmon to reap it. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
