// The HTTP GET of httpGet probes and lifecycle hooks, made the way the kubelet's Go client makes
// it: a fresh connection per request, no certificate verification, "kube-probe/1.33" unless the
// action names a User-Agent, same-host redirects followed up to 10, a whole-exchange timeout, and
// Go's error text ("Get \"http://10.244.0.5:80/\": dial tcp 10.244.0.5:80: connect: connection
// refused") because that text ends up in events.
import * as http from "node:http";
import * as https from "node:https";
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import type { TimerClock } from "../clock.ts";
import { goNetError, joinHostPort } from "./_go-net-error.ts";
import { resolveContainerPort } from "./_container-port.ts";
import { KUBE_VERSION_FRAGMENT } from "./probe-target.ts";

export interface HttpGetRequest {
  scheme: "http" | "https";
  host: string;
  port: number;
  /** Path and query as sent; starts with "/". */
  path: string;
  /** The URL as Go prints it in errors. */
  url: string;
  /** Canonical header name → values; Host is kept apart, as Go keeps it in req.Host. */
  headers: Map<string, string[]>;
  hostHeader?: string;
}

export interface HttpGetResponse {
  statusCode: number;
  /** At most `maxBodyBytes` of the body. */
  body: string;
}

/** A failed exchange. `phase` "body" means the response arrived and reading its body failed. */
export class HttpGetError extends Error {
  readonly phase: "request" | "body";

  constructor(message: string, phase: "request" | "body") {
    super(message);
    this.name = "HttpGetError";
    this.phase = phase;
  }
}

export interface HttpGetOptions {
  clock: TimerClock;
  /** Covers the whole exchange, redirects and body included. None when undefined. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Probes follow redirects to the same host only; a redirect elsewhere is the answer. */
  followNonLocalRedirects: boolean;
  maxBodyBytes: number;
}

