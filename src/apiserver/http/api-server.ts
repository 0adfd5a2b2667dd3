// The HTTPS shell: TLS with client certificates and bearer tokens, then routing to discovery,
// OpenAPI, health and the resource handlers. StatusErrors become Status bodies here.
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { timingSafeEqual } from "node:crypto";
import { StatusError } from "../../api/status-error.ts";
import { aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions } from "../discovery.ts";
import { OPENAPI_V2_CONTENT_TYPE, OpenApi } from "../openapi.ts";
import type { ResourceRegistry } from "../registry/resource-registry.ts";
import { versionInfo } from "../version-info.ts";
import { aggregatedDiscoveryVersion } from "./negotiate.ts";
import { handleResource } from "./resource-handler.ts";
import { sendError, sendJson } from "./respond.ts";
import { parseRoute } from "./route.ts";
import type { LogBackend, StreamingBackend } from "../streaming/backend.ts";
import type { StreamingDeps } from "../streaming/streaming-handler.ts";
import { streamingTarget } from "../streaming/streaming-target.ts";

// The protocol code (SPDY, WebSockets) loads on the first streaming request: most sessions never
// make one, and it is a good share of the server's memory.
const streamingHandlers = () => import("../streaming/streaming-handler.ts");

export interface ApiServerOptions {
  registry: ResourceRegistry;
  tls: { cert: string; key: string; ca: string };
  /** Bearer tokens accepted besides client certificates. */
  tokens: string[];
  now?: () => Date;
  /** False until bootstrap finished: /readyz answers 500 meanwhile. */
  ready?: () => boolean;
  /** Where exec, attach, port-forward and logs of pods go: the node agent's runtime. */
  streaming: { backend: StreamingBackend; logs: LogBackend };
}

export interface User {
  name: string;
  groups: string[];
}

const PUBLIC_PATHS = new Set(["/healthz", "/livez", "/readyz", "/version"]);
const certificateUsers = new WeakMap<TLSSocket, User>();

export class ApiServer {
  readonly #opts: ApiServerOptions;
  #openapi: OpenApi | undefined;
  readonly #server: Server;
  readonly #tokens: Buffer[];
  readonly #streaming: StreamingDeps;
  readonly #shutdown = new AbortController();

