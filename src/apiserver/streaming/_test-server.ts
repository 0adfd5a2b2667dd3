// Test support: an HTTPS server that answers just enough of the API for kubectl and client-node
// to reach the streaming subresources (discovery, GET pod), wired to the streaming handlers the
// way the API server wires them, plus a runner for the real kubectl binaries.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "ws";
import type { KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import { ensurePki } from "../../pki/ensure-pki.ts";
import { renderKubeconfig } from "../../pki/kubeconfig.ts";
import type { LogBackend, StreamingBackend } from "./backend.ts";
import { SpdyConnection } from "./spdy/connection.ts";
import { handleStreamingRequest, handleStreamingUpgrade, streamingTarget, type StreamingDeps } from "./streaming-handler.ts";

export const KUBECTLS = {
  "1.20": "/work/main/.tools/kubernetes-client/usr/bin/kubectl",
  "1.32": "/usr/lib/google-cloud-sdk/bin/kubectl.1.32",
  "1.33": "/usr/lib/google-cloud-sdk/bin/kubectl.1.33",
} as const;

export type KubectlVersion = keyof typeof KUBECTLS;

export function pod(name: string, containers: { name: string; state: Record<string, unknown>; lastState?: Record<string, unknown> }[], opts: { phase?: string; nodeName?: string | null } = {}): KubeObject {
  return {
    kind: "Pod",
    apiVersion: "v1",
    metadata: { name, namespace: "default", uid: `uid-${name}`, resourceVersion: "1", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      ...(opts.nodeName === null ? {} : { nodeName: opts.nodeName ?? "node-1" }),
      containers: containers.map((c) => ({ name: c.name, image: "busybox", stdin: true })),
    },
    status: {
      phase: opts.phase ?? "Running",
      containerStatuses: containers.map((c) => ({ name: c.name, ready: true, restartCount: 0, image: "busybox", imageID: "", state: c.state, lastState: c.lastState ?? {} })),
    },
  };
}

export const running = { running: { startedAt: "2024-01-01T00:00:00Z" } };

export interface TestServer {
  url: string;
  /** Each upgrade request as "<method> <upgrade protocol>", e.g. "POST spdy/3.1". */
  upgrades: string[];
  /** A kubeconfig file with the admin client certificate. */
  kubeconfig: string;
  /** Client TLS options with the admin certificate, for node clients. */
  tls: { ca: string; cert: string; key: string };
  dir: string;
  close(): Promise<void>;
}

const POD_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/;

export async function startTestServer(opts: { pods: KubeObject[]; backend: StreamingBackend; logs: LogBackend }): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-streaming-"));
  const pki = await ensurePki(join(dir, "pki"), { hostnames: ["localhost"], ips: ["127.0.0.1"] });
  const shutdown = new AbortController();
  const deps: StreamingDeps = {
    shutdown: shutdown.signal,
    getPod: (namespace, name) => {
      const found = opts.pods.find((p) => p.metadata.namespace === namespace && p.metadata.name === name);
      if (!found) throw StatusError.notFound({ group: "", resource: "pods" }, name);
      return found;
    },
    backend: opts.backend,
    logs: opts.logs,
  };
  const tls = { cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem, requestCert: true, rejectUnauthorized: true, ALPNProtocols: ["http/1.1"] };
  const server: Server = createServer({ ...tls, shouldUpgradeCallback: (req) => streamingTarget(req) !== undefined }, (req, res) => {
    void answer(req, res, deps).catch((err) => sendStatus(res, err));
  });
  const upgrades: string[] = [];
  server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => {
    upgrades.push(`${req.method} ${(req.headers.upgrade ?? "").toLowerCase()}`);
    void handleStreamingUpgrade(req, socket, head, streamingTarget(req)!, deps);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const url = `https://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const kubeconfig = join(dir, "kubeconfig");
  await writeFile(kubeconfig, renderKubeconfig({ server: url, caPem: pki.caCertPem, clientCertPem: pki.adminCertPem, clientKeyPem: pki.adminKeyPem }));
  return {
    url,
    upgrades,
    kubeconfig,
    tls: { ca: pki.caCertPem, cert: pki.adminCertPem, key: pki.adminKeyPem },
    dir,
    async close() {
      shutdown.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, deps: StreamingDeps): Promise<void> {
  const path = new URL(req.url ?? "/", "https://localhost").pathname;
  const target = streamingTarget(req);
  if (target) return handleStreamingRequest(req, res, target, deps);
  const m = POD_PATH.exec(path);
  if (m) return sendJson(res, 200, await deps.getPod(m[1], m[2]));
  switch (path) {
    case "/version":
      return sendJson(res, 200, { major: "1", minor: "32", gitVersion: "v1.32.0", platform: "linux/amd64" });
    case "/api":
      return sendJson(res, 200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: req.headers.host ?? "" }] });
    case "/apis":
      return sendJson(res, 200, { kind: "APIGroupList", apiVersion: "v1", groups: [] });
    case "/api/v1":
      return sendJson(res, 200, {
        kind: "APIResourceList",
        groupVersion: "v1",
        resources: [
          { name: "pods", singularName: "pod", namespaced: true, kind: "Pod", verbs: ["get", "list"], shortNames: ["po"], categories: ["all"] },
          ...["attach", "exec", "log", "portforward"].map((sub) => ({ name: `pods/${sub}`, singularName: "", namespaced: true, kind: sub === "log" ? "Pod" : "PodAttachOptions", verbs: sub === "log" ? ["get"] : ["create", "get"] })),
        ],
      });
    default:
      throw StatusError.pathNotFound();
  }
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
}

function sendStatus(res: ServerResponse, err: unknown): void {
  const status = err instanceof StatusError ? err.status : StatusError.internal(String(err)).status;
  if (res.headersSent) return void res.destroy();
  sendJson(res, status.code, status);
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a kubectl binary with its own HOME (no shared discovery cache) against `server`. */
export function kubectl(version: KubectlVersion, server: TestServer, args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = startKubectl(version, server, args, opts.env);
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin!.end(opts.input ?? "");
  });
}

export function startKubectl(version: KubectlVersion, server: TestServer, args: string[], env: Record<string, string> = {}): ChildProcess {
  const bin = KUBECTLS[version];
  if (!existsSync(bin)) throw new Error(`kubectl ${version} is not installed at ${bin}`);
  return spawn(bin, args, {
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: join(server.dir, `home-${version}`), KUBECONFIG: server.kubeconfig, LANG: "C", ...env },
  });
}

/** An HTTP answer (for an upgrade, the one given instead of 101). */
export interface Refusal {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

function refusal(res: IncomingMessage): Promise<Refusal> {
  return new Promise((resolve) => {
    let body = "";
    res.setEncoding("utf8").on("data", (c: string) => (body += c));
    res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
  });
}

/** Opens a WebSocket to `path` offering `protocols`, as kubectl 1.32 or client-node would. */
export function openWebSocket(server: TestServer, path: string, protocols: string[]): Promise<WebSocket | Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss${server.url.slice(5)}${path}`, protocols, server.tls);
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => void refusal(res).then(resolve));
    ws.once("error", reject);
  });
}

/** Upgrades a POST to `path` to SPDY/3.1 offering `protocols`, as kubectl 1.20 does. */
export function openSpdy(server: TestServer, path: string, protocols: string[]): Promise<{ conn: SpdyConnection; protocol: string } | Refusal> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      method: "POST",
      path,
      ...server.tls,
      headers: { Connection: "Upgrade", Upgrade: "SPDY/3.1", "X-Stream-Protocol-Version": protocols, "Content-Length": 0 },
    });
    req.once("upgrade", (res, socket, head) => {
      resolve({ conn: new SpdyConnection(socket, { role: "client", head }), protocol: String(res.headers["x-stream-protocol-version"] ?? "") });
    });
    req.once("response", (res) => void refusal(res).then(resolve));
    req.once("error", reject);
    req.end();
  });
}

/** A plain GET with the admin certificate, body collected as text. */
export function get(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<Refusal> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers, ...server.tls }, (res) => void refusal(res).then(resolve));
    req.once("error", reject);
    req.end();
  });
}
