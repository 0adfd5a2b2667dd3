// exec, attach, port-forward, logs and probes against real containers (root).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { PassThrough, Readable, type Duplex } from "node:stream";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import type { TerminalSize } from "../../../apiserver/streaming/backend.ts";
import { rotatedLogs } from "../../logs/log-rotation.ts";
import type { RuncRuntime } from "./runc-runtime.ts";
import { destroyClean, eventually, never, RuncTestEnv } from "./_runc-test-env.ts";

let env: RuncTestEnv;

before(async () => {
  env = await RuncTestEnv.create();
});

after(() => destroyClean(env));

async function withPod(containers: JsonObject[], body: (rt: RuncRuntime, pod: ReturnType<RuncTestEnv["pod"]>, ip: string) => Promise<void>, opts = {}): Promise<void> {
  const rt = env.runtime(opts);
  const pod = env.pod("stream", containers);
  const ip = env.ip();
  try {
    await rt.runSandbox(pod, ip, never());
    for (const c of containers) await rt.startContainer(pod.metadata.uid!, { container: (pod.spec as { containers: JsonObject[] }).containers.find((x) => x.name === c.name)!, init: false }, never());
    await body(rt, pod, ip);
  } finally {
    for (const p of await rt.list()) await rt.removePod(p.uid);
    await rt.close();
  }
}

const FOREVER = "trap 'exit 0' TERM; sleep 3600 & wait";
const app = (script = FOREVER, extra: JsonObject = {}): JsonObject => ({ name: "app", command: ["sh", "-c", script], ...extra });
const ref = (pod: ReturnType<RuncTestEnv["pod"]>, container = "app") => ({ namespace: "default", name: pod.metadata.name!, uid: pod.metadata.uid!, container });

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

test("exec runs a command with stdin, separate stdout and stderr, and its exit code", () =>
  withPod([app()], async (rt, pod) => {
    const out = sink();
    const err = sink();
    const r = await rt.streaming.exec(ref(pod), ["sh", "-c", "cat; echo to-err >&2; exit 3"], { stdin: Readable.from(["hello ", "world\n"]), stdout: out.stream, stderr: err.stream, tty: false }, never());
    assert.deepEqual([r.exitCode, out.text(), err.text()], [3, "hello world\n", "to-err\n"]);
    await assert.rejects(rt.streaming.exec(ref(pod), ["/no/such"], { tty: false }, never()), /no such file or directory/);
  }));

test("exec with a tty gets a terminal of the requested size and follows resizes", () =>
  withPod([app()], async (rt, pod) => {
    const out = sink();
    const stdin = new PassThrough();
    let resized: (() => void) | undefined;
    async function* sizes(): AsyncGenerator<TerminalSize> {
      yield { width: 100, height: 30 };
      await new Promise<void>((r) => (resized = r));
      yield { width: 120, height: 40 };
    }
    // Not an interactive shell: its line editor asks the terminal for the cursor position and
    // could take our input for the answer.
    const script = "tty; stty size; while read line; do stty size; done; exit 2";
    const running = rt.streaming.exec(ref(pod), ["sh", "-c", script], { stdin, stdout: out.stream, tty: true, resize: sizes() }, never());
    await eventually("the first size", () => (out.text().includes("30 100") ? true : undefined));
    assert.match(out.text(), /^\/dev\/pts\/\d+\r\n30 100\r\n/);
    resized!();
    await eventually("the resize to land", async () => {
      stdin.write("\n");
      await new Promise((r) => setTimeout(r, 100));
      return out.text().includes("40 120") ? true : undefined;
    });
    // ^D: end of input on a terminal.
    stdin.end("\x04");
    assert.equal((await running).exitCode, 2);
  }));

test("an aborted exec kills its process in the container", () =>
  withPod([app()], async (rt, pod) => {
    const abort = new AbortController();
    const running = rt.streaming.exec(ref(pod), ["sleep", "1000"], { tty: false }, abort.signal);
    await new Promise((r) => setTimeout(r, 300));
    abort.abort();
    assert.equal((await running).exitCode, 137);
    const out = sink();
    await rt.streaming.exec(ref(pod), ["ps", "-o", "args"], { stdout: out.stream, tty: false }, never());
    assert.doesNotMatch(out.text(), /sleep 1000/);
  }));

