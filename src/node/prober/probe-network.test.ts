// Probes and HTTP hooks against real servers on 127.0.0.1. Time still comes from a manual clock:
// a timeout is a tick, not a wait.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import type { JsonObject } from "../../api/validation/json-access.ts";
import { FakeEventRecorder } from "../../client/event-recorder.ts";
import { ManualTimerClock } from "../manual-timer-clock.ts";
import { decodeHealthCheckStatus } from "./grpc-probe.ts";
import { runLifecycleHandler } from "./lifecycle-handler.ts";
import { runProbe } from "./probe-runner.ts";
import type { ExecResult, ProbeOutcome, ProbeTarget } from "./probe-target.ts";

const HOST = "127.0.0.1";
const target: ProbeTarget = {
  podIP: HOST,
  exec: (): Promise<ExecResult> => Promise.reject(new Error("no exec here")),
};

let web: http.Server;
let webPort = 0;
let grpc: http2.Http2Server;
let grpcPort = 0;
let closedPort = 0;
const seen: http.IncomingHttpHeaders[] = [];
let hung: () => void = () => {};
let loops = 0;

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, HOST, () => resolve((server.address() as AddressInfo).port)));
}

before(async () => {
  web = http.createServer((req, res) => {
    seen.push(req.headers);
    switch (req.url) {
      case "/ok":
        return res.end("all good");
      case "/fail":
        res.statusCode = 500;
        return res.end("secret details");
      case "/hang":
        return hung();
      case "/same-host":
        res.writeHead(302, { Location: "/ok" });
        return res.end();
      case "/other-host":
        res.writeHead(301, { Location: `http://localhost:${webPort}/ok` });
        return res.end("moved");
      case "/loop":
        loops++;
        res.writeHead(307, { Location: "/loop" });
        return res.end();
      case "/big":
        return res.end("b".repeat(20_000));
      default:
        res.statusCode = 404;
        res.end();
    }
  });
  webPort = await listen(web);
  grpc = http2.createServer((req, res) => {
    if (req.url !== "/grpc.health.v1.Health/Check") {
      res.writeHead(200, { "content-type": "application/grpc", "grpc-status": "12", "grpc-message": "unknown service" });
      return res.end();
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const service = Buffer.concat(chunks).subarray(7).toString("utf8");
      const status = service === "down" ? 2 : 1;
      res.writeHead(200, { "content-type": "application/grpc" });
      res.addTrailers({ "grpc-status": "0" });
      res.end(Buffer.from([0, 0, 0, 0, 2, 0x08, status]));
    });
  });
  grpcPort = await listen(grpc);
  const spare = net.createServer();
  closedPort = await listen(spare);
  await new Promise((resolve) => spare.close(resolve));
});

after(async () => {
  web.closeAllConnections();
  await new Promise((resolve) => web.close(resolve));
  await new Promise((resolve) => grpc.close(resolve));
});

function probe(p: JsonObject, clock = new ManualTimerClock(0)): Promise<ProbeOutcome> {
  return runProbe({ timeoutSeconds: 1, ...p }, { target, container: { name: "web", ports: [{ name: "http", containerPort: webPort }] }, clock });
}

test("runProbe() httpGet: 2xx succeeds with the body and sends kube-probe headers", async () => {
  seen.length = 0;
  const out = await probe({ httpGet: { path: "/ok", port: "http", httpHeaders: [{ name: "X-Check", value: "1" }] } });
  assert.deepEqual(out, { result: "success", output: "all good" });
  assert.equal(seen[0]["user-agent"], "kube-probe/1.33");
  assert.equal(seen[0].accept, "*/*");
  assert.equal(seen[0]["x-check"], "1");
  assert.equal(seen[0].host, `${HOST}:${webPort}`);
  assert.equal(seen[0]["accept-encoding"], undefined);
});

test("runProbe() httpGet: a 500 fails without the body", async () => {
  assert.deepEqual(await probe({ httpGet: { path: "/fail", port: webPort } }), { result: "failure", output: "HTTP probe failed with statuscode: 500" });
});

test("runProbe() httpGet: a closed port fails like Go's dialer", async () => {
  const out = await probe({ httpGet: { path: "/", port: closedPort } });
  assert.deepEqual(out, { result: "failure", output: `Get "http://${HOST}:${closedPort}/": dial tcp ${HOST}:${closedPort}: connect: connection refused` });
});

