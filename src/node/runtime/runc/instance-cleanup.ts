// Removes everything one container instance left on the machine except its log: the runc
// container (killed first if it still runs, and given to its conmon to record), the overlay
// root filesystem, the bundle, the exit file and conmon's socket link. Idempotent, and safe after
// a crash at any point of creation or removal.
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { removeRootfs } from "../../../images/rootfs.ts";
import type { NodeLayout } from "./node-layout.ts";
import type { RuncCli } from "./runc-cli.ts";

const LIVE = new Set(["created", "running", "paused"]);
const CONMON_GRACE_MS = 2000;

function alive(pidFile: string): boolean {
  try {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    if (!(pid > 0)) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function removeInstance(layout: NodeLayout, runc: RuncCli, bundle: string, id: string): Promise<void> {
  const state = await runc.state(id).catch(() => undefined);
  if (state && LIVE.has(state.status)) {
    await runc.kill(id, "KILL");
    // Let its conmon write the exit file before we delete it, or it would appear afterwards.
    const conmonPid = join(bundle, "conmon.pid");
    for (let waited = 0; waited < CONMON_GRACE_MS && alive(conmonPid) && !existsSync(layout.exitFile(id)); waited += 20) await sleep(20);
  }
  await runc.delete(id, true);
  await removeRootfs(bundle);
  await rm(bundle, { recursive: true, force: true });
  await rm(layout.exitFile(id), { force: true });
  await rm(layout.socketLink(id), { force: true });
}
