import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { obj, str } from "../api/validation/json-access.ts";
import { InProcessPodBinder } from "../client/binder.ts";
import { FakeEventRecorder } from "../client/event-recorder.ts";
import { inProcessCluster } from "../node/_registry.ts";
import { ManualTimerClock, settle } from "../node/manual-timer-clock.ts";
import { Scheduler } from "./scheduler.ts";

function node(name: string, over: { labels?: Record<string, string>; taints?: unknown[]; cpu?: string } = {}): KubeObject {
  return {
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...over.labels } },
    spec: over.taints ? { taints: over.taints } : {},
    status: {
      capacity: { cpu: over.cpu ?? "4", memory: "8Gi", pods: "110" },
      allocatable: { cpu: over.cpu ?? "4", memory: "8Gi", pods: "110" },
      conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }],
    },
  };
}

function pod(name: string, spec: Record<string, unknown> = {}, cpu?: string): KubeObject {
  return {
    metadata: { name },
    spec: { containers: [{ name: "app", image: "nginx", ...(cpu ? { resources: { requests: { cpu } } } : {}) }], ...spec },
  };
}

async function setup() {
  const clock = new ManualTimerClock();
  const { registry, client } = await inProcessCluster(() => clock.now());
  const events = new FakeEventRecorder();
  const scheduler = new Scheduler({ client, binder: new InProcessPodBinder(registry, () => clock.now()), events, clock });
  const nodes = client.resource({ group: "", version: "v1", plural: "nodes" });
  const pods = client.resource({ group: "", version: "v1", plural: "pods" });
  await scheduler.start();
  const nodeOf = async (name: string) => str(obj((await pods.get("default", name)).spec)?.nodeName);
  const scheduled = (await pods.list()).items;
  assert.equal(scheduled.length, 0);
  return {
    clock,
    events,
    nodes,
    pods,
    nodeOf,
    async until(what: string, check: () => Promise<boolean>) {
      for (let i = 0; i < 200; i++) {
        if (await check()) return;
        await settle();
      }
      assert.fail(`timed out waiting for ${what}`);
    },
    close() {
      scheduler.stop();
      assert.equal(clock.pending, 0);
    },
  };
}

const podScheduled = (p: KubeObject) => ((obj(p.status)?.conditions ?? []) as Array<Record<string, unknown>>).find((c) => c.type === "PodScheduled");

test("Scheduler binds a pod to a fitting node and records Scheduled", async () => {
  const s = await setup();
  try {
    await s.nodes.create(undefined, node("ordinal-0"));
    await s.pods.create("default", pod("web-0"));
    await s.until("web-0 bound", async () => (await s.nodeOf("web-0")) === "ordinal-0");
    assert.deepEqual(s.events.events, ["Normal Scheduled Successfully assigned default/web-0 to ordinal-0"]);
    assert.equal(podScheduled(await s.pods.get("default", "web-0"))?.status, "True");
  } finally {
    s.close();
  }
});

test("Scheduler marks a pod that fits nowhere Unschedulable and binds it once room frees up", async () => {
  const s = await setup();
  try {
    await s.nodes.create(undefined, node("ordinal-0"));
    await s.pods.create("default", pod("big-0", {}, "3"));
    await s.until("big-0 bound", async () => (await s.nodeOf("big-0")) === "ordinal-0");
    await s.pods.create("default", pod("big-1", {}, "2"));
    const message = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    await s.until("big-1 unschedulable", async () => podScheduled(await s.pods.get("default", "big-1"))?.reason === "Unschedulable");
    const condition = podScheduled(await s.pods.get("default", "big-1"))!;
    assert.deepEqual([condition.status, condition.message], ["False", message]);
    assert.ok(s.events.events.includes(`Warning FailedScheduling ${message}`));
    await s.pods.delete("default", "big-0", { gracePeriodSeconds: 0 });
    await s.until("big-1 bound", async () => (await s.nodeOf("big-1")) === "ordinal-0");
  } finally {
    s.close();
  }
});

test("Scheduler retries when a node changes: a label that matches the nodeSelector", async () => {
  const s = await setup();
  try {
    const n = await s.nodes.create(undefined, node("ordinal-0"));
    await s.pods.create("default", pod("db-0", { nodeSelector: { disk: "ssd" } }));
    await s.until("db-0 unschedulable", async () => podScheduled(await s.pods.get("default", "db-0"))?.reason === "Unschedulable");
    assert.match(String(podScheduled(await s.pods.get("default", "db-0"))!.message), /^0\/1 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector\./);
    await s.nodes.update({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, disk: "ssd" } } });
    await s.until("db-0 bound", async () => (await s.nodeOf("db-0")) === "ordinal-0");
  } finally {
    s.close();
  }
});

test("Scheduler keeps pods off tainted nodes unless they tolerate the taint", async () => {
  const s = await setup();
  try {
    await s.nodes.create(undefined, node("ordinal-0", { taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] }));
    await s.pods.create("default", pod("web-0"));
    await s.pods.create("default", pod("db-0", { tolerations: [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }] }));
    await s.until("db-0 bound", async () => (await s.nodeOf("db-0")) === "ordinal-0");
    await s.until("web-0 unschedulable", async () => podScheduled(await s.pods.get("default", "web-0"))?.reason === "Unschedulable");
    assert.ok(s.events.events.some((e) => e.startsWith("Warning FailedScheduling 0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}.")));
  } finally {
    s.close();
  }
});

test("Scheduler leaves pods of other schedulers and gated pods alone", async () => {
  const s = await setup();
  try {
    await s.nodes.create(undefined, node("ordinal-0"));
    await s.pods.create("default", pod("other-0", { schedulerName: "my-scheduler" }));
    await s.pods.create("default", pod("gated-0", { schedulingGates: [{ name: "example.com/wait" }] }));
    await s.pods.create("default", pod("web-0"));
    await s.until("web-0 bound", async () => (await s.nodeOf("web-0")) === "ordinal-0");
    await s.until("gated-0 marked", async () => podScheduled(await s.pods.get("default", "gated-0"))?.reason === "SchedulingGated");
    assert.equal(await s.nodeOf("other-0"), "");
    assert.equal(await s.nodeOf("gated-0"), "");
    assert.equal(podScheduled(await s.pods.get("default", "other-0")), undefined);
  } finally {
    s.close();
  }
});

test("Scheduler retries an unschedulable pod after the retry period", async () => {
  const s = await setup();
  try {
    await s.pods.create("default", pod("web-0"));
    await s.until("web-0 unschedulable", async () => podScheduled(await s.pods.get("default", "web-0"))?.message === "no nodes available to schedule pods");
    assert.equal(s.clock.nextDue?.toISOString(), "2025-01-01T00:05:00.000Z");
    await s.clock.tick(300_000);
    await s.until("the next retry", async () => s.clock.nextDue?.toISOString() === "2025-01-01T00:10:00.000Z");
    assert.equal(s.clock.pending, 1);
  } finally {
    s.close();
  }
});
