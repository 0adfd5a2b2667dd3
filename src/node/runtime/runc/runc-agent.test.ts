// The node agent on the runc runtime (root), through the real registry in-process: pods come up
// Running, survive an agent restart untouched, and are cleaned up when deleted, also when that
// happened while no agent ran.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../../api/meta.ts";
import { summarizePod } from "../../../apiserver/tables/pods.ts";
import { FakeEventRecorder } from "../../../client/event-recorder.ts";
import { inProcessCluster } from "../../_registry.ts";
import { NodeAgent } from "../../agent.ts";
import { testHost } from "../../_agent-harness.ts";
import type { RuncRuntime } from "./runc-runtime.ts";
import { destroyClean, eventually, logText, RuncTestEnv } from "./_runc-test-env.ts";

let env: RuncTestEnv;

before(async () => {
  env = await RuncTestEnv.create();
});

after(() => destroyClean(env));

const podsId = { group: "", version: "v1", plural: "pods" };

test("the agent runs pods on runc, re-adopts them after a restart and cleans up deletions", async () => {
  const { client } = await inProcessCluster();
  const pods = client.resource(podsId);
  const start = (runtime: RuncRuntime) =>
    new NodeAgent({ client, runtime, host: testHost, podCIDR: env.network.subnet, events: new FakeEventRecorder(), log: () => {}, leaseRenewIntervalMs: 60_000 });
  const shown = async (name: string) => summarizePod((await pods.get("default", name)) as never, new Date());
  const pod = (name: string, script: string): KubeObject => ({
    metadata: { name },
    spec: {
      nodeName: "ordinal-0",
      terminationGracePeriodSeconds: 5,
      containers: [{ name: "app", image: "busybox", imagePullPolicy: "Never", command: ["sh", "-c", script] }],
    },
  });

  let runtime = env.runtime();
  let agent = start(runtime);
  await agent.start();
  try {
    await pods.create("default", pod("web-0", "hostname; trap 'exit 0' TERM; sleep 3600 & wait"));
    await pods.create("default", pod("gone-0", "trap 'exit 0' TERM; sleep 3600 & wait"));
    for (const name of ["web-0", "gone-0"]) await eventually(`${name} Running`, async () => ((await shown(name)).status === "Running" ? true : undefined), 30_000);
    const web = await pods.get("default", "web-0");
    assert.equal(await logText(runtime, web, "app"), "web-0\n");
    const before = JSON.stringify((web.status as { containerStatuses: unknown[] }).containerStatuses);

    // ordinal stops; meanwhile gone-0 is deleted for good.
    await agent.stop();
    await runtime.close();
    await pods.delete("default", "gone-0", { gracePeriodSeconds: 0 });

    runtime = env.runtime();
    agent = start(runtime);
    await agent.start();
    await eventually("gone-0's containers to go", async () => ((await runtime.list()).length === 1 ? true : undefined), 30_000);
    const after = await pods.get("default", "web-0");
    assert.equal(JSON.stringify((after.status as { containerStatuses: unknown[] }).containerStatuses), before);
    assert.equal((await shown("web-0")).status, "Running");

    await pods.delete("default", "web-0");
    await eventually("web-0 deleted", async () => ((await pods.list({ namespace: "default" })).items.length === 0 ? true : undefined), 30_000);
    // The agent confirms the deletion, then removes what the pod had on the node.
    await eventually("web-0's containers to go", async () => ((await runtime.list()).length === 0 ? true : undefined), 30_000);
  } finally {
    await agent.stop();
    for (const p of await runtime.list()) await runtime.removePod(p.uid);
    await runtime.close();
  }
});
