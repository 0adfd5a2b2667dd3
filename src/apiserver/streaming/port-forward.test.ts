import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { connect, createServer, type Server } from "node:net";
import { duplexPair, PassThrough } from "node:stream";
import { text } from "node:stream/consumers";
import { KubeConfig, PortForward } from "@kubernetes/client-node";
import { forwardedPorts } from "./channel-port-forward.ts";
import { LocalProcessBackend } from "./local-process-backend.ts";
import { MemoryLogBackend } from "./memory-log-backend.ts";
import { SpdyConnection } from "./spdy/connection.ts";
import type { SpdyHeaders } from "./spdy/header-block.ts";
import { serveSpdyPortForward } from "./spdy-port-forward.ts";
import { openSpdy, openWebSocket, pod, running, startKubectl, startTestServer, type KubectlVersion, type TestServer } from "./_test-server.ts";

let echo: Server;
let server: TestServer;
let closedPort: number;
const children: ChildProcess[] = [];

async function listen(s: Server): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const address = s.address();
  return typeof address === "object" && address ? address.port : 0;
}

before(async () => {
  // Echoes until the client half-closes, then closes its side: the usual request/response shape.
  echo = createServer({ allowHalfOpen: true }, (socket) => socket.pipe(socket));
  const echoPort = await listen(echo);
  const unused = createServer();
  closedPort = await listen(unused);
  await new Promise((resolve) => unused.close(resolve));
  server = await startTestServer({
    pods: [pod("p", [{ name: "main", state: running }])],
    backend: new LocalProcessBackend({ ports: { 80: echoPort, 81: closedPort } }),
    logs: new MemoryLogBackend(),
  });
});

after(async () => {
  for (const child of children) child.kill("SIGKILL");
  await server.close();
  await new Promise((resolve) => echo.close(resolve));
});

/** Starts `kubectl port-forward pod/p :80` and waits for the local port it chose. */
async function portForward(version: KubectlVersion): Promise<{ port: number; stdout: () => string }> {
  const child = startKubectl(version, server, ["port-forward", "pod/p", ":80"]);
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
      const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", () => reject(new Error(`kubectl exited: ${stdout}${stderr}`)));
  });
  return { port, stdout: () => stdout };
}

/** Sends `payload`, half-closes, and returns what came back before the server closed. */
async function roundTrip(port: number, payload: Buffer): Promise<Buffer> {
  const socket = connect(port, "127.0.0.1");
  socket.end(payload);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

for (const version of ["1.20", "1.32", "1.33"] as const) {
  test(`kubectl ${version} port-forward carries connections to the pod port and back`, async () => {
    server.upgrades.length = 0;
    const { port, stdout } = await portForward(version);
    assert.deepEqual(await roundTrip(port, Buffer.from("hello\n")), Buffer.from("hello\n"));
    const big = Buffer.alloc(1_000_000, 7);
    const [a, b] = await Promise.all([roundTrip(port, big), roundTrip(port, Buffer.from("second"))]);
    assert.ok(a.equals(big));
    assert.deepEqual(b, Buffer.from("second"));
    assert.deepEqual(await roundTrip(port, Buffer.from("after")), Buffer.from("after"));
    assert.equal(stdout().match(/Handling connection for \d+\n/g)?.length, 4);
    // kubectl 1.32 and later tunnel the SPDY session through a WebSocket.
    assert.deepEqual(server.upgrades, [version === "1.20" ? "POST spdy/3.1" : "GET websocket"]);
  });
}

test("client-node PortForward uses v4 channels with the port prefix on each channel", async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  const output = new PassThrough();
  const input = new PassThrough();
  const ws = (await new PortForward(kc).portForward("default", "p", [80], output, null, input)) as unknown as { protocol: string; close(): void };
  assert.equal(ws.protocol, "v4.channel.k8s.io");
  input.write("over channels\n");
  const [chunk] = (await once(output, "data")) as [Buffer];
  // client-node strips the two prefix bytes from the first message; the prefix arrives alone.
  const data = chunk.length === 0 ? ((await once(output, "data")) as [Buffer])[0] : chunk;
  assert.equal(data.toString(), "over channels\n");
  ws.close();
});

