import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { Exec, KubeConfig, type V1Status } from "@kubernetes/client-node";
import type { WebSocket } from "ws";
import type { ContainerRef, ProcessIO } from "./backend.ts";
import { kubectl, openSpdy, openWebSocket, pod, running, startTestServer, type KubectlVersion, type Refusal, type TestServer } from "./_test-server.ts";
import { LocalProcessBackend } from "./local-process-backend.ts";
import { MemoryLogBackend } from "./memory-log-backend.ts";

/** Local processes, plus "@" commands that exercise what a process cannot show. */
class TestBackend extends LocalProcessBackend {
  aborted = false;

  override async exec(target: ContainerRef, command: readonly string[], io: ProcessIO, signal: AbortSignal): Promise<{ exitCode: number }> {
    switch (command[0]) {
      case "@sizes":
        // Echoes each terminal size until an 80-column one.
        for await (const size of io.resize!) {
          io.stdout!.write(`${JSON.stringify(size)}\n`);
          if (size.width === 80) break;
        }
        return { exitCode: 2 };
      case "@wait":
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        this.aborted = true;
        return { exitCode: 0 };
      case "@fail":
        throw new Error("boom");
      default:
        return super.exec(target, command, io, signal);
    }
  }
}

const backend = new TestBackend({ attachCommand: ["sh", "-c", "cat; echo bye >&2"] });
let server: TestServer;

before(async () => {
  server = await startTestServer({
    pods: [
      pod("p", [{ name: "main", state: running }]),
      pod("w", [{ name: "main", state: { waiting: { reason: "ContainerCreating" } } }]),
      pod("two", [{ name: "a", state: running }, { name: "b", state: running }]),
    ],
    backend,
    logs: new MemoryLogBackend(),
  });
});

after(() => server.close());

const EXEC = "/api/v1/namespaces/default/pods/p/exec";

/** 1.20 speaks SPDY only; later kubectls open a WebSocket and fall back to SPDY when refused. */
function transport(version: KubectlVersion, refused: boolean): string[] {
  if (version === "1.20") return ["POST spdy/3.1"];
  return refused ? ["GET websocket", "POST spdy/3.1"] : ["GET websocket"];
}

for (const version of ["1.20", "1.32", "1.33"] as const) {
  test(`kubectl ${version} exec prints the command's output`, async () => {
    server.upgrades.length = 0;
    assert.deepEqual(await kubectl(version, server, ["exec", "p", "--", "echo", "hi"]), { code: 0, stdout: "hi\n", stderr: "" });
    assert.deepEqual(server.upgrades, transport(version, false));
  });

  test(`kubectl ${version} exec -i feeds piped stdin to the command`, async () => {
    assert.deepEqual(await kubectl(version, server, ["exec", "-i", "p", "--", "cat"], { input: "x\ny\n" }), { code: 0, stdout: "x\ny\n", stderr: "" });
  });

  test(`kubectl ${version} exec exits with the command's exit code`, async () => {
    const r = await kubectl(version, server, ["exec", "p", "--", "sh", "-c", "echo out; echo err >&2; exit 3"]);
    assert.deepEqual(r, { code: 3, stdout: "out\n", stderr: "err\ncommand terminated with exit code 3\n" });
  });

  test(`kubectl ${version} attach -i connects to the main process`, async () => {
    const r = await kubectl(version, server, ["attach", "-i", "p"], { input: "x\n" });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "x\n");
    assert.match(r.stderr, /bye\n$/);
  });

  test(`kubectl ${version} exec shows refusals before the upgrade as server errors`, async () => {
    const cases: [string[], string][] = [
      [["exec", "p", "-c", "nope", "--", "true"], "Error from server (BadRequest): container nope is not valid for pod p\n"],
      [["exec", "w", "--", "true"], 'Error from server (BadRequest): unable to upgrade connection: container not found ("main")\n'],
      [["exec", "missing", "--", "true"], 'Error from server (NotFound): pods "missing" not found\n'],
    ];
    for (const [args, stderr] of cases) {
      server.upgrades.length = 0;
      assert.deepEqual(await kubectl(version, server, args), { code: 1, stdout: "", stderr }, args.join(" "));
      if (args[1] !== "missing") assert.deepEqual(server.upgrades, transport(version, true), args.join(" "));
    }
  });
}

test("client-node Exec streams stdin and stdout and reports the exit code in its status", async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  const stdout = new PassThrough();
  const output = text(stdout);
  const status = await new Promise<V1Status>((resolve) => {
    void new Exec(kc).exec("default", "p", "main", ["sh", "-c", "cat; exit 4"], stdout, new PassThrough(), Readable.from(["abc\n"]), false, resolve);
  });
  assert.equal(await output, "abc\n");
  assert.deepEqual(status, {
    metadata: {},
    status: "Failure",
    message: "command terminated with non-zero exit code: error executing command [sh -c cat; exit 4], exit code 4",
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: "4" }] },
  });
});

