// The real kubectl binaries on this machine and a runner that gives each one its own HOME, so that
// discovery and HTTP caches (~/.kube/cache) never leak between versions or test files.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";

export interface KubectlBinary {
  path: string;
  /** gitVersion, e.g. "v1.20.2". */
  version: string;
  minor: number;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const GCLOUD_BIN = "/usr/lib/google-cloud-sdk/bin";
// The gcloud dispatcher at /usr/bin/kubectl picks a binary from the server's /version: never run it,
// run the versioned binaries beside it instead.
const DISPATCHER = join(GCLOUD_BIN, "kubectl");

let found: KubectlBinary[] | undefined;

/** Every distinct kubectl version on the machine, oldest first. */
export function findKubectls(): KubectlBinary[] {
  if (found) return found;
  const candidates = [join(REPO_ROOT, ".tools/kubernetes-client/usr/bin/kubectl"), "/usr/bin/kubectl"];
  if (existsSync(GCLOUD_BIN)) {
    for (const name of readdirSync(GCLOUD_BIN).sort()) if (/^kubectl\.1\.\d+$/.test(name)) candidates.push(join(GCLOUD_BIN, name));
  }
  const byVersion = new Map<string, KubectlBinary>();
  for (const path of candidates) {
    if (!existsSync(path) || realpathSync(path) === DISPATCHER) continue;
    const bin = probe(path);
    if (bin && !byVersion.has(bin.version)) byVersion.set(bin.version, bin);
  }
  found = [...byVersion.values()].sort((a, b) => a.minor - b.minor);
  return found;
}

function probe(path: string): KubectlBinary | undefined {
  try {
    const out = execFileSync(path, ["version", "--client", "-o", "json"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent" }, timeout: 10_000 });
    const version = String(JSON.parse(out).clientVersion.gitVersion);
    const m = /^v1\.(\d+)\./.exec(version);
    return m ? { path, version, minor: Number(m[1]) } : undefined;
  } catch {
    return undefined;
  }
}

export class Kubectl {
  readonly bin: KubectlBinary;
  readonly #kubeconfig: string;
  readonly #home: string;

  /** `home` is this kubectl's private HOME (created if missing). */
  constructor(bin: KubectlBinary, kubeconfig: string, home: string) {
    this.bin = bin;
    this.#kubeconfig = kubeconfig;
    this.#home = home;
    mkdirSync(home, { recursive: true });
  }

  get home(): string {
    return this.#home;
  }

  run(args: string[], opts: RunOptions = {}): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = this.#spawn(args, opts.env);
      let stdout = "";
      let stderr = "";
      child.stdout!.setEncoding("utf8").on("data", (c: string) => (stdout += c));
      child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
      const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
      });
      child.stdin!.end(opts.input ?? "");
    });
  }

  /** Runs and returns stdout; throws with stderr unless the exit code is 0. */
  async ok(args: string[], opts: RunOptions = {}): Promise<string> {
    const r = await this.run(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r.stdout;
  }

  /** Starts a long-running command (get -w) whose stdout lines arrive over time. */
  stream(args: string[]): KubectlStream {
    return new KubectlStream(this.#spawn(args));
  }

  #spawn(args: string[], env: Record<string, string> = {}): ChildProcess {
    return spawn(this.bin.path, args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: this.#home, KUBECONFIG: this.#kubeconfig, LANG: "C", ...env },
    });
  }
}

export class KubectlStream {
  readonly lines: string[] = [];
  #stderr = "";
  #exited = false;
  readonly #child: ChildProcess;

  constructor(child: ChildProcess) {
    this.#child = child;
    let partial = "";
    child.stdout!.setEncoding("utf8").on("data", (c: string) => {
      const parts = (partial + c).split("\n");
      partial = parts.pop() ?? "";
      this.lines.push(...parts);
    });
    child.stderr!.setEncoding("utf8").on("data", (c: string) => (this.#stderr += c));
    child.on("close", () => (this.#exited = true));
    child.stdin!.end();
  }

  /** Waits for a stdout line matching `re`, searching from line index `from`; returns its index. */
  async waitForLine(re: RegExp, timeoutMs = 10_000, from = 0): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.lines.findIndex((l, idx) => idx >= from && re.test(l));
      if (i >= 0) return i;
      if (this.#exited || Date.now() > deadline) {
        throw new Error(`no line matching ${re} (exited: ${this.#exited})\nstdout:\n${this.lines.join("\n")}\nstderr:\n${this.#stderr}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  stop(): void {
    if (!this.#exited) this.#child.kill("SIGKILL");
  }
}