/** Go's textproto.CanonicalMIMEHeaderKey: "x-custom-header" → "X-Custom-Header". */
export function canonicalHeaderKey(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** The request an httpGet action describes; throws when its port resolves to nothing. */
export function httpGetRequest(action: JsonObject, container: JsonObject, podIP: string, purpose: "probe" | "lifecycle"): HttpGetRequest {
  const scheme = str(action.scheme).toLowerCase() === "https" ? "https" : "http";
  const host = str(action.host) || podIP;
  const port = resolveContainerPort(action.port, container);
  const rawPath = str(action.path);
  const shown = rawPath === "" || rawPath.startsWith("/") ? rawPath : `/${rawPath}`;
  const headers = new Map<string, string[]>();
  for (const h of arr(action.httpHeaders)) {
    const header = obj(h) ?? {};
    const key = canonicalHeaderKey(str(header.name));
    headers.set(key, [...(headers.get(key) ?? []), str(header.value)]);
  }
  if (!headers.has("User-Agent")) headers.set("User-Agent", [`kube-${purpose}/${KUBE_VERSION_FRAGMENT}`]);
  if (!headers.has("Accept")) headers.set("Accept", ["*/*"]);
  else if (headers.get("Accept")![0] === "") headers.delete("Accept");
  const hostHeader = headers.get("Host")?.[0] || undefined;
  headers.delete("Host");
  return {
    scheme,
    host,
    port,
    path: requestPath(shown),
    url: `${scheme}://${joinHostPort(host, port)}${shown}`,
    headers,
    hostHeader,
  };
}

function requestPath(shown: string): string {
  const hash = shown.indexOf("#");
  const path = hash >= 0 ? shown.slice(0, hash) : shown;
  return path === "" || path.startsWith("?") ? `/${path}` : path;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REQUESTS = 10;
const SENSITIVE = ["Authorization", "Www-Authenticate", "Cookie", "Cookie2"];

function redirected(from: HttpGetRequest, location: string): HttpGetRequest {
  const u = new URL(location, from.url);
  const scheme = u.protocol === "https:" ? "https" : "http";
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const headers = new Map(from.headers);
  if (host !== from.host) for (const h of SENSITIVE) headers.delete(h);
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(location);
  return {
    scheme,
    host,
    port: u.port ? Number(u.port) : scheme === "https" ? 443 : 80,
    path: `${u.pathname}${u.search}`,
    url: u.href,
    headers,
    // Go keeps a custom Host through a relative redirect only.
    hostHeader: relative ? from.hostHeader : undefined,
  };
}

const TIMEOUT = Symbol("timeout");

/** Performs the GET; rejects with HttpGetError, or with the signal's reason when it aborts. */
export async function httpGet(first: HttpGetRequest, opts: HttpGetOptions): Promise<HttpGetResponse> {
  const deadline = new AbortController();
  const timer = opts.timeoutMs === undefined ? undefined : opts.clock.after(opts.timeoutMs, () => deadline.abort(TIMEOUT));
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  try {
    let req = first;
    for (let sent = 1; ; sent++) {
      const res = await exchange(req, signal, opts.maxBodyBytes);
      if (!REDIRECTS.has(res.statusCode) || !res.location) return res;
      const next = redirected(req, res.location);
      if (!opts.followNonLocalRedirects && next.host !== first.host) return res;
      if (sent >= MAX_REQUESTS) throw new HttpGetError(`Get ${JSON.stringify(next.url)}: stopped after ${MAX_REQUESTS} redirects`, "request");
      req = next;
    }
  } finally {
    timer?.cancel();
  }
}

interface Exchanged extends HttpGetResponse {
  location?: string;
}

function exchange(req: HttpGetRequest, signal: AbortSignal, maxBodyBytes: number): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    const hostPort = joinHostPort(req.host, req.port);
    let responded = false;
    let settled = false;
    let cr: http.ClientRequest | undefined;
    const onAbort = () => cr?.destroy(new Error("aborted"));
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      outcome();
    };
    const fail = (e: unknown) =>
      settle(() => {
        if (signal.aborted) {
          if (signal.reason !== TIMEOUT) return reject(signal.reason);
          const why = responded ? "(Client.Timeout or context cancellation while reading body)" : "(Client.Timeout exceeded while awaiting headers)";
          return reject(responded ? new HttpGetError(`context deadline exceeded ${why}`, "body") : new HttpGetError(`Get ${JSON.stringify(req.url)}: context deadline exceeded ${why}`, "request"));
        }
        const socket = cr?.socket;
        const local = socket?.localAddress ? joinHostPort(socket.localAddress, socket.localPort ?? 0) : undefined;
        const text = goNetError(e, req.host, hostPort, { local, remote: hostPort });
        reject(responded ? new HttpGetError(text, "body") : new HttpGetError(`Get ${JSON.stringify(req.url)}: ${text}`, "request"));
      });
    if (signal.aborted) return fail(signal.reason);
    const headers: Record<string, string | string[]> = { Host: req.hostHeader ?? hostPort };
    for (const [name, values] of req.headers) {
      if (name === "User-Agent" && values[0] === "") continue;
      headers[name] = name === "User-Agent" ? values[0] : values;
    }
    const options: https.RequestOptions = { host: req.host, port: req.port, path: req.path, method: "GET", headers, agent: false };
    cr = req.scheme === "https" ? https.request({ ...options, rejectUnauthorized: false }) : http.request(options);
    signal.addEventListener("abort", onAbort, { once: true });
    cr.on("error", fail);
    cr.on("response", (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () =>
        settle(() => {
          const body = Buffer.concat(chunks).subarray(0, maxBodyBytes).toString("utf8");
          resolve({ statusCode: res.statusCode ?? 0, body, location: res.headers.location });
        });
      res.on("data", (chunk: Buffer) => {
        if (settled) return;
        chunks.push(chunk);
        size += chunk.length;
        // A body past the limit is truncated, not an error; the rest goes with the connection.
        if (size >= maxBodyBytes) {
          finish();
          cr!.destroy();
        }
      });
      res.on("end", finish);
      res.on("error", fail);
      res.on("close", () => fail(new Error("unexpected EOF")));
    });
    cr.end();
  });
}
