// `ordinal up --detach --runtime runc` for `ordinal bench pods`, on a pod network of its own
// (ORDINAL_BRIDGE, ORDINAL_POD_CIDR, ORDINAL_NETNS_PREFIX) so that it never touches the sandboxes
// of a node already running on the machine; and the removal of everything it ran.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PodNetworkConfig } from "../src/node/network/pod-network-config.ts";
import { purgeRuncNode } from "../src/node/runtime/runc/node-cleanup.ts";
import { nodeIsolationFromEnv } from "../src/cli/node-for-runtime.ts";
import { ordinalCli } from "./ordinal-cli.ts";
import type { OrdinalProcess } from "./ordinal-process.ts";

const run = promisify(execFile);

export function networkEnv(network: PodNetworkConfig): Record<string, string> {
  return { ORDINAL_BRIDGE: network.bridge, ORDINAL_POD_CIDR: network.subnet, ORDINAL_NETNS_PREFIX: network.prefix };
}

/** Starts the server and returns the wall time until /readyz answered OK, in milliseconds. */
export function upRunc(ordinal: OrdinalProcess, listen: string, network: PodNetworkConfig): Promise<number> {
  const env = { ...process.env, ORDINAL_HOME: ordinal.home, ...networkEnv(network) };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Its own process group, as in OrdinalProcess: a Ctrl-C meant for the benchmark cannot kill `up` half-way.
    const child = spawn(ordinalCli(), ["up", "--detach", "--runtime", "runc", "--listen", listen], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`bench: "ordinal up --runtime runc" failed (${signal ?? `exit ${code}`}):\n${output.trimEnd()}`));
    });
  });
}

/**
 * After `ordinal down`: removes the bench's bridge, and whatever its pods left if their deletion
 * did not finish. The full purge kills the node's whole cgroup parent, which a node already running
 * on the machine shares, so it runs only when containers of ours are left.
 */
export async function removeBenchNode(ordinal: OrdinalProcess, network: PodNetworkConfig): Promise<"clean" | "purged"> {
  const node = join(ordinal.home, "node");
  const root = join(node, "runc");
  const left = existsSync(root) ? (await run("runc", ["--root", root, "list", "-q"])).stdout.trim() : "";
  // Always the bench node's own network and cgroup parent, never the machine's real node.
  await purgeRuncNode({ home: node, ipamDir: join(node, "ipam"), ...nodeIsolationFromEnv(networkEnv(network)) });
  return left === "" ? "clean" : "purged";
}
