import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough, type Readable } from "node:stream";
import type { LogRecord, TerminalSize } from "../../../apiserver/streaming/backend.ts";
import { MemoryLogBackend } from "../../../apiserver/streaming/memory-log-backend.ts";
import type { AttachInputEnd } from "./attach-input.ts";
import { attachSession, type AttachSessionOptions } from "./attach-session.ts";

const target = { namespace: "default", name: "p", uid: "u", container: "app" };
const rec = (line: string, stream: "stdout" | "stderr" = "stdout", partial = false): LogRecord => ({ time: "2024-05-01T10:00:00Z", stream, line, ...(partial ? { partial } : {}) });
const tick = () => new Promise((r) => setTimeout(r, 5));

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

/** An input bridge whose end the test decides; records what it read and whether it was aborted. */
class FakeInput {
  opened = 0;
  received = "";
  aborted = false;
  #finish: ((end: AttachInputEnd) => void) | undefined;
  #fail: ((e: Error) => void) | undefined;

  open = (input: Readable, signal: AbortSignal): Promise<AttachInputEnd> => {
    this.opened++;
    input.setEncoding("utf8").on("data", (d: string) => (this.received += d));
    input.once("end", () => setTimeout(() => this.#finish?.("input ended"), 1));
    return new Promise((resolve, reject) => {
      this.#finish = resolve;
      this.#fail = reject;
      signal.addEventListener("abort", () => {
        this.aborted = true;
        resolve("aborted");
      });
    });
  };

  end(how: AttachInputEnd): void {
    this.#finish?.(how);
  }

  fail(e: Error): void {
    this.#fail?.(e);
  }
}

interface Setup {
  logs: MemoryLogBackend;
  input: FakeInput;
  stdin: PassThrough;
  out: ReturnType<typeof sink>;
  err: ReturnType<typeof sink>;
  sizes: TerminalSize[];
  abort: AbortController;
  done: Promise<void>;
  state: () => Promise<"running" | "ended" | Error>;
}

async function start(container: AttachSessionOptions["container"], extra: { tty?: boolean; sizes?: AsyncIterable<TerminalSize>; noStdin?: boolean } = {}): Promise<Setup> {
  const logs = new MemoryLogBackend();
  logs.append("app", [rec("before the session")]);
  const input = new FakeInput();
  const stdin = new PassThrough();
  const out = sink();
  const err = sink();
  const sizes: TerminalSize[] = [];
  const abort = new AbortController();
  const tty = extra.tty ?? container.tty;
  const done = attachSession({
    log: await logs.openLog(target, { previous: false }),
    io: { stdin: extra.noStdin ? undefined : stdin, stdout: out.stream, stderr: tty ? undefined : err.stream, tty, resize: extra.sizes },
    container,
    signal: abort.signal,
    openInput: input.open,
    resize: async (s) => void sizes.push(s),
    exitGraceMs: 50,
  });
  let outcome: "running" | "ended" | Error = "running";
  done.then(() => (outcome = "ended"), (e: Error) => (outcome = e));
  await tick();
  return { logs, input, stdin, out, err, sizes, abort, done, state: async () => (await tick(), outcome) };
}

const plain = { stdin: true, stdinOnce: false, tty: false };
const once = { stdin: true, stdinOnce: true, tty: false };
const terminal = { stdin: true, stdinOnce: true, tty: true };

test("attachSession() shows output written after it started, stdout and stderr apart, until the container exits", async () => {
  const s = await start(once);
  s.logs.append("app", [rec("out"), rec("err", "stderr"), rec("no newline", "stdout", true)]);
  assert.equal(await s.state(), "running");
  s.logs.stop("app");
  await s.done;
  assert.deepEqual([s.out.text(), s.err.text()], ["out\nno newline", "err\n"]);
});

test("attachSession() with a terminal writes every record to stdout", async () => {
  const s = await start(terminal);
  s.logs.append("app", [rec("a\r"), rec("b", "stderr")]);
  s.logs.stop("app");
  await s.done;
  assert.equal(s.out.text(), "a\r\nb\n");
});

test("attachSession() gives the client's input to the container", async () => {
  const s = await start(plain);
  s.stdin.write("typed\n");
  await tick();
  assert.deepEqual([s.input.opened, s.input.received], [1, "typed\n"]);
  s.abort.abort();
  await s.done;
});

test("attachSession() decides by the container's stdinOnce and tty whether the end of input ends it", async () => {
  const cases: Array<[string, AttachSessionOptions["container"], "running" | "ended"]> = [
    ["stdin kept open: the session ends with the input", plain, "ended"],
    ["stdinOnce: stdin closes, output goes on until the exit", once, "running"],
    ["a terminal is never closed: the session ends", terminal, "ended"],
    ["stdin kept open on a terminal: the session ends", { stdin: true, stdinOnce: false, tty: true }, "ended"],
  ];
  for (const [name, container, want] of cases) {
    const s = await start(container);
    s.stdin.end("last\n");
    assert.equal(await s.state(), want, name);
    assert.equal(s.input.received, "last\n", name);
    s.logs.stop("app");
    await s.done;
  }
});

test("attachSession() drops the input of a container without stdin and ends only when it exits", async () => {
  const s = await start({ stdin: false, stdinOnce: false, tty: false });
  s.stdin.end("ignored\n");
  assert.equal(await s.state(), "running");
  assert.equal(s.input.opened, 0);
  assert.ok(s.stdin.readableEnded, "the input was read away");
  s.logs.stop("app");
  await s.done;
});

test("attachSession() without the client's stdin opens no input", async () => {
  const s = await start(once, { noStdin: true });
  assert.equal(s.input.opened, 0);
  s.logs.stop("app");
  await s.done;
});

test("attachSession() ends when the client goes away, disconnecting the input", async () => {
  const s = await start(once);
  s.abort.abort();
  assert.equal(await s.state(), "ended");
  assert.ok(s.input.aborted);
});

test("attachSession() ends its input when the container exits", async () => {
  const s = await start(plain);
  s.logs.stop("app");
  await s.done;
  assert.ok(s.input.aborted);
});

test("attachSession() keeps showing output when conmon closed the socket, until the exit", async () => {
  const s = await start(plain);
  s.input.end("socket closed");
  assert.equal(await s.state(), "running");
  s.logs.append("app", [rec("last words")]);
  s.logs.stop("app");
  await s.done;
  assert.equal(s.out.text(), "last words\n");
});

test("attachSession() fails when the input cannot be bridged to a running container", async () => {
  const s = await start(plain);
  s.input.fail(new Error("connect: Connection refused"));
  assert.equal(await s.state(), "running");
  await new Promise((r) => setTimeout(r, 80));
  assert.match(String(await s.state()), /Connection refused/);
});

test("attachSession() ends quietly when the input failed because the container exited", async () => {
  const s = await start(plain);
  s.input.fail(new Error("connect: Connection refused"));
  s.logs.stop("app");
  await s.done;
});

test("attachSession() passes terminal sizes to a terminal only", async () => {
  async function* sizes(): AsyncGenerator<TerminalSize> {
    yield { width: 81, height: 25 };
    yield { width: 80, height: 24 };
  }
  for (const [container, want] of [[terminal, [{ width: 81, height: 25 }, { width: 80, height: 24 }]], [once, []]] as const) {
    const s = await start(container, { tty: true, sizes: sizes() });
    assert.deepEqual(s.sizes, want);
    s.logs.stop("app");
    await s.done;
  }
});