test("runProbe() httpGet: no answer within timeoutSeconds fails with Client.Timeout", async () => {
  const clock = new ManualTimerClock(0);
  const arrived = new Promise<void>((resolve) => (hung = resolve));
  const pending = probe({ httpGet: { path: "/hang", port: webPort }, timeoutSeconds: 1 }, clock);
  await arrived;
  await clock.tick(999);
  await clock.tick(1);
  const out = await pending;
  assert.deepEqual(out, { result: "failure", output: `Get "http://${HOST}:${webPort}/hang": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  assert.equal(clock.pending, 0);
});

test("runProbe() httpGet: redirects to the same host are followed, others end in a warning", async () => {
  assert.deepEqual(await probe({ httpGet: { path: "/same-host", port: webPort } }), { result: "success", output: "all good" });
  assert.deepEqual(await probe({ httpGet: { path: "/other-host", port: webPort } }), { result: "warning", output: "Probe terminated redirects, Response body: moved" });
});

test("runProbe() httpGet: ten redirects are the limit", async () => {
  loops = 0;
  const out = await probe({ httpGet: { path: "/loop", port: webPort } });
  assert.deepEqual(out, { result: "failure", output: `Get "http://${HOST}:${webPort}/loop": stopped after 10 redirects` });
  assert.equal(loops, 10);
});

test("runProbe() httpGet: the body is cut at 10 KiB", async () => {
  const out = await probe({ httpGet: { path: "/big", port: webPort } });
  assert.equal(out.result, "success");
  assert.equal(out.output, "b".repeat(10_240));
});

test("runProbe() httpGet: HTTPS against a plain HTTP server fails", async () => {
  const out = await probe({ httpGet: { path: "/ok", port: webPort, scheme: "HTTPS" } });
  assert.deepEqual(out, { result: "failure", output: `Get "https://${HOST}:${webPort}/ok": http: server gave HTTP response to HTTPS client` });
});

test("runProbe() tcpSocket: succeeds on a listening port and fails on a closed one", async () => {
  assert.deepEqual(await probe({ tcpSocket: { port: webPort } }), { result: "success", output: "" });
  assert.deepEqual(await probe({ tcpSocket: { port: closedPort, host: HOST } }), { result: "failure", output: `dial tcp ${HOST}:${closedPort}: connect: connection refused` });
});

test("runProbe() grpc: SERVING succeeds, anything else fails with upstream's text", async () => {
  assert.deepEqual(await probe({ grpc: { port: grpcPort, service: "" } }), { result: "success", output: "service healthy" });
  assert.deepEqual(await probe({ grpc: { port: grpcPort, service: "down" } }), { result: "failure", output: 'service unhealthy (responded with "NOT_SERVING")' });
});

test("runProbe() grpc: a closed port times out at timeoutSeconds", async () => {
  const clock = new ManualTimerClock(0);
  const pending = probe({ grpc: { port: closedPort }, timeoutSeconds: 1 }, clock);
  await clock.tick(1000);
  assert.deepEqual(await pending, { result: "failure", output: `timeout: failed to connect service "${HOST}:${closedPort}" within 1s: context deadline exceeded` });
  assert.equal(clock.pending, 0);
});

test("decodeHealthCheckStatus() reads field 1 and defaults to UNKNOWN", () => {
  assert.equal(decodeHealthCheckStatus(Buffer.from([0, 0, 0, 0, 2, 0x08, 2])), 2);
  assert.equal(decodeHealthCheckStatus(Buffer.from([0, 0, 0, 0, 0])), 0);
});

test("runLifecycleHandler() httpGet: any answer succeeds, a refused connection fails", async () => {
  const clock = new ManualTimerClock(0);
  const pod = { metadata: { name: "web-0", namespace: "db", uid: "u1" } };
  const ctx = { clock, target, pod, container: { name: "web" }, events: new FakeEventRecorder() };
  assert.equal(await runLifecycleHandler({ httpGet: { path: "/fail", port: webPort } }, ctx), undefined);
  assert.equal(
    await runLifecycleHandler({ httpGet: { path: "/stop", port: closedPort } }, ctx),
    `HTTP lifecycle hook (/stop) for Container "web" in Pod "web-0_db(u1)" failed - error: Get "http://${HOST}:${closedPort}/stop": dial tcp ${HOST}:${closedPort}: connect: connection refused`,
  );
});

test("runLifecycleHandler() httpGet: HTTPS answered by HTTP is retried over HTTP", async () => {
  const events = new FakeEventRecorder();
  seen.length = 0;
  const ctx = { clock: new ManualTimerClock(0), target, pod: { metadata: { name: "p", namespace: "n", uid: "u" } }, container: { name: "web" }, events };
  const hook = { httpGet: { path: "/ok", port: webPort, scheme: "HTTPS", httpHeaders: [{ name: "Authorization", value: "Bearer x" }] } };
  assert.equal(await runLifecycleHandler(hook, ctx), undefined);
  assert.deepEqual(events.events, [`Warning LifecycleHTTPFallback request to HTTPS lifecycle hook ${HOST}:${webPort} got HTTP response, retry with HTTP succeeded`]);
  assert.equal(seen.at(-1)?.authorization, undefined);
  assert.equal(seen.at(-1)?.["user-agent"], "kube-lifecycle/1.33");
});
