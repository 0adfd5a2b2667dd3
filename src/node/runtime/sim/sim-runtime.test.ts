import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../../api/meta.ts";
import { ManualTimerClock } from "../../manual-timer-clock.ts";
import { isContainerStartError } from "../pod-runtime.ts";
import { runPodRuntimeContract } from "../pod-runtime-contract.ts";
import { SimRuntime } from "./sim-runtime.ts";

function pod(uid: string, annotations: Record<string, string> = {}, extra: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { uid, namespace: "default", name: `p-${uid}`, annotations },
    spec: { containers: [{ name: "app", image: "nginx" }], ...extra },
  };
}

runPodRuntimeContract("SimRuntime", async () => {
  const clock = new ManualTimerClock();
  const runtime = new SimRuntime({ clock });
  return {
    runtime,
    longRunning: (uid) => pod(uid),
    exiting: (uid, code) => pod(uid, { "sim.ordinal.dev/exit-code": String(code), "sim.ordinal.dev/crash-after-seconds": "1" }),
    pass: (ms) => clock.tick(ms),
    async close() {
      runtime.close();
      assert.equal(clock.pending, 0);
    },
  };
});

async function running(annotations: Record<string, string> = {}, opts: { readyDelayMs?: number } = {}) {
  const clock = new ManualTimerClock();
  const runtime = new SimRuntime({ clock, createDelayMs: 50, readyDelayMs: opts.readyDelayMs ?? 50 });
  const p = pod("u1", annotations);
  await runtime.runSandbox(p, "10.244.0.2", new AbortController().signal);
  const started = runtime.startContainer("u1", { container: { name: "app", image: "nginx" }, init: false }, new AbortController().signal);
  await clock.tick(50);
  await started;
  const app = async () => (await runtime.status("u1"))!.containers[0];
  return { clock, runtime, pod: p, app };
}

test("SimRuntime spends the create delay in creating, then becomes ready after the ready delay", async () => {
  const clock = new ManualTimerClock();
  const runtime = new SimRuntime({ clock, createDelayMs: 50, readyDelayMs: 30 });
  await runtime.runSandbox(pod("u1"), "10.244.0.2", new AbortController().signal);
  const started = runtime.startContainer("u1", { container: { name: "app", image: "nginx" }, init: false }, new AbortController().signal);
  await clock.tick(49);
  assert.equal((await runtime.status("u1"))!.containers[0].state, "creating");
  await clock.tick(1);
  await started;
  const c = (await runtime.status("u1"))!.containers[0];
  assert.deepEqual([c.state, c.ready, c.startedAt], ["running", false, clock.now().getTime()]);
  await clock.tick(30);
  assert.equal((await runtime.status("u1"))!.containers[0].ready, true);
  runtime.close();
});

test("SimRuntime with zero delays runs and is ready at once", async () => {
  const { runtime, app } = await running({}, { readyDelayMs: 0 });
  assert.deepEqual([(await app()).state, (await app()).ready], ["running", true]);
  runtime.close();
});

test("SimRuntime readiness annotations", async () => {
  const cases: Array<{ annotation: Record<string, string>; failure: string | undefined }> = [
    { annotation: { "sim.ordinal.dev/never-ready": "true" }, failure: undefined },
    { annotation: { "sim.ordinal.dev/readiness": "fail" }, failure: 'Readiness probe failed: sim.ordinal.dev/readiness is "fail"' },
  ];
  for (const c of cases) {
    const { clock, runtime, app } = await running(c.annotation);
    await clock.tick(10_000);
    assert.equal((await app()).ready, false);
    assert.equal((await app()).readinessFailure, c.failure);
    runtime.close();
  }
});

test("SimRuntime.update() lets a container become ready once readiness stops failing", async () => {
  const { clock, runtime, pod: p, app } = await running({ "sim.ordinal.dev/readiness": "fail" });
  runtime.update({ ...p, metadata: { ...p.metadata, annotations: {} } });
  await clock.tick(50);
  assert.deepEqual([(await app()).ready, (await app()).readinessFailure], [true, undefined]);
  runtime.update(p);
  assert.equal((await app()).ready, false, "failing again takes effect at once");
  runtime.close();
});