  constructor(opts: ApiServerOptions) {
    this.#opts = opts;
    this.#tokens = opts.tokens.map((t) => Buffer.from(t));
    const pods = opts.registry.lookup("", "v1", "pods")!;
    this.#streaming = {
      getPod: (ns, name) => pods.get(ns, name),
      backend: opts.streaming.backend,
      logs: opts.streaming.logs,
      now: opts.now,
      shutdown: this.#shutdown.signal,
    };
    this.#server = createServer(
      {
        cert: opts.tls.cert,
        key: opts.tls.key,
        ca: opts.tls.ca,
        requestCert: true,
        rejectUnauthorized: false,
        ALPNProtocols: ["http/1.1"],
        // Only exec/attach/portforward upgrade; any other Upgrade header is an ordinary request.
        shouldUpgradeCallback: (req) => streamingTarget(req) !== undefined,
      },
      (req, res) => void this.#handle(req, res),
    );
    // Upgrades bypass the request handler, so they authenticate here.
    this.#server.on("upgrade", (req, socket, head) => {
      void streamingHandlers().then(async ({ handleStreamingUpgrade }) => {
        if (!this.authenticate(req)) return (await import("../streaming/upgrade.ts")).rejectUpgrade(socket, StatusError.unauthorized());
        await handleStreamingUpgrade(req, socket, head, streamingTarget(req)!, this.#streaming);
      });
    });
    this.#server.keepAliveTimeout = 60_000;
    this.#server.headersTimeout = 65_000;
    this.#server.requestTimeout = 0;
  }

  get server(): Server {
    return this.#server;
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => {
        this.#server.off("error", reject);
        const addr = this.#server.address();
        resolve({ host, port: typeof addr === "object" && addr ? addr.port : port });
      });
    });
  }

  close(): Promise<void> {
    this.#shutdown.abort();
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  authenticate(req: IncomingMessage): User | undefined {
    const socket = req.socket as TLSSocket;
    if (socket.authorized) {
      const known = certificateUsers.get(socket);
      if (known) return known;
      // A connection's peer certificate never changes; reading it builds a large object, so once per connection.
      const cert = socket.getPeerCertificate();
      if (cert?.subject) {
        const o = cert.subject.O;
        const user = { name: String(cert.subject.CN ?? ""), groups: o === undefined ? [] : Array.isArray(o) ? o.map(String) : [String(o)] };
        certificateUsers.set(socket, user);
        return user;
      }
    }
    const auth = req.headers.authorization;
    if (auth?.startsWith("Bearer ")) {
      const given = Buffer.from(auth.slice(7).trim());
      if (this.#tokens.some((t) => t.length === given.length && timingSafeEqual(t, given))) return { name: "ordinal-admin", groups: ["system:masters"] };
    }
    return undefined;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", "https://localhost");
      const path = url.pathname;
      if (!PUBLIC_PATHS.has(path) && !this.authenticate(req)) throw StatusError.unauthorized();
      await this.#route(req, res, url, path);
    } catch (err) {
      sendError(res, err);
    }
  }

  async #route(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
    const reg = this.#opts.registry;
    const now = this.#opts.now ?? (() => new Date());
    if (path === "/version") return sendJson(res, 200, versionInfo);
    if (path === "/healthz" || path === "/livez" || path.startsWith("/healthz/") || path.startsWith("/livez/")) return sendText(res, 200, "ok");
    if (path === "/readyz" || path.startsWith("/readyz/")) {
      const ready = this.#opts.ready?.() ?? true;
      return sendText(res, ready ? 200 : 500, ready ? "ok" : "[-]bootstrap failed: not finished\nreadyz check failed");
    }
    if (path === "/openapi/v2" || path === "/swagger-2.0.0.pb-v1") {
      res.writeHead(200, { "Content-Type": OPENAPI_V2_CONTENT_TYPE, "Content-Length": 0 });
      return void res.end();
    }
    if (path === "/openapi/v3" || path === "/openapi/v3/") return sendRaw(res, 200, this.#openApi().index(), "application/json");
    if (path.startsWith("/openapi/v3/")) return this.#openapiV3(res, url, path.slice("/openapi/v3/".length));

    const streaming = streamingTarget(req);
    if (streaming) return (await streamingHandlers()).handleStreamingRequest(req, res, streaming, this.#streaming);
    const route = parseRoute(path);
    switch (route.type) {
      case "discovery-root": {
        const agg = aggregatedDiscoveryVersion(req.headers.accept);
        if (agg) {
          return sendJson(res, 200, aggregatedDiscovery(reg, route.legacy, agg), `application/json;g=apidiscovery.k8s.io;v=${agg};as=APIGroupDiscoveryList`);
        }
        return sendJson(res, 200, route.legacy ? apiVersions() : apiGroupList(reg));
      }
      case "discovery-group": {
        const doc = apiGroupDoc(reg, route.group);
        if (!doc) throw StatusError.pathNotFound();
        return sendJson(res, 200, doc);
      }
      case "discovery-gv": {
        const doc = apiResourceList(reg, route);
        if (!doc) throw StatusError.pathNotFound();
        return sendJson(res, 200, doc);
      }
      case "resource":
        return handleResource(req, res, url, route, { registry: reg, now });
      default:
        throw StatusError.pathNotFound();
    }
  }

  /** Built on first use: only apply, create -f, edit and explain ask for it. */
  #openApi(): OpenApi {
    return (this.#openapi ??= new OpenApi(this.#opts.registry));
  }

  #openapiV3(res: ServerResponse, url: URL, gvPath: string): void {
    const doc = this.#openApi().document(gvPath);
    if (!doc) throw StatusError.pathNotFound();
    const hash = url.searchParams.get("hash");
    if (hash && hash !== doc.hash) {
      res.writeHead(301, { Location: `/openapi/v3/${gvPath}?hash=${doc.hash}` });
      return void res.end();
    }
    res.setHeader("Cache-Control", hash ? "public, immutable" : "no-cache, private");
    res.setHeader("Etag", `"${doc.hash}"`);
    sendRaw(res, 200, doc.body, "application/json");
  }
}

function sendText(res: ServerResponse, code: number, text: string): void {
  sendRaw(res, code, text, "text/plain; charset=utf-8");
}

function sendRaw(res: ServerResponse, code: number, body: string, contentType: string): void {
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
