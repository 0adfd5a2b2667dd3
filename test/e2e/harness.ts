// Whole-system e2e harness. One real ordinal per test file: `bin/ordinal up --detach` on a fresh
// $ORDINAL_HOME and a free port, driven from outside exactly as users do — by every kubectl binary on the
// machine (kubectl.ts), by @kubernetes/client-node, and by raw HTTPS (raw-client.ts) — and always torn
// down in `after` (`ordinal down`, else SIGKILL of the pid in ordinal.pid; temp dirs removed).
//
//   describe("...", () => {
//     let server: OrdinalServer;
//     before(async () => { server = await OrdinalServer.start({ env: { ORDINAL_HISTORY_MAX_EVENTS: "100" } }); });
//     after(async () => { await server?.stop(); });
//     it("...", async () => {
//       const k = server.kubectl(findKubectls()[0]);      // own HOME, so discovery caches never leak
//       assert.equal(await k.ok(["get", "ns", "default", "-o", "name"]), "namespace/default\n");
//       assert.equal((await server.client().get("/api/v1/namespaces/nope")).status, 404);
//     });
//   });
//
// Run all: `make test-e2e`, or `bin/node --test --test-concurrency=1 test/e2e/*.test.ts` (~45 s).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { Kubectl, type KubectlBinary } from "./kubectl.ts";
import { RawClient, type Auth, type ServerCredentials } from "./raw-client.ts";

export { findKubectls, type Kubectl, type KubectlBinary } from "./kubectl.ts";
export type { RawClient } from "./raw-client.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const FIXTURES = join(import.meta.dirname, "fixtures");
const ORDINAL = join(REPO_ROOT, "bin/ordinal");

export interface StartOptions {
  /** Extra environment for the server process, e.g. ORDINAL_HISTORY_MAX_EVENTS. */
  env?: Record<string, string>;
  /** `--runtime` of `ordinal up`; the server's default when unset. */
  runtime?: "runc" | "sim";
}

export class OrdinalServer {
  readonly home: string;
  readonly port: number;
  /** Scratch space for kubectl homes, manifests and editors; removed with the server. */
  readonly workDir: string;
  readonly #env: Record<string, string>;
  readonly #upArgs: string[];
  readonly #clients: RawClient[] = [];
  #admin: RawClient | undefined;

  private constructor(home: string, workDir: string, port: number, opts: StartOptions) {
    this.home = home;
    this.workDir = workDir;
    this.port = port;
    this.#env = { ...isolatedNodeNetwork(), ...(opts.env ?? {}) };
    this.#upArgs = opts.runtime ? ["--runtime", opts.runtime] : [];
  }

  static async start(opts: StartOptions = {}): Promise<OrdinalServer> {
    const home = mkdtempSync(join(tmpdir(), "ordinal-e2e-home-"));
    const workDir = mkdtempSync(join(tmpdir(), "ordinal-e2e-work-"));
    const server = new OrdinalServer(home, workDir, await freePort(), opts);
    try {
      await server.up();
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  }

  get kubeconfigPath(): string {
    return join(this.home, "kubeconfig");
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** `bin/ordinal up --detach` on this home and port; resolves once it reported ready. */
  async up(): Promise<void> {
    const r = await ordinal(["up", "--detach", "--listen", `127.0.0.1:${this.port}`, ...this.#upArgs], { ...this.#env, ORDINAL_HOME: this.home });
    if (r.code !== 0) throw new Error(`ordinal up failed (${r.code}):\n${r.stdout}${r.stderr}\n${this.logTail()}`);
  }

  credentials(): ServerCredentials {
    const doc = parseYaml(readFileSync(this.kubeconfigPath, "utf8"));
    const b64 = (s: string) => Buffer.from(s, "base64");
    return {
      url: doc.clusters[0].cluster.server,
      ca: b64(doc.clusters[0].cluster["certificate-authority-data"]),
      cert: b64(doc.users[0].user["client-certificate-data"]),
      key: b64(doc.users[0].user["client-key-data"]),
    };
  }

  /** The shared admin client, or with `auth` a new one; all are closed when the server stops. */
  client(auth?: Auth): RawClient {
    if (!auth && this.#admin) return this.#admin;
    const c = new RawClient(this.credentials(), auth ?? "admin");
    this.#clients.push(c);
    if (!auth) this.#admin = c;
    return c;
  }

  kubectl(bin: KubectlBinary, name = bin.version): Kubectl {
    return new Kubectl(bin, this.kubeconfigPath, join(this.workDir, `home-${name}`));
  }

  /** The pid in $ORDINAL_HOME/ordinal.pid if that process is alive (zombies count as dead). */
  pid(): number | undefined {
    let pid: number;
    try {
      pid = Number(readFileSync(join(this.home, "ordinal.pid"), "utf8").trim());
    } catch {
      return undefined;
    }
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  }

  /** Crashes the server: SIGKILL, then waits until the process is gone. */
  async kill9(): Promise<number> {
    const pid = this.pid();
    if (!pid) throw new Error(`no running ordinal in ${this.home}`);
    process.kill(pid, "SIGKILL");
    const deadline = Date.now() + 10_000;
    while (isAlive(pid)) {
      if (Date.now() > deadline) throw new Error(`pid ${pid} survived SIGKILL`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return pid;
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(join(this.home, "ordinal.log"), "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no ordinal.log)";
    }
  }

  /**
   * `ordinal down --purge` (pods, mounts and the test's own bridge go too); SIGKILL if that did not
   * stop it; removes the home and the work dir.
   */
  async stop(): Promise<void> {
    for (const c of this.#clients) c.close();
    const pid = this.pid();
    await ordinal(["down", "--purge"], { ...this.#env, ORDINAL_HOME: this.home }).catch(() => undefined);
    if (pid && isAlive(pid)) process.kill(pid, "SIGKILL");
    rmSync(this.home, { recursive: true, force: true });
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

/**
 * Each test server gets its own bridge, pod /24 and netns prefix, so servers running side by side
 * never clean up each other's pods (the defaults belong to the machine's one real node).
 */
let networks = 0;
function isolatedNodeNetwork(): Record<string, string> {
  const n = (process.pid * 7 + networks++) % 200;
  return { ORDINAL_BRIDGE: `orde2e${n}`, ORDINAL_POD_CIDR: `10.246.${n}.0/24`, ORDINAL_NETNS_PREFIX: `orde2e${n}-` };
}

function ordinal(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(ORDINAL, args, { env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Alive and not a zombie: this machine's init does not reap orphans, so a killed server lingers as Z. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/** Polls `check` until it returns a value other than undefined, or throws after timeoutMs. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The fixture text, verbatim from the seed tutorials. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), "utf8");
}

/** Go's json.Marshal of a map: compact, keys sorted. kubectl stores last-applied-configuration this way. */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${goJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}