/** Every message until the server closes, as [channel, payload text]; and the close code. */
function transcript(ws: WebSocket): Promise<{ messages: [number, string][]; code: number }> {
  const messages: [number, string][] = [];
  ws.on("message", (data: Buffer) => messages.push([data[0], data.subarray(1).toString()]));
  return new Promise((resolve) => ws.once("close", (code) => resolve({ messages, code })));
}

function isRefusal(r: unknown): r is Refusal {
  return typeof r === "object" && r !== null && "status" in r;
}

test("WebSocket v4 exec: ready message, output, Success status on channel 3, close 1000", async () => {
  const ws = await openWebSocket(server, `${EXEC}?command=echo&command=hi&stdout=true`, ["v4.channel.k8s.io"]);
  assert.ok(!isRefusal(ws));
  assert.equal(ws.protocol, "v4.channel.k8s.io");
  assert.deepEqual(await transcript(ws), {
    messages: [[1, ""], [1, "hi\n"], [3, '{"metadata":{},"status":"Success"}']],
    code: 1000,
  });
});

test("WebSocket v5 exec: the client's close signal ends stdin while output continues", async () => {
  const ws = await openWebSocket(server, `${EXEC}?command=cat&stdin=true&stdout=true&stderr=true`, ["v5.channel.k8s.io", "v4.channel.k8s.io"]);
  assert.ok(!isRefusal(ws));
  assert.equal(ws.protocol, "v5.channel.k8s.io");
  const done = transcript(ws);
  ws.send(Buffer.from([0, ...Buffer.from("abc")]));
  ws.send(Buffer.from([255, 0]));
  assert.deepEqual(await done, { messages: [[1, ""], [1, "abc"], [3, '{"metadata":{},"status":"Success"}']], code: 1000 });
});

test("WebSocket channel.k8s.io exec reports a failure as plain text", async () => {
  const ws = await openWebSocket(server, `${EXEC}?command=sh&command=-c&command=exit%203&stdout=true`, ["channel.k8s.io"]);
  assert.ok(!isRefusal(ws));
  const { messages } = await transcript(ws);
  assert.deepEqual(messages, [[1, ""], [3, "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3"]]);
});

test("WebSocket exec reports a backend failure as an InternalError status", async () => {
  const ws = await openWebSocket(server, `${EXEC}?command=@fail&stdout=true`, ["v5.channel.k8s.io"]);
  assert.ok(!isRefusal(ws));
  const { messages } = await transcript(ws);
  assert.deepEqual(messages.at(-1), [3, JSON.stringify({ metadata: {}, status: "Failure", message: "Internal error occurred: boom", reason: "InternalError", details: { causes: [{ message: "boom" }] }, code: 500 })]);
});

test("WebSocket exec refuses a client with no protocol in common (kubectl then falls back)", async () => {
  const r = await openWebSocket(server, `${EXEC}?command=true&stdout=true`, ["v9.channel.k8s.io"]);
  assert.ok(isRefusal(r));
  assert.equal(r.status, 403);
  assert.match(JSON.parse(r.body).message, /^requested protocol\(s\) are not supported: \[v9.channel.k8s.io\]; supports /);
});

test("exec aborts the backend's signal when the client disconnects", async () => {
  backend.aborted = false;
  const ws = await openWebSocket(server, `${EXEC}?command=@wait&stdout=true`, ["v5.channel.k8s.io"]);
  assert.ok(!isRefusal(ws));
  await new Promise((resolve) => ws.once("message", resolve));
  ws.terminate();
  const deadline = Date.now() + 5000;
  while (!backend.aborted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(backend.aborted, true);
});

test("SPDY v3 exec with a tty passes resize events and reports failure as text", async () => {
  const r = await openSpdy(server, `${EXEC}?command=@sizes&stdin=true&stdout=true&stderr=true&tty=true`, ["v3.channel.k8s.io", "v2.channel.k8s.io"]);
  assert.ok(!isRefusal(r));
  assert.equal(r.protocol, "v3.channel.k8s.io");
  const error = r.conn.openStream({ streamType: "error" });
  r.conn.openStream({ streamType: "stdin" });
  const stdout = r.conn.openStream({ streamType: "stdout" });
  const resize = r.conn.openStream({ streamType: "resize" });
  let output = "";
  stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
  resize.write('{"Width":1,"Height":1}\n');
  await once(stdout, "data");
  resize.write('{"Width":80,"Height":24}\n');
  assert.equal(await text(error), "command terminated with non-zero exit code: error executing command [@sizes], exit code 2");
  assert.equal(output, '{"width":1,"height":1}\n{"width":80,"height":24}\n');
  r.conn.destroy();
});

test("SPDY exec answers 403 with the accepted protocols when none is common", async () => {
  const r = await openSpdy(server, `${EXEC}?command=true&stdout=true`, ["v9.channel.k8s.io"]);
  assert.ok(isRefusal(r));
  assert.equal(r.status, 403);
  assert.equal(r.headers["x-accepted-stream-protocol-versions"], "v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io");
});

test("exec refuses a request for no stream before upgrading", async () => {
  const r = await openSpdy(server, `${EXEC}?command=true`, ["v4.channel.k8s.io"]);
  assert.ok(isRefusal(r));
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).message, "you must specify at least 1 of stdin, stdout, stderr");
});
