// A lean HTTPS client for load: keep-alive connections with the admin client certificate, bodies
// passed through as strings so that the client spends as little CPU as possible beside the server.
import { Agent, request } from "node:https";
import type { IncomingMessage } from "node:http";

export interface Credentials {
  server: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export interface WatchEvent {
  type: string;
  object: { metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } };
}

export class ApiClient {
  readonly #base: URL;
  readonly #agent: Agent;

  /** maxSockets bounds the connections, hence the requests truly in flight at once. */
  constructor(creds: Credentials, opts: { maxSockets: number }) {
    this.#base = new URL(creds.server);
    this.#agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets, ca: creds.ca, cert: creds.cert, key: creds.key });
  }

  /** Resolves with the response body; a status outside 2xx rejects, naming the request. */
  request(method: string, path: string, body?: string, signal?: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.#base),
        { method, agent: this.#agent, signal, headers: body === undefined ? {} : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (res.statusCode! >= 200 && res.statusCode! < 300) resolve(text);
            else reject(new Error(`${method} ${path}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /**
   * Opens a watch and resolves once the server answered with its headers (the watch is then
   * registered). onEvent gets every event with the performance.now() right after it was parsed.
   */
  watch(path: string, onEvent: (event: WatchEvent, receivedAt: number) => void, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.#base), { agent: this.#agent, signal }, (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`GET ${path}: HTTP ${res.statusCode}`));
          return;
        }
        res.setEncoding("utf8");
        let pending = "";
        res.on("data", (chunk: string) => {
          pending += chunk;
          let nl: number;
          while ((nl = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, nl);
            pending = pending.slice(nl + 1);
            if (line.trim() === "") continue;
            const event = JSON.parse(line) as WatchEvent;
            onEvent(event, performance.now());
          }
        });
        res.on("error", () => {});
        resolve();
      });
      req.on("error", (e) => (signal.aborted ? resolve() : reject(e)));
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