test("SPDY port-forward reports a refused connection on the error stream", async () => {
  const r = await openSpdy(server, "/api/v1/namespaces/default/pods/p/portforward", ["portforward.k8s.io"]);
  assert.ok("conn" in r);
  assert.equal(r.protocol, "portforward.k8s.io");
  const error = r.conn.openStream({ streamType: "error", port: "81", requestID: "0" });
  const data = r.conn.openStream({ streamType: "data", port: "81", requestID: "0" });
  data.resume();
  assert.equal(await text(error), `error forwarding port 81 to pod default/p, uid uid-p: connect ECONNREFUSED 127.0.0.1:${closedPort}`);
  r.conn.destroy();
});

test("WebSocket channel port-forward needs the ports query parameter", async () => {
  const r = await openWebSocket(server, "/api/v1/namespaces/default/pods/p/portforward", ["v4.channel.k8s.io"]);
  assert.ok("status" in r);
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).message, 'query parameter "ports" is required');
});

function spdyPair(): { client: SpdyConnection; server: SpdyConnection } {
  const [a, b] = duplexPair();
  return { client: new SpdyConnection(a, { role: "client" }), server: new SpdyConnection(b, { role: "server" }) };
}

const refusingBackend = {
  exec: () => Promise.reject(new Error("unused")),
  attach: () => Promise.reject(new Error("unused")),
  portForward: () => Promise.reject(new Error("nothing listens")),
};

test("serveSpdyPortForward() pairs streams by stream id for clients without request ids", async () => {
  const { client, server: srv } = spdyPair();
  serveSpdyPortForward(srv, { namespace: "default", name: "p", uid: "u" }, refusingBackend);
  const error = client.openStream({ streamType: "error", port: "80" });
  client.openStream({ streamType: "data", port: "80" }).resume();
  assert.equal(await text(error), "error forwarding port 80 to pod default/p, uid u: nothing listens");
  client.destroy();
});

test("serveSpdyPortForward() gives up on a pair whose other stream never comes", async () => {
  const { client, server: srv } = spdyPair();
  serveSpdyPortForward(srv, { namespace: "default", name: "p", uid: "u" }, refusingBackend, 20);
  const error = client.openStream({ streamType: "error", port: "80", requestID: "5" });
  assert.equal(await text(error), "timed out waiting for streams for request 5");
  client.destroy();
});

test("serveSpdyPortForward() resets streams without a valid port or type", async () => {
  const { client, server: srv } = spdyPair();
  serveSpdyPortForward(srv, { namespace: "default", name: "p", uid: "u" }, refusingBackend);
  const invalid: SpdyHeaders[] = [{ streamType: "data" }, { streamType: "data", port: "0" }, { streamType: "video", port: "80" }];
  for (const headers of invalid) {
    const stream = client.openStream(headers);
    await once(stream, "close");
    assert.equal(stream.destroyed, true);
  }
  client.destroy();
});

test("forwardedPorts() reads repeated and comma-separated ports and words refusals like the kubelet", () => {
  assert.deepEqual(forwardedPorts(new URLSearchParams("ports=80&ports=443,8080")), [80, 443, 8080]);
  const cases: [string, string][] = [
    ["", 'query parameter "ports" is required'],
    ["ports=", 'query parameter "ports" cannot be empty'],
    ["ports=http", 'unable to parse "http" as a port'],
    ["ports=70000", 'unable to parse "70000" as a port'],
    ["ports=0", 'port "0" must be > 0'],
  ];
  for (const [query, message] of cases) assert.throws(() => forwardedPorts(new URLSearchParams(query)), { message }, query);
});