async function roundTrip(stream: Duplex, request: string): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => stream.once("end", r));
  stream.end(request);
  await ended;
  stream.destroy();
  return Buffer.concat(chunks).toString();
}

test("port-forward reaches a server on the pod IP and one bound to the pod's 127.0.0.1", () =>
  withPod(
    [app("mkdir -p /www && echo hi > /www/index.html && httpd -p 80 -h /www && exec httpd -f -p 127.0.0.1:8080 -h /www")],
    async (rt, pod, ip) => {
      const podRef = { namespace: "default", name: pod.metadata.name!, uid: pod.metadata.uid! };
      for (const port of [80, 8080]) {
        const body = await eventually(`port ${port}`, async () => {
          try {
            return await roundTrip(await rt.streaming.portForward(podRef, port, never()), `GET / HTTP/1.0\r\nHost: ${ip}\r\n\r\n`);
          } catch {
            return undefined;
          }
        });
        assert.match(body, /^HTTP\/1\.[01] 200 OK[\s\S]*\r\n\r\nhi\n$/);
      }
      await assert.rejects(rt.streaming.portForward(podRef, 9999, never()), /connection refused|ECONNREFUSED/i);
    },
  ));

test("attach and a followed log show new output until the container exits", () =>
  withPod([app("sleep 0.5; for i in 1 2 3; do echo line $i; sleep 0.1; done; echo err >&2")], async (rt, pod) => {
    const out = sink();
    const err = sink();
    const attached = rt.streaming.attach(ref(pod), { stdout: out.stream, stderr: err.stream, tty: false }, never());
    const log = await rt.logs.openLog(ref(pod), { previous: false });
    const followed: string[] = [];
    for await (const r of log.read()) followed.push(Buffer.from(r.line).toString());
    for await (const r of log.follow(never())) followed.push(`${r.stream}:${Buffer.from(r.line).toString()}`);
    await attached;
    assert.deepEqual(followed, ["stdout:line 1", "stdout:line 2", "stdout:line 3", "stderr:err"]);
    assert.deepEqual([out.text(), err.text()], ["line 1\nline 2\nline 3\n", "err\n"]);
  }));

/** Attach bridges still running: socat processes working in a bundle of ours. */
function bridges(): string[] {
  return readdirSync("/proc").filter((pid) => {
    try {
      return /^\d+$/.test(pid) && readFileSync(`/proc/${pid}/comm`, "utf8") === "socat\n" && readlinkSync(`/proc/${pid}/cwd`).startsWith(env.home);
    } catch {
      return false;
    }
  });
}

test("attach gives input to a stdinOnce container and shows its output until it exits", () =>
  withPod([app(undefined, { command: ["cat"], stdin: true, stdinOnce: true })], async (rt, pod) => {
    const out = sink();
    await rt.streaming.attach(ref(pod), { stdin: Readable.from(["hello ", "world\n"]), stdout: out.stream, tty: false }, never());
    assert.equal(out.text(), "hello world\n");
    assert.equal((await rt.status(pod.metadata.uid!))!.containers[0].termination?.exitCode, 0);
    assert.deepEqual(bridges(), []);
  }));

test("attach to a container whose stdin stays open delivers input in each session", () =>
  withPod([app("while read line; do echo got $line; done; echo eof", { stdin: true })], async (rt, pod) => {
    for (const word of ["one", "two"]) {
      const stdin = new PassThrough();
      const attached = rt.streaming.attach(ref(pod), { stdin, stdout: sink().stream, tty: false }, never());
      stdin.end(`${word}\n`);
      await attached;
    }
    const lines = await eventually("both lines", async () => {
      const log = await rt.logs.openLog(ref(pod), { previous: false });
      const seen: string[] = [];
      for await (const r of log.read()) seen.push(Buffer.from(r.line).toString());
      return seen.length === 2 ? seen : undefined;
    });
    assert.deepEqual(lines, ["got one", "got two"]);
    assert.equal((await rt.status(pod.metadata.uid!))!.containers[0].termination, undefined, "still running");
    assert.deepEqual(bridges(), []);
  }));

