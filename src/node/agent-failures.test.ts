import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { isNotFound } from "../api/status-error.ts";
import { obj } from "../api/validation/json-access.ts";
import { simplePod, startHarness, type Harness } from "./_agent-harness.ts";

const status = (pod: KubeObject) => obj(pod.status) ?? {};
const condition = (pod: KubeObject, type: string) => (status(pod).conditions as Array<Record<string, unknown>>).find((c) => c.type === type)!;
const containerStatus = (pod: KubeObject) => (status(pod).containerStatuses as Array<Record<string, unknown>>)[0];

async function gone(h: Harness, name: string): Promise<boolean> {
  try {
    await h.pods.get("default", name);
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

test("sim readiness fail keeps a pod Running but not Ready until the annotation goes", async () => {
  const h = await startHarness();
  try {
    await h.pods.create("default", simplePod("web-0", { "sim.ordinal.dev/readiness": "fail" }));
    await h.until("web-0 running", async () => (await h.shown("web-0")).status === "Running");
    await h.clock.tick(1000);
    assert.deepEqual(await h.shown("web-0"), { status: "Running", ready: "0/1", restarts: "0" });
    const pod = await h.pods.get("default", "web-0");
    const ready = condition(pod, "Ready");
    assert.deepEqual([ready.status, ready.reason, ready.message], ["False", "ContainersNotReady", "containers with unready status: [app]"]);
    assert.ok(h.events.events.includes('Warning Unhealthy Readiness probe failed: sim.ordinal.dev/readiness is "fail"'));
    await h.pods.update({ ...pod, metadata: { ...pod.metadata, annotations: {} } });
    await h.until("web-0 ready", async () => (await h.shown("web-0")).ready === "1/1");
  } finally {
    await h.close();
  }
});

test("sim never-ready keeps a pod Running 0/1 without Unhealthy events", async () => {
  const h = await startHarness();
  try {
    await h.pods.create("default", simplePod("web-0", { "sim.ordinal.dev/never-ready": "true" }));
    await h.until("web-0 running", async () => (await h.shown("web-0")).status === "Running");
    await h.clock.tick(60_000);
    assert.deepEqual(await h.shown("web-0"), { status: "Running", ready: "0/1", restarts: "0" });
    assert.ok(!h.events.events.some((e) => e.includes("Unhealthy")));
  } finally {
    await h.close();
  }
});

test("sim exit codes under restartPolicy Never end the pod Completed or Error", async () => {
  const cases = [
    { exitCode: "0", shown: "Completed", phase: "Succeeded" },
    { exitCode: "3", shown: "Error", phase: "Failed" },
  ];
  for (const c of cases) {
    const h = await startHarness();
    try {
      await h.pods.create("default", simplePod("job-0", { "sim.ordinal.dev/exit-code": c.exitCode }, { restartPolicy: "Never" }));
      await h.until(`job-0 ${c.phase}`, async () => status(await h.pods.get("default", "job-0")).phase === c.phase);
      assert.equal((await h.shown("job-0")).status, c.shown);
      const pod = await h.pods.get("default", "job-0");
      assert.equal(obj(obj(containerStatus(pod).state)?.terminated)?.exitCode, Number(c.exitCode));
      assert.equal(status(pod).podIP, "10.244.0.2", "the IP stays in the status");
      await h.until("sandbox removed", async () => (await h.runtime.status(pod.metadata.uid!)) === undefined);
      await h.pods.create("default", simplePod("next-0"));
      await h.until("next-0 ready", async () => (await h.shown("next-0")).ready === "1/1");
      assert.equal(status(await h.pods.get("default", "next-0")).podIP, "10.244.0.3");
    } finally {
      await h.close();
    }
  }
});

test("NodeAgent runs init containers one by one before the app (Init:0/2, Init:1/2)", async () => {
  const h = await startHarness();
  try {
    const init = [
      { name: "seed", image: "busybox" },
      { name: "migrate", image: "busybox" },
    ];
    await h.pods.create("default", simplePod("db-0", {}, { initContainers: init }));
    const seen: string[] = [];
    await h.until("db-0 ready", async () => {
      const shown = await h.shown("db-0");
      if (seen.at(-1) !== shown.status) seen.push(shown.status);
      return shown.ready === "1/1";
    });
    assert.deepEqual(seen, ["Pending", "Init:0/2", "Init:1/2", "PodInitializing", "Running"]);
    const pod = await h.pods.get("default", "db-0");
    const inits = status(pod).initContainerStatuses as Array<Record<string, unknown>>;
    assert.deepEqual(
      inits.map((s) => obj(obj(s.state)?.terminated)?.reason),
      ["Completed", "Completed"],
    );
  } finally {
    await h.close();
  }
});

test("NodeAgent starts a pod that reuses a name only after the old one has stopped", async () => {
  const h = await startHarness();
  try {
    const old = await h.pods.create("default", simplePod("web-0", { "sim.ordinal.dev/stop-delay-ms": "5000" }));
    await h.until("old web-0 ready", async () => (await h.shown("web-0")).ready === "1/1");
    await h.pods.delete("default", "web-0", { gracePeriodSeconds: 0 });
    const replacement = await h.pods.create("default", simplePod("web-0"));
    await h.clock.tick(4000);
    assert.equal((await h.runtime.status(old.metadata.uid!))?.containers[0].state, "running", "the old one is still stopping");
    assert.equal(await h.runtime.status(replacement.metadata.uid!), undefined, "the new one waits");
    await h.until("new web-0 ready", async () => (await h.shown("web-0")).ready === "1/1");
    assert.equal(await h.runtime.status(old.metadata.uid!), undefined);
  } finally {
    await h.close();
  }
});

test("NodeAgent keeps a pod ContainerCreating until its claims are Bound", async () => {
  const h = await startHarness();
  try {
    const volumes = [{ name: "data", persistentVolumeClaim: { claimName: "data-db-0" } }];
    await h.pods.create("default", simplePod("db-0", {}, { volumes }));
    await h.clock.tick(5000);
    assert.equal((await h.shown("db-0")).status, "ContainerCreating");
    assert.ok(h.events.events.some((e) => e.startsWith('Warning FailedMount Unable to attach or mount volumes: persistentvolumeclaims "data-db-0"')));
    const claims = h.client.resource({ group: "", version: "v1", plural: "persistentvolumeclaims" });
    const claim = await claims.create("default", {
      metadata: { name: "data-db-0" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
    });
    await h.clock.tick(5000);
    assert.equal((await h.shown("db-0")).status, "ContainerCreating");
    await claims.updateStatus({ ...claim, status: { phase: "Bound" } });
    await h.until("db-0 ready", async () => (await h.shown("db-0")).ready === "1/1");
  } finally {
    await h.close();
  }
});

test("NodeAgent deletes a pod at once when it is deleted while its container is being created", async () => {
  const h = await startHarness();
  try {
    await h.pods.create("default", simplePod("slow-0", { "sim.ordinal.dev/start-delay-ms": "600000" }));
    await h.until("slow-0 creating", async () => (await h.shown("slow-0")).status === "ContainerCreating");
    await h.pods.delete("default", "slow-0");
    await h.until("slow-0 gone", () => gone(h, "slow-0"), 10, 1000);
  } finally {
    await h.close();
  }
});

test("NodeAgent after a process restart continues running pods from their status", async () => {
  const h = await startHarness();
  try {
    await h.pods.create("default", simplePod("web-0"));
    await h.until("web-0 ready", async () => (await h.shown("web-0")).ready === "1/1");
    const before = await h.pods.get("default", "web-0");
    await h.restartAgent({ freshRuntime: true });
    await h.pods.create("default", simplePod("web-1"));
    await h.until("web-1 ready", async () => (await h.shown("web-1")).ready === "1/1");
    const after = await h.pods.get("default", "web-0");
    assert.deepEqual(status(after), status(before), "nothing about web-0 changed");
    assert.equal((await h.runtime.status(before.metadata.uid!))?.containers[0].containerID, containerStatus(before).containerID);
    assert.equal(status(await h.pods.get("default", "web-1")).podIP, "10.244.0.3", "web-0's IP stays reserved");
  } finally {
    await h.close();
  }
});

test("NodeAgent stops what the runtime still runs for pods deleted while it was down", async () => {
  const h = await startHarness();
  try {
    const pod = await h.pods.create("default", simplePod("web-0"));
    await h.until("web-0 ready", async () => (await h.shown("web-0")).ready === "1/1");
    await h.agent.stop();
    await h.pods.delete("default", "web-0", { gracePeriodSeconds: 0 });
    await h.restartAgent();
    await h.until("sandbox removed", async () => (await h.runtime.status(pod.metadata.uid!)) === undefined);
  } finally {
    await h.close();
  }
});
