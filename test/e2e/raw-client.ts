// Plain HTTPS access to a running ordinal, for what kubectl and client-node hide: exact status codes,
// Status bodies, watch streams read line by line, and requests without credentials.
import { Agent, request } from "node:https";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

export interface ServerCredentials {
  url: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

/** "admin": the kubeconfig's client certificate; "none": no certificate and no token. */
export type Auth = "admin" | "none" | { token: string };

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // Tests read Status bodies and API objects loosely; their shape is what is under test.
  json(): any;
}

export interface RequestOptions {
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface WatchEvent {
  type: string;
  object: any;
}

export class RawClient {
  readonly #creds: ServerCredentials;
  readonly #auth: Auth;
  readonly #agent: Agent;

  constructor(creds: ServerCredentials, auth: Auth = "admin") {
    this.#creds = creds;
    this.#auth = auth;
    this.#agent = new Agent({ keepAlive: true, ca: creds.ca, ...(auth === "admin" ? { cert: creds.cert, key: creds.key } : {}) });
  }

  request(method: string, path: string, opts: RequestOptions = {}): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = this.#send(method, path, opts, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      });
      req.on("error", reject);
    });
  }

  get(path: string): Promise<RawResponse> {
    return this.request("GET", path);
  }

  /** Opens `path` (which should carry watch=true) and resolves once the response headers arrived. */
  watch(path: string): Promise<WatchStream> {
    return new Promise((resolve, reject) => {
      const req = this.#send("GET", path, {}, (res) => resolve(new WatchStream(res, () => req.destroy())));
      req.on("error", reject);
    });
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(method: string, path: string, opts: RequestOptions, onResponse: (res: IncomingMessage) => void) {
    const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
    if (typeof this.#auth === "object") headers.Authorization = `Bearer ${this.#auth.token}`;
    let payload: Buffer | undefined;
    if (opts.body !== undefined) {
      payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body));
      headers["Content-Type"] = opts.contentType ?? "application/json";
      headers["Content-Length"] = String(payload.length);
    }
    const req = request(new URL(path, this.#creds.url), { method, headers, agent: this.#agent, signal: opts.signal }, onResponse);
    req.end(payload);
    return req;
  }
}

/** One watch response: events parsed line by line as client-node does, consumed in order with deadlines. */
export class WatchStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly #queue: WatchEvent[] = [];
  readonly #abort: () => void;
  #ended = false;
  #body = "";
  #wake: (() => void) | undefined;

  constructor(res: IncomingMessage, abort: () => void) {
    this.status = res.statusCode ?? 0;
    this.headers = res.headers;
    this.#abort = abort;
    let partial = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      if (this.status !== 200) {
        this.#body += chunk;
        return;
      }
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) this.#queue.push(JSON.parse(line) as WatchEvent);
      this.#notify();
    });
    const end = () => {
      this.#ended = true;
      this.#notify();
    };
    res.on("end", end);
    res.on("close", end);
    res.on("error", end);
  }

  /** The body of a non-200 answer. */
  get body(): string {
    return this.#body;
  }

  /** True once the server closed the stream and every event was consumed. */
  get done(): boolean {
    return this.#ended && this.#queue.length === 0;
  }

  /** The next event; throws if none arrives within timeoutMs or the stream ends first. */
  async next(timeoutMs = 5000): Promise<WatchEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length === 0) {
      if (this.#ended) throw new Error("watch stream ended");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no watch event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.#queue.shift()!;
  }

  /** Skips events until one satisfies `match`; returns it. */
  async until(match: (e: WatchEvent) => boolean, timeoutMs = 5000): Promise<WatchEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const e = await this.next(Math.max(1, deadline - Date.now()));
      if (match(e)) return e;
    }
  }

  /** Resolves true if the server ends the stream within timeoutMs, after draining queued events. */
  async ends(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#ended && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.#ended;
  }

  close(): void {
    this.#abort();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
