// `ordinal status`: is it running here, and ready?
import { join } from "node:path";
import { ordinalHome } from "../home.ts";
import { probeReady, readKubeconfig, runningPid } from "../probe.ts";

export async function status(_argv: string[]): Promise<number> {
  const home = ordinalHome();
  const pid = runningPid(home);
  if (!pid) {
    console.log(`ordinal is not running (home ${home})`);
    return 3;
  }
  const ready = await probeReady(home);
  const server = (await readKubeconfig(join(home, "kubeconfig"))).server;
  console.log(`ordinal is running (pid ${pid}) at ${server}: ${ready ? "ready" : "not ready"}`);
  console.log(`  export KUBECONFIG=${home}/kubeconfig`);
  return ready ? 0 : 1;
}
