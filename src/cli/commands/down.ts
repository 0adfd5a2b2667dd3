// `ordinal down`: stop the control plane of this home and wait for it to exit.
import { rm } from "node:fs/promises";
import { ordinalHome, pidFile } from "../home.ts";
import { runningPid } from "../probe.ts";

export async function down(_argv: string[]): Promise<number> {
  const home = ordinalHome();
  const pid = runningPid(home);
  if (!pid) {
    console.log(`ordinal is not running in ${home}`);
    await rm(pidFile(home), { force: true });
    return 0;
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && runningPid(home) === pid) await new Promise((r) => setTimeout(r, 50));
  if (runningPid(home) === pid) {
    process.kill(pid, "SIGKILL");
    await rm(pidFile(home), { force: true });
  }
  console.log(`ordinal stopped (pid ${pid})`);
  return 0;
}
