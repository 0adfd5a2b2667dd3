// `ordinal up`: run the control plane in the foreground, or --detach it and return once ready.
import { spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { startControlPlane } from "../control-plane.ts";
import { logFile, ordinalHome, pidFile } from "../home.ts";
import { probeReady, runningPid } from "../probe.ts";

const USAGE = `Usage: ordinal up [--listen ADDR:PORT] [--runtime runc|sim] [--detach] [--no-addons]

Starts the control plane with its state in $ORDINAL_HOME (default ~/.ordinal).
  --listen ADDR:PORT   where the API server listens (default 127.0.0.1:6443)
  --runtime runc|sim   how pods run (runc: real containers; sim: simulated)
  --detach             run in the background and return once /readyz is OK
  --no-addons          run none of ordinal's add-on controllers
  --no-stuck-rollout-healer, --no-waiting-reason
                       turn one add-on off`;

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value);
  if (!m) throw new Error(`--listen: expected ADDR:PORT, got "${value}"`);
  const port = Number(m[3]);
  if (port < 0 || port > 65535) throw new Error(`--listen: port out of range: ${port}`);
  return { host: m[1] ?? m[2], port };
}

export async function up(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      listen: { type: "string", default: "127.0.0.1:6443" },
      runtime: { type: "string", default: "runc" },
      detach: { type: "boolean", default: false },
      "no-addons": { type: "boolean", default: false },
      "no-stuck-rollout-healer": { type: "boolean", default: false },
      "no-waiting-reason": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.runtime !== "runc" && values.runtime !== "sim") throw new Error(`--runtime: expected runc or sim, got "${values.runtime}"`);
  const { host, port } = parseListen(values.listen!);
  const home = ordinalHome();
  const existing = runningPid(home);
  if (existing) throw new Error(`ordinal is already running in ${home} (pid ${existing}); run "ordinal down" first`);
  if (values.detach) return detach(home, argv.filter((a) => a !== "--detach"));

  const started = performance.now();
  const addons = {
    stuckRolloutHealer: !values["no-addons"] && !values["no-stuck-rollout-healer"],
    waitingReason: !values["no-addons"] && !values["no-waiting-reason"],
  };
  const cp = await startControlPlane({ home, host, port, runtime: values.runtime, addons });
  await writeFile(pidFile(home), `${process.pid}\n`);
  console.log(`ordinal is up in ${Math.round(performance.now() - started)} ms: ${cp.url} (runtime ${values.runtime})`);
  console.log(`  export KUBECONFIG=${cp.kubeconfigPath}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cp.stop();
    await rm(pidFile(home), { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  return new Promise<number>(() => {});
}

async function detach(home: string, args: string[]): Promise<number> {
  const { mkdirSync } = await import("node:fs");
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const out = openSync(logFile(home), "a");
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], "up", ...args], {
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, ORDINAL_HOME: home },
  });
  child.unref();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await probeReady(home)) {
      console.log(`ordinal is up (pid ${child.pid}); logs in ${logFile(home)}`);
      console.log(`  export KUBECONFIG=${home}/kubeconfig`);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  let tail = "";
  try {
    tail = readFileSync(logFile(home), "utf8").split("\n").slice(-15).join("\n");
  } catch {
    // no log yet
  }
  console.error(`ordinal did not become ready; last log lines:\n${tail}`);
  return 1;
}
