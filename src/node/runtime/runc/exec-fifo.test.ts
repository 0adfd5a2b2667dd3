import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InitGoneError, startThroughExecFifo } from "./exec-fifo.ts";

/** A runc root holding container `id` with an exec FIFO, as `runc create` leaves it. */
function createdContainer(id: string): { root: string; fifo: string; [Symbol.dispose](): void } {
  const root = mkdtempSync(join(tmpdir(), "ordinal-exec-fifo-"));
  mkdirSync(join(root, id));
  const fifo = join(root, id, "exec.fifo");
  execFileSync("mkfifo", [fifo]);
  return { root, fifo, [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }) };
}

test("a container without an exec FIFO is left to runc start", async () => {
  using c = createdContainer("other");
  assert.equal(await startThroughExecFifo(c.root, "absent", process.pid), "no-fifo");
});

test("opening the exec FIFO lets the waiting init go on; the FIFO is then removed, as runc start does", async () => {
  using c = createdContainer("c1");
  // Stands in for runc's init: its open waits for a reader, then it writes one byte and goes on.
  const init = spawn("sh", ["-c", `printf 0 > ${c.fifo}; sleep 5`], { stdio: "ignore" });
  try {
    assert.equal(await startThroughExecFifo(c.root, "c1", init.pid!), "started");
    assert.equal(existsSync(c.fifo), false);
  } finally {
    init.kill("SIGKILL");
  }
});

test("an init that died before it was started is reported, not waited for", async () => {
  using c = createdContainer("c2");
  const gone = spawn("true", { stdio: "ignore" });
  await new Promise((resolve) => gone.on("exit", resolve));
  await assert.rejects(startThroughExecFifo(c.root, "c2", gone.pid!), InitGoneError);
});
