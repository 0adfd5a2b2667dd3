import { test } from "node:test";
import assert from "node:assert/strict";
import { obj } from "../api/validation/json-access.ts";
import { testHost } from "./_agent-harness.ts";
import { inProcessCluster } from "./_registry.ts";
import { NodeRegistrar } from "./node-registrar.ts";

const description = { name: "ordinal-0", host: testHost, podCIDR: "10.244.0.0/24", maxPods: 110, kubeletVersion: "v1.33.0-ordinal", containerRuntimeVersion: "sim://0.1" };

test("NodeRegistrar adopts an existing node: keeps its CIDR, taints and labels, adds ours", async () => {
  const { client } = await inProcessCluster();
  const nodes = client.resource({ group: "", version: "v1", plural: "nodes" });
  await nodes.create(undefined, {
    metadata: { name: "ordinal-0", labels: { disk: "ssd" } },
    spec: { podCIDR: "10.244.7.0/24", taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }], unschedulable: true },
  });
  let now = Date.parse("2025-01-01T00:00:00Z");
  const registrar = new NodeRegistrar(nodes, description, () => now);
  const node = await registrar.register();
  assert.equal(registrar.description.podCIDR, "10.244.7.0/24");
  assert.equal(node.metadata.labels?.disk, "ssd");
  assert.equal(node.metadata.labels?.["kubernetes.io/os"], "linux");
  assert.deepEqual(obj(node.spec)?.taints, [{ key: "dedicated", value: "db", effect: "NoSchedule" }]);
  assert.equal(obj(node.spec)?.unschedulable, true);
  assert.equal(obj(obj(node.status)?.nodeInfo)?.containerRuntimeVersion, "sim://0.1");
  now += 300_000;
  const reported = await registrar.reportStatus();
  const ready = (obj(reported.status)?.conditions as Array<Record<string, unknown>>).find((c) => c.type === "Ready")!;
  assert.deepEqual([ready.lastHeartbeatTime, ready.lastTransitionTime], ["2025-01-01T00:05:00Z", "2025-01-01T00:00:00Z"]);
});
