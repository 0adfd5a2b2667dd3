// `ordinal down [--purge]`: stop the control plane of this home and wait for it to exit. Pods keep
// running (the next `up` re-adopts them) unless --purge, which removes every container, mount,
// network namespace, veth and address of ours, and the bridge.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { purgeRuncNode } from "../../node/runtime/runc/node-cleanup.ts";
import { ordinalHome, pidFile } from "../home.ts";
import { runningPid } from "../probe.ts";
import { nodeIsolationFromEnv } from "../node-for-runtime.ts";

export async function down(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { purge: { type: "boolean", default: false } } });
  const home = ordinalHome();
  const pid = runningPid(home);
  if (!pid) {
    console.log(`ordinal is not running in ${home}`);
    await rm(pidFile(home), { force: true });
  } else {
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && runningPid(home) === pid) await new Promise((r) => setTimeout(r, 50));
    if (runningPid(home) === pid) {
      process.kill(pid, "SIGKILL");
      await rm(pidFile(home), { force: true });
    }
    console.log(`ordinal stopped (pid ${pid})`);
  }
  if (values.purge) {
    const node = join(home, "node");
    await purgeRuncNode({ home: node, ipamDir: join(node, "ipam"), ...nodeIsolationFromEnv(process.env) });
    console.log("removed every pod container, mount, network namespace and address of this node");
  }
  return 0;
}
