import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess, SpawnOptions } from "node:child_process";
import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import { AttachInputError, attachInput, SOCAT_ARGS } from "./attach-input.ts";

/** A socat that records what it was given and exits when told to. */
class FakeSocat extends EventEmitter {
  readonly stdin = new PassThrough();
  readonly stderr = new PassThrough();
  readonly received: Buffer[] = [];
  readonly signals: string[] = [];
  command = "";
  args: readonly string[] = [];
  options: SpawnOptions = {};
  stdinEnded = false;

  constructor() {
    super();
    this.stdin.on("data", (c: Buffer) => this.received.push(c));
    this.stdin.on("end", () => (this.stdinEnded = true));
  }

  kill(signal: string): boolean {
    this.signals.push(signal);
    setImmediate(() => this.exit(null));
    return true;
  }

  exit(code: number | null, stderr = ""): void {
    this.stderr.end(stderr);
    setImmediate(() => this.emit("close", code, code === null ? "SIGTERM" : null));
  }

  spawn = (command: string, args: readonly string[], options: SpawnOptions): ChildProcess => {
    Object.assign(this, { command, args, options });
    return this as unknown as ChildProcess;
  };
}

const tick = () => new Promise((r) => setImmediate(r));

function start(socat: FakeSocat, input: PassThrough, signal = new AbortController().signal) {
  return attachInput({ socat: "/usr/bin/socat", bundle: "/b/abc", input, signal, spawn: socat.spawn });
}

test("attachInput() runs socat in the bundle, connecting to the SEQPACKET socket \"attach\"", async () => {
  const socat = new FakeSocat();
  const input = new PassThrough();
  const done = start(socat, input);
  input.end();
  await tick();
  socat.exit(0);
  await done;
  assert.deepEqual([socat.command, socat.args, socat.options.cwd, socat.options.stdio], ["/usr/bin/socat", SOCAT_ARGS, "/b/abc", ["pipe", "ignore", "pipe"]]);
  assert.deepEqual(SOCAT_ARGS, ["-", "UNIX-CONNECT:attach,socktype=5"]);
});

test("attachInput() passes the input on and its end, then resolves \"input ended\"", async () => {
  const socat = new FakeSocat();
  const input = new PassThrough();
  const done = start(socat, input);
  input.write("hello ");
  input.end("world\n");
  await tick();
  assert.equal(Buffer.concat(socat.received).toString(), "hello world\n");
  assert.ok(socat.stdinEnded);
  socat.exit(0);
  assert.equal(await done, "input ended");
});

test("attachInput() resolves \"socket closed\" when socat ends while the input is open, and lets go of the input", async () => {
  const socat = new FakeSocat();
  const input = new PassThrough();
  const done = start(socat, input);
  socat.exit(0);
  assert.equal(await done, "socket closed");
  input.write("later");
  await tick();
  assert.deepEqual(socat.received, []);
  assert.equal(input.listenerCount("end"), 0);
});

test("attachInput() kills socat when aborted and resolves \"aborted\"", async () => {
  const socat = new FakeSocat();
  const abort = new AbortController();
  const done = start(socat, new PassThrough(), abort.signal);
  abort.abort();
  assert.equal(await done, "aborted");
  assert.deepEqual(socat.signals, ["SIGTERM"]);
});

test("attachInput() does not start socat when already aborted", async () => {
  const socat = new FakeSocat();
  const abort = new AbortController();
  abort.abort();
  assert.equal(await start(socat, new PassThrough(), abort.signal), "aborted");
  assert.equal(socat.command, "");
});

test("attachInput() rejects with socat's message when it fails", async () => {
  const socat = new FakeSocat();
  const done = start(socat, new PassThrough());
  socat.exit(1, '2026/01/01 10:00:00 socat[123] E connect(5, AF=1 "attach", 8): Connection refused\n');
  await assert.rejects(done, (e: Error) => e instanceof AttachInputError && e.message === `attaching to the container's input: connect(5, AF=1 "attach", 8): Connection refused`);
});

test("attachInput() rejects when socat cannot be run", async () => {
  const socat = new FakeSocat();
  const done = start(socat, new PassThrough());
  socat.emit("error", new Error("spawn /usr/bin/socat ENOENT"));
  await assert.rejects(done, /^AttachInputError: cannot run \/usr\/bin\/socat: spawn \/usr\/bin\/socat ENOENT$/);
});