test("SimRuntime crashes a container after the given seconds with the given exit code", async () => {
  const { clock, runtime, app } = await running({ "sim.ordinal.dev/crash-after-seconds": "2.5", "sim.ordinal.dev/exit-code": "42" });
  await clock.tick(2499);
  assert.equal((await app()).state, "running");
  await clock.tick(1);
  const c = await app();
  assert.deepEqual([c.state, c.termination?.exitCode, c.termination?.reason, c.ready], ["exited", 42, "Error", false]);
  runtime.close();
});

test("SimRuntime stop honours the stop delay up to the grace period, then kills", async () => {
  const cases = [
    { stopDelayMs: "0", grace: 30, tookMs: 0, exitCode: 0, reason: "Completed" },
    { stopDelayMs: "2000", grace: 30, tookMs: 2000, exitCode: 0, reason: "Completed" },
    { stopDelayMs: "60000", grace: 5, tookMs: 5000, exitCode: 137, reason: "Error" },
  ];
  for (const c of cases) {
    const { clock, runtime, app } = await running({ "sim.ordinal.dev/stop-delay-ms": c.stopDelayMs });
    const start = clock.now().getTime();
    let done = false;
    const stopping = runtime.stopPod("u1", c.grace).then(() => (done = true));
    while (!done) await clock.tick(100);
    await stopping;
    const took = clock.now().getTime() - start;
    assert.ok(took >= c.tookMs && took <= c.tookMs + 100, `${c.stopDelayMs}: took ${took}`);
    const s = await app();
    assert.deepEqual([s.termination?.exitCode, s.termination?.reason], [c.exitCode, c.reason]);
    assert.equal((await runtime.status("u1"))!.sandbox, "stopped");
    runtime.close();
  }
});

test("SimRuntime runs a non-sidecar init container to a clean exit", async () => {
  const clock = new ManualTimerClock();
  const runtime = new SimRuntime({ clock, createDelayMs: 0, initDurationMs: 100 });
  await runtime.runSandbox(pod("u1"), "10.244.0.2", new AbortController().signal);
  const started = runtime.startContainer("u1", { container: { name: "seed", image: "busybox" }, init: true }, new AbortController().signal);
  await clock.tick(0);
  await started;
  await clock.tick(100);
  const c = (await runtime.status("u1"))!.containers[0];
  assert.deepEqual([c.state, c.termination?.exitCode, c.termination?.reason], ["exited", 0, "Completed"]);
  runtime.close();
});

test("SimRuntime.reattach() continues containers from a pod's status", async () => {
  const first = await running({ "sim.ordinal.dev/crash-after-seconds": "10" });
  await first.clock.tick(4000);
  const c = await first.app();
  first.runtime.close();
  const statusPod: KubeObject = {
    ...first.pod,
    status: {
      containerStatuses: [
        { name: "app", state: { running: { startedAt: new Date(c.startedAt!).toISOString() } }, ready: true, restartCount: 2, containerID: c.containerID },
      ],
    },
  };
  const clock = first.clock;
  const runtime = new SimRuntime({ clock });
  assert.equal(await runtime.reattach(statusPod, "10.244.0.2"), true);
  const again = (await runtime.status("u1"))!.containers[0];
  assert.deepEqual([again.state, again.containerID, again.attempt, again.ready], ["running", c.containerID, 2, true]);
  await clock.tick(6000);
  assert.equal((await runtime.status("u1"))!.containers[0].state, "exited", "the crash timer kept its schedule");
  runtime.close();
});

test("SimRuntime.reattach() refuses pods another runtime ran", async () => {
  const runtime = new SimRuntime({ clock: new ManualTimerClock() });
  const p: KubeObject = { ...pod("u1"), status: { containerStatuses: [{ name: "app", state: { running: {} }, containerID: "containerd://abc" }] } };
  assert.equal(await runtime.reattach(p, "10.244.0.2"), false);
  runtime.close();
});