test("attach to a terminal takes input, resizes it, and ends with the client", () =>
  withPod([app("while read line; do stty size; done", { stdin: true, stdinOnce: true, tty: true })], async (rt, pod) => {
    const out = sink();
    const stdin = new PassThrough();
    const abort = new AbortController();
    async function* sizes(): AsyncGenerator<TerminalSize> {
      yield { width: 100, height: 30 };
    }
    const attached = rt.streaming.attach(ref(pod), { stdin, stdout: out.stream, tty: true, resize: sizes() }, abort.signal);
    await eventually("the size", async () => {
      stdin.write("\n");
      await new Promise((r) => setTimeout(r, 100));
      return out.text().includes("30 100\r\n") ? true : undefined;
    });
    abort.abort();
    await attached;
    assert.deepEqual(bridges(), []);
  }));

test("attach with input to a container without stdin shows its output and ignores the input", () =>
  withPod([app("sleep 0.5; echo done")], async (rt, pod) => {
    const out = sink();
    await rt.streaming.attach(ref(pod), { stdin: Readable.from(["ignored\n"]), stdout: out.stream, stderr: sink().stream, tty: false }, never());
    assert.equal(out.text(), "done\n");
    assert.deepEqual(bridges(), []);
  }));

test("logs are rotated past the size limit and the container keeps logging to a new file", () =>
  withPod(
    [app("i=0; while true; do i=$((i+1)); echo line $i padded to be long enough to fill the log quickly; sleep 0.01; done")],
    async (rt, pod) => {
      const logPath = `${env.home}/pods/${pod.metadata.uid}/logs/app/0.log`;
      const rotated = await eventually("a rotation", async () => ((await rotatedLogs(logPath)).length > 0 ? rotatedLogs(logPath) : undefined));
      assert.equal(rotated.length, 1);
      const numbers = async () => {
        const log = await rt.logs.openLog(ref(pod), { previous: false });
        const seen: number[] = [];
        for await (const r of log.read()) seen.push(Number(/^line (\d+) /.exec(Buffer.from(r.line).toString())?.[1]));
        return seen.length > 0 ? seen : undefined;
      };
      // Rotation goes on meanwhile: the newest rotated file, then the live one, read in that order.
      const { lastRotated, current } = await eventually("output in the new file", async () => {
        const newest = (await rotatedLogs(logPath)).at(-1);
        const text = newest && (await readFile(newest, "utf8").catch(() => undefined));
        const now = text ? await numbers() : undefined;
        return now && { lastRotated: Number(/ line (\d+) /.exec(text!.trim().split("\n").at(-1)!)?.[1]), current: now };
      });
      // The live file holds only what came after the rotated one, in order.
      assert.ok(current[0] > lastRotated, `${current[0]} after ${lastRotated}`);
      assert.deepEqual(current, current.map((_, i) => current[0] + i));
    },
    { logRotation: { maxBytes: 4096, maxFiles: 2 }, logCheckIntervalMs: 100 },
  ));

test("readiness follows an exec probe; a failing liveness probe restarts the container", () =>
  withPod(
    [
      app(FOREVER, { readinessProbe: { exec: { command: ["test", "-f", "/tmp/ready"] }, periodSeconds: 1, failureThreshold: 1 } }),
      { name: "doomed", command: ["sh", "-c", FOREVER], livenessProbe: { exec: { command: ["false"] }, periodSeconds: 1, failureThreshold: 1 }, terminationGracePeriodSeconds: 1 },
    ],
    async (rt, pod) => {
      const status = async (name: string) => (await rt.status(pod.metadata.uid!))!.containers.find((c) => c.name === name)!;
      assert.equal((await status("app")).ready, false);
      await rt.streaming.exec(ref(pod), ["touch", "/tmp/ready"], { tty: false }, never());
      await eventually("ready", async () => ((await status("app")).ready ? true : undefined));
      const t = await eventually("the liveness kill", async () => (await status("doomed")).termination);
      assert.equal(t.exitCode, 0);
    },
  ));
