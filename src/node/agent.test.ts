import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { isNotFound } from "../api/status-error.ts";
import { obj } from "../api/validation/json-access.ts";
import { simplePod, startHarness } from "./_agent-harness.ts";

const status = (pod: KubeObject) => obj(pod.status) ?? {};
const condition = (pod: KubeObject, type: string) => (status(pod).conditions as Array<Record<string, unknown>> | undefined)?.find((c) => c.type === type);

test("NodeAgent registers the node with capacity, conditions and a lease", async () => {
  const h = await startHarness();
  try {
    const node = await h.client.resource({ group: "", version: "v1", plural: "nodes" }).get(undefined, "ordinal-0");
    const s = status(node);
    assert.deepEqual(obj(s.capacity), { cpu: "4", "ephemeral-storage": "100Gi", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: "8Gi", pods: "110" });
    assert.equal(obj(s.allocatable)?.memory, "8092Mi", "less the 100Mi eviction threshold");
    assert.equal(obj(s.nodeInfo)?.containerRuntimeVersion, "sim://0.1");
    assert.equal(obj(s.nodeInfo)?.kubeletVersion, "v1.33.0-ordinal");
    assert.deepEqual(obj(node.spec), { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"] });
    assert.equal(node.metadata.labels?.["kubernetes.io/hostname"], "ordinal-0");
    assert.equal(node.metadata.labels?.["node-role.kubernetes.io/control-plane"], "");
    assert.deepEqual(condition(node, "Ready") && { ...condition(node, "Ready"), lastHeartbeatTime: undefined, lastTransitionTime: undefined }, {
      type: "Ready",
      status: "True",
      reason: "KubeletReady",
      message: "kubelet is posting ready status",
      lastHeartbeatTime: undefined,
      lastTransitionTime: undefined,
    });
    const leases = h.client.resource({ group: "coordination.k8s.io", version: "v1", plural: "leases" });
    const first = await leases.get("kube-node-lease", "ordinal-0");
    assert.equal(obj(first.spec)?.renewTime, "2025-01-01T00:00:00.000000Z");
    assert.equal(first.metadata.ownerReferences?.[0].uid, node.metadata.uid);
    assert.deepEqual(h.events.events, [
      "Normal Starting Starting kubelet.",
      "Normal NodeHasSufficientMemory Node ordinal-0 status is now: NodeHasSufficientMemory",
      "Normal NodeHasNoDiskPressure Node ordinal-0 status is now: NodeHasNoDiskPressure",
      "Normal NodeHasSufficientPID Node ordinal-0 status is now: NodeHasSufficientPID",
      "Normal NodeAllocatableEnforced Updated Node Allocatable limit across pods",
      "Normal NodeReady Node ordinal-0 status is now: NodeReady",
    ]);
    await h.clock.tick(10_000);
    const renewed = await leases.get("kube-node-lease", "ordinal-0");
    assert.equal(obj(renewed.spec)?.renewTime, "2025-01-01T00:00:10.000000Z");
  } finally {
    await h.close();
  }
});

test("NodeAgent walks a pod through ContainerCreating and Running to Ready with an IP", async () => {
  const h = await startHarness();
  try {
    const seen: string[] = [];
    const eventsBefore = h.events.events.length;
    await h.pods.create("default", simplePod("web-0"));
    await h.until("web-0 ready", async () => {
      const shown = await h.shown("web-0");
      const line = `${shown.status} ${shown.ready}`;
      if (seen.at(-1) !== line) seen.push(line);
      return shown.ready === "1/1";
    });
    assert.deepEqual(seen, ["Pending 0/1", "ContainerCreating 0/1", "Running 0/1", "Running 1/1"]);
    const pod = await h.pods.get("default", "web-0");
    const s = status(pod);
    assert.equal(s.phase, "Running");
    assert.equal(s.podIP, "10.244.0.2");
    assert.deepEqual(s.podIPs, [{ ip: "10.244.0.2" }]);
    assert.equal(s.hostIP, "192.168.1.5");
    assert.equal(s.qosClass, "BestEffort");
    assert.deepEqual(
      (s.conditions as Array<Record<string, unknown>>).map((c) => `${c.type}=${c.status}`),
      ["PodReadyToStartContainers=True", "Initialized=True", "Ready=True", "ContainersReady=True", "PodScheduled=True"],
    );
    const cs = (s.containerStatuses as Array<Record<string, unknown>>)[0];
    assert.equal(cs.image, "docker.io/library/nginx:latest");
    assert.match(String(cs.containerID), /^sim:\/\/[0-9a-f]{64}$/);
    assert.equal(cs.started, true);
    assert.deepEqual(h.events.events.slice(eventsBefore), [
      'Normal Pulled Container image "nginx" already present on machine',
      "Normal Created Created container: app",
      "Normal Started Started container app",
    ]);
  } finally {
    await h.close();
  }
});

test("NodeAgent restarts a crashing container with growing back-off (CrashLoopBackOff)", async () => {
  const h = await startHarness();
  try {
    await h.pods.create("default", simplePod("crash-0", { "sim.ordinal.dev/crash-after-seconds": "1" }));
    const restartsAt: number[] = [];
    let last = "0";
    let sawBackOff = false;
    await h.until(
      "four restarts",
      async () => {
        const shown = await h.shown("crash-0");
        if (shown.status === "CrashLoopBackOff") sawBackOff = true;
        const restarts = shown.restarts.split(" ")[0];
        if (restarts !== last) {
          restartsAt.push(h.clock.now().getTime());
          last = restarts;
        }
        return restarts === "4";
      },
      100,
      200_000,
    );
    assert.ok(sawBackOff, "CrashLoopBackOff shown between restarts");
    const gaps = restartsAt.slice(1).map((t, i) => Math.round((t - restartsAt[i]) / 1000));
    // Each instance runs 1 s, then waits 10 s, 20 s, 40 s (plus the create delay).
    assert.deepEqual(gaps, [11, 21, 41]);
    const pod = await h.pods.get("default", "crash-0");
    const cs = (status(pod).containerStatuses as Array<Record<string, unknown>>)[0];
    assert.equal(obj(obj(cs.lastState)?.terminated)?.reason, "Error");
    assert.equal(obj(obj(cs.lastState)?.terminated)?.exitCode, 1);
    assert.ok(h.events.events.some((e) => e.startsWith("Warning BackOff Back-off restarting failed container app in pod crash-0_default(")));
  } finally {
    await h.close();
  }
});

test("NodeAgent stops a gracefully deleted pod and then removes it", async () => {
  const h = await startHarness();
  try {
    await h.pods.create("default", simplePod("web-0", { "sim.ordinal.dev/stop-delay-ms": "2000" }));
    await h.until("web-0 ready", async () => (await h.shown("web-0")).ready === "1/1");
    const marked = await h.pods.delete("default", "web-0");
    assert.equal(marked.metadata.deletionGracePeriodSeconds, 30);
    await h.clock.tick(1000);
    assert.equal((await h.shown("web-0")).status, "Terminating");
    await h.until("web-0 gone", async () => {
      try {
        await h.pods.get("default", "web-0");
        return false;
      } catch (e) {
        if (isNotFound(e)) return true;
        throw e;
      }
    });
    assert.ok(h.clock.now().getTime() - Date.parse("2025-01-01T00:00:00Z") >= 2000, "waited for the container to stop");
    assert.ok(h.events.events.includes("Normal Killing Stopping container app"));
    assert.equal(await h.runtime.status(marked.metadata.uid!), undefined);
    assert.equal(h.agent.workerCount, 0);
  } finally {
    await h.close();
  }
});

test("NodeAgent re-adopts running pods after a restart, keeping IP and start time", async () => {
  const h = await startHarness();
  try {
    await h.pods.create("default", simplePod("web-0"));
    await h.until("web-0 ready", async () => (await h.shown("web-0")).ready === "1/1");
    const before = await h.pods.get("default", "web-0");
    await h.restartAgent();
    await h.pods.create("default", simplePod("web-1"));
    await h.until("web-1 ready", async () => (await h.shown("web-1")).ready === "1/1");
    const after = await h.pods.get("default", "web-0");
    assert.equal(status(after).podIP, status(before).podIP);
    assert.equal(status(after).startTime, status(before).startTime);
    assert.deepEqual(status(after).containerStatuses, status(before).containerStatuses);
    assert.notEqual(status(await h.pods.get("default", "web-1")).podIP, status(before).podIP);
  } finally {
    await h.close();
  }
});