test("SimRuntime.runSandbox() rejects a pod with a bad sim annotation", async () => {
  const runtime = new SimRuntime({ clock: new ManualTimerClock() });
  await assert.rejects(
    runtime.runSandbox(pod("u1", { "sim.ordinal.dev/crash-after-seconds": "soon" }), "10.244.0.2", new AbortController().signal),
    /annotation sim\.ordinal\.dev\/crash-after-seconds: "soon" is not a number >= 0/,
  );
  runtime.close();
});

test("SimRuntime fails every start with the start-error annotation's reason until it goes", async () => {
  const clock = new ManualTimerClock();
  const runtime = new SimRuntime({ clock, createDelayMs: 0 });
  const p = pod("u1", { "sim.ordinal.dev/start-error": "ErrImagePull" });
  await runtime.runSandbox(p, "10.244.0.2", new AbortController().signal);
  const start = () => runtime.startContainer("u1", { container: { name: "app", image: "nginx:bad" }, init: false }, new AbortController().signal);
  await assert.rejects(start(), (e: unknown) => isContainerStartError(e) && e.reason === "ErrImagePull" && e.message === 'failed to pull image "nginx:bad": sim.ordinal.dev/start-error is "ErrImagePull"');
  assert.deepEqual((await runtime.status("u1"))!.containers, [], "nothing was created");
  runtime.update({ ...p, metadata: { ...p.metadata, annotations: {} } });
  const started = start();
  await clock.tick(0);
  await started;
  assert.equal((await runtime.status("u1"))!.containers[0].state, "running");
  runtime.close();
});

test("SimRuntime.stopPod() lets a later caller cut a stop under way short", async () => {
  const { clock, runtime, app } = await running({ "sim.ordinal.dev/stop-delay-ms": "60000" });
  const first = runtime.stopPod("u1", 30);
  await clock.tick(1000);
  const cut = new AbortController();
  const second = runtime.stopPod("u1", 30, cut.signal);
  await clock.tick(1000);
  assert.equal((await app()).state, "running");
  cut.abort();
  await Promise.all([first, second]);
  assert.equal((await app()).termination?.exitCode, 137);
  runtime.close();
});

test("SimRuntime.close() ends a stop under way as the process would, leaving no timer", async () => {
  const { clock, runtime, app } = await running({ "sim.ordinal.dev/stop-delay-ms": "3000" });
  void runtime.stopPod("u1", 30);
  await clock.tick(1000);
  const before = await app();
  runtime.close();
  assert.equal(before.state, "running");
  assert.equal(clock.pending, 0);
});

test("SimRuntime.reattach() of a pod being deleted stops it within its stop delay", async () => {
  const first = await running({ "sim.ordinal.dev/stop-delay-ms": "3000" });
  const c = await first.app();
  first.runtime.close();
  const statusPod: KubeObject = {
    ...first.pod,
    metadata: { ...first.pod.metadata, deletionTimestamp: "2025-01-01T00:01:00Z", deletionGracePeriodSeconds: 30 },
    status: { containerStatuses: [{ name: "app", state: { running: { startedAt: new Date(c.startedAt!).toISOString() } }, ready: true, restartCount: 0, containerID: c.containerID }] },
  };
  const runtime = new SimRuntime({ clock: first.clock });
  assert.equal(await runtime.reattach(statusPod, "10.244.0.2"), true);
  let done = false;
  const stopping = runtime.stopPod("u1", 30).then(() => (done = true));
  await first.clock.tick(2999);
  assert.equal(done, false);
  await first.clock.tick(1);
  await stopping;
  const s = (await runtime.status("u1"))!.containers[0];
  assert.deepEqual([s.state, s.termination?.exitCode, s.containerID], ["exited", 0, c.containerID]);
  runtime.close();
});
