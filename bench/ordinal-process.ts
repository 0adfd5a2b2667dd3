// One `bin/ordinal up --detach` server in a throwaway ORDINAL_HOME, driven through the real CLI so
// that start-up is measured as a user sees it.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ordinalCli } from "./ordinal-cli.ts";

const ORDINAL = ordinalCli();

/** USER_HZ, which Linux fixes at 100 on every architecture node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface MemoryUse {
  /** Resident set now (VmRSS), in MiB. */
  rssMb: number;
  /** Peak resident set so far (VmHWM), in MiB. */
  peakRssMb: number;
}

export class OrdinalProcess {
  readonly home: string;
  #pendingUp: Promise<unknown> | undefined;

  private constructor(home: string) {
    this.home = home;
  }

  static async create(): Promise<OrdinalProcess> {
    return new OrdinalProcess(await mkdtemp(join(tmpdir(), "ordinal-bench-")));
  }

  get kubeconfigPath(): string {
    return join(this.home, "kubeconfig");
  }

  /** Runs `ordinal up --detach` and returns its wall time in milliseconds: until /readyz answered OK. */
  async up(listen: string): Promise<number> {
    const started = performance.now();
    const run = this.#cli(["up", "--detach", "--listen", listen]);
    this.#pendingUp = run.catch(() => {});
    await run;
    return performance.now() - started;
  }

  async down(): Promise<void> {
    await this.#cli(["down"]);
  }

  pid(): number {
    const pid = Number(readFileSync(join(this.home, "ordinal.pid"), "utf8").trim());
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`bench: no server pid in ${this.home}/ordinal.pid`);
    return pid;
  }

  memory(): MemoryUse {
    const status = readFileSync(`/proc/${this.pid()}/status`, "utf8");
    const mib = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
      if (!m) throw new Error(`bench: no ${field} in /proc/${this.pid()}/status`);
      return Number(m[1]) / 1024;
    };
    return { rssMb: mib("VmRSS"), peakRssMb: mib("VmHWM") };
  }

  /** CPU time (user + system) the server has used so far, in milliseconds. */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.pid()}/stat`, "utf8");
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  /** Stops the server if it runs and removes the home; safe to call more than once. */
  async dispose(): Promise<void> {
    await this.#pendingUp;
    try {
      await this.down();
    } finally {
      await rm(this.home, { recursive: true, force: true });
    }
  }

  /**
   * Runs the CLI in its own process group so that a Ctrl-C meant for the benchmark cannot kill an
   * `up` half-way (leaving a server nobody stops) or interrupt the final `down`.
   */
  #cli(args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(ORDINAL, args, {
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ORDINAL_HOME: this.home },
      });
      let output = "";
      child.stdout.on("data", (c: Buffer) => (output += c.toString()));
      child.stderr.on("data", (c: Buffer) => (output += c.toString()));
      child.on("error", reject);
      child.on("close", (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`bench: "ordinal ${args.join(" ")}" failed (${signal ?? `exit ${code}`}):\n${output.trimEnd()}`));
      });
    });
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      server.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("bench: no free port"))));
    });
  });
}
