// `ordinal up --detach --runtime sim` in an OrdinalProcess's home, with the sim sized for a scale
// run: no simulated delays, room for every pod. OrdinalProcess.up() starts the default runtime
// with the environment as it is, hence this launcher.
import { spawn } from "node:child_process";
import { ordinalCli } from "./ordinal-cli.ts";
import type { OrdinalProcess } from "./ordinal-process.ts";

export interface SimServerOptions {
  /** The node's capacity (ORDINAL_SIM_MAX_PODS). */
  maxPods: number;
  /** The node's pod range (ORDINAL_SIM_POD_CIDR); must hold maxPods addresses. */
  podCIDR: string;
  /** More `ordinal up` flags, such as --no-addons. */
  flags?: string[];
}

/** Starts the server and returns the wall time until /readyz answered OK, in milliseconds. */
export function upSim(ordinal: OrdinalProcess, listen: string, opts: SimServerOptions): Promise<number> {
  const env = {
    ...process.env,
    ORDINAL_HOME: ordinal.home,
    ORDINAL_SIM_CREATE_DELAY_MS: "0",
    ORDINAL_SIM_READY_DELAY_MS: "0",
    ORDINAL_SIM_INIT_DURATION_MS: "0",
    ORDINAL_SIM_MAX_PODS: String(opts.maxPods),
    ORDINAL_SIM_POD_CIDR: opts.podCIDR,
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Its own process group, as in OrdinalProcess: a Ctrl-C meant for the benchmark cannot kill `up` half-way.
    const child = spawn(ordinalCli(), ["up", "--detach", "--runtime", "sim", "--listen", listen, ...(opts.flags ?? [])], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`bench: "ordinal up --runtime sim" failed (${signal ?? `exit ${code}`}):\n${output.trimEnd()}`));
    });
  });
}
