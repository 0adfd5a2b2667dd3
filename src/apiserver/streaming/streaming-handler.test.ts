import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import { LocalProcessBackend } from "./local-process-backend.ts";
import { MemoryLogBackend } from "./memory-log-backend.ts";
import { streamingTarget } from "./streaming-handler.ts";
import { get, kubectl, openSpdy, pod, running, startKubectl, startTestServer, type TestServer } from "./_test-server.ts";

const logs = new MemoryLogBackend();
let server: TestServer;

before(async () => {
  logs.append("app", [
    { time: "2024-05-01T10:00:00Z", stream: "stdout", line: "first" },
    { time: "2024-05-01T10:00:01.25Z", stream: "stderr", line: "second" },
  ]);
  server = await startTestServer({
    pods: [
      pod("logger", [{ name: "app", state: running }]),
      pod("follow", [{ name: "tail", state: running }]),
      pod("w", [{ name: "main", state: { waiting: { reason: "ContainerCreating" } } }]),
      pod("two", [{ name: "a", state: running }, { name: "b", state: running }]),
      pod("pending", [{ name: "main", state: { waiting: { reason: "" } } }], { nodeName: null, phase: "Pending" }),
    ],
    backend: new LocalProcessBackend(),
    logs,
  });
});

after(() => server.close());

for (const version of ["1.20", "1.32"] as const) {
  test(`kubectl ${version} logs prints the container log, with --tail and --timestamps`, async () => {
    assert.deepEqual(await kubectl(version, server, ["logs", "logger"]), { code: 0, stdout: "first\nsecond\n", stderr: "" });
    assert.deepEqual(await kubectl(version, server, ["logs", "logger", "--tail=1", "--timestamps"]), {
      code: 0,
      stdout: "2024-05-01T10:00:01.250000000Z second\n",
      stderr: "",
    });
  });

  test(`kubectl ${version} logs shows why a container has no log`, async () => {
    const cases: [string[], string][] = [
      [["logs", "w"], 'Error from server (BadRequest): container "main" in pod "w" is waiting to start: ContainerCreating\n'],
      [["logs", "logger", "--previous"], 'Error from server (BadRequest): previous terminated container "app" in pod "logger" not found\n'],
      [
        ["logs", "missing"],
        version === "1.20" ? 'Error from server (NotFound): pods "missing" not found\n' : 'error: error from server (NotFound): pods "missing" not found in namespace "default"\n',
      ],
    ];
    for (const [args, stderr] of cases) assert.deepEqual(await kubectl(version, server, args), { code: 1, stdout: "", stderr }, args.join(" "));
  });
}

test("kubectl logs -f streams lines as they come and ends when the container stops", async () => {
  logs.append("tail", [{ time: "2024-05-01T10:00:00Z", stream: "stdout", line: "before" }]);
  const child = startKubectl("1.32", server, ["logs", "-f", "follow"]);
  let stdout = "";
  child.stdout!.setEncoding("utf8");
  await new Promise<void>((resolve) =>
    child.stdout!.on("data", (c: string) => {
      stdout += c;
      if (stdout === "before\n") resolve();
    }),
  );
  logs.append("tail", [{ time: "2024-05-01T10:00:05Z", stream: "stdout", line: "after" }]);
  logs.stop("tail");
  const code = await new Promise((resolve) => child.once("close", resolve));
  assert.equal(code, 0);
  assert.equal(stdout, "before\nafter\n");
});

test("pods/log needs a container name when the pod has several, and is empty for an unscheduled pod", async () => {
  const two = await get(server, "/api/v1/namespaces/default/pods/two/log");
  assert.equal(two.status, 400);
  assert.equal(JSON.parse(two.body).message, "a container name must be specified for pod two, choose one of: [a b]");
  const pending = await get(server, "/api/v1/namespaces/default/pods/pending/log");
  assert.deepEqual([pending.status, pending.headers["content-type"], pending.body], [200, "text/plain", ""]);
});

test("exec, attach and portforward without an upgrade answer 400 Upgrade request required", async () => {
  for (const sub of ["exec?command=true&stdout=true", "attach?stdout=true", "portforward"]) {
    const r = await get(server, `/api/v1/namespaces/default/pods/logger/${sub}`);
    assert.equal(r.status, 400, sub);
    assert.equal(JSON.parse(r.body).message, "Upgrade request required", sub);
  }
});

test("pods/log refuses an upgrade request on the socket with a Status", async () => {
  const r = await openSpdy(server, "/api/v1/namespaces/default/pods/logger/log", ["v4.channel.k8s.io"]);
  assert.ok("status" in r);
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).reason, "BadRequest");
});

test("server shutdown cuts open streaming sessions", async () => {
  const other = await startTestServer({ pods: [pod("p", [{ name: "main", state: running }])], backend: new LocalProcessBackend(), logs: new MemoryLogBackend() });
  const r = await openSpdy(other, "/api/v1/namespaces/default/pods/p/portforward", ["portforward.k8s.io"]);
  assert.ok("conn" in r);
  const closed = once(r.conn, "close");
  await other.close();
  await closed;
});

test("streamingTarget() recognises the pod streaming subresources and nothing else", () => {
  const target = (url: string) => streamingTarget({ url } as IncomingMessage);
  assert.deepEqual(target("/api/v1/namespaces/my%2Dns/pods/web-0/exec?command=ls"), { subresource: "exec", namespace: "my-ns", name: "web-0" });
  assert.deepEqual(target("/api/v1/namespaces/default/pods/web-0/log"), { subresource: "log", namespace: "default", name: "web-0" });
  for (const url of ["/api/v1/namespaces/default/pods/web-0", "/api/v1/namespaces/default/pods/web-0/proxy", "/api/v1/namespaces/default/services/s/exec", "/apis/apps/v1/namespaces/d/pods/p/exec"]) {
    assert.equal(target(url), undefined, url);
  }
});

test("an Upgrade header elsewhere is served as an ordinary request", async () => {
  const r = await get(server, "/api", { Connection: "Upgrade", Upgrade: "websocket" });
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.body).kind, "APIVersions");
});
