// How long a pod takes from runSandbox to a running container, against the same steps done by
// hand: the network sandbox, the overlay root filesystem and a bare `runc run --detach` (root).
// The numbers are reported as test diagnostics; the bounds only catch something gone badly wrong.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { prepareRootfs } from "../../../images/rootfs.ts";
import { ensureBridge } from "../../network/bridge.ts";
import { netnsPath } from "../../network/pod-network-config.ts";
import { setupPodNetwork, teardownPodNetwork } from "../../network/pod-network.ts";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import { removeCgroup } from "./cgroups.ts";
import { destroyClean, never, RuncTestEnv } from "./_runc-test-env.ts";

const run = promisify(execFile);
const ROUNDS = 5;
let env: RuncTestEnv;

before(async () => {
  env = await RuncTestEnv.create();
  await ensureBridge(env.network);
});

after(() => destroyClean(env));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

test("create to running: RuncRuntime against runc run by hand", async (t) => {
  const rt = env.runtime();
  const viaRuntime: number[] = [];
  try {
    await rt.list(); // loading the node's state is start-up work, not part of a pod's creation
    for (let i = 0; i < ROUNDS; i++) {
      const pod = env.pod(`fast-${i}`, [{ name: "app", command: ["sleep", "3600"] }]);
      const start = process.hrtime.bigint();
      await rt.runSandbox(pod, env.ip(), never());
      await rt.startContainer(pod.metadata.uid!, { container: (pod.spec as { containers: JsonObject[] }).containers[0], init: false }, never());
      viaRuntime.push(ms(start));
      await rt.removePod(pod.metadata.uid!);
    }
  } finally {
    await rt.close();
  }

  const image = (await env.images.resolve("busybox"))!;
  const parts = { netns: [] as number[], rootfs: [] as number[], runc: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    const uid = `raw-${process.pid}-${i}`;
    const bundle = join(env.dir, "raw", uid);
    const id = `raw${i}`;
    await mkdir(bundle, { recursive: true });
    let start = process.hrtime.bigint();
    await setupPodNetwork({ podUid: uid, ip: env.ip(), network: env.network });
    parts.netns.push(ms(start));
    start = process.hrtime.bigint();
    const rootfs = await prepareRootfs(image, bundle);
    parts.rootfs.push(ms(start));
    await run("runc", ["spec", "--bundle", bundle]);
    const spec = JSON.parse(await readFile(join(bundle, "config.json"), "utf8"));
    spec.process.terminal = false;
    spec.process.args = ["sleep", "3600"];
    spec.root = { path: rootfs.rootfs, readonly: false };
    spec.linux.namespaces = spec.linux.namespaces.map((n: { type: string }) => (n.type === "network" ? { type: "network", path: netnsPath(env.network, uid) } : n));
    spec.linux.cgroupsPath = `${env.cgroupParent}/raw/${id}`;
    await writeFile(join(bundle, "config.json"), JSON.stringify(spec));
    const root = join(env.dir, "raw-runc");
    start = process.hrtime.bigint();
    // --detach hands runc's stdio to the container: give it none, and wait for runc alone.
    const runc = spawn("runc", ["--root", root, "run", "--detach", "--bundle", bundle, id], { stdio: "ignore" });
    const code = await new Promise((resolve) => runc.once("exit", resolve));
    parts.runc.push(ms(start));
    assert.equal(code, 0);
    await run("runc", ["--root", root, "delete", "--force", id]);
    await rootfs.cleanup();
    await teardownPodNetwork(uid, env.network);
  }
  await removeCgroup(`${env.cgroupParent}/raw`);

  const byHand = median(parts.netns) + median(parts.rootfs) + median(parts.runc);
  t.diagnostic(`RuncRuntime runSandbox+startContainer: median ${median(viaRuntime).toFixed(1)} ms of ${viaRuntime.map((x) => x.toFixed(0)).join(", ")}`);
  t.diagnostic(
    `by hand: netns ${median(parts.netns).toFixed(1)} + rootfs ${median(parts.rootfs).toFixed(1)} + runc run -d ${median(parts.runc).toFixed(1)} = ${byHand.toFixed(1)} ms`,
  );
  assert.ok(median(viaRuntime) < 2000, `RuncRuntime took ${median(viaRuntime)} ms`);
  assert.ok(median(parts.runc) < 2000, `runc run took ${median(parts.runc)} ms`);
});
