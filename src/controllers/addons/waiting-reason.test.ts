import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { ManualTimerClock } from "../../node/manual-timer-clock.ts";
import { cluster, createPod, createSet, eventsWithReason, eventually, observe, setPodHealth, type Cluster } from "./_cluster.ts";
import { DEFAULT_SETTLE_MS, WAITING_ANNOTATION, WaitingReasonController } from "./waiting-reason.ts";

const probeFailed = { notReady: "readiness probe failed: connection refused" };
const reasonOf = (set: KubeObject): string | undefined => set.metadata.annotations?.[WAITING_ANNOTATION];

async function annotationBecomes(c: Cluster, want: string | undefined): Promise<KubeObject> {
  return eventually(async () => {
    const set = await c.sets.get("default", "web");
    return reasonOf(set) === want && set;
  }, `annotation ${WAITING_ANNOTATION} to be ${want ?? "removed"}`);
}

const waitingMessages = async (c: Cluster): Promise<string[]> => (await eventsWithReason(c, "Waiting")).map((e) => `${e.type} ${e.message}`);

/** Resolves once the controller has seen a wait and armed the timer that settles it. */
const settling = (clock: ManualTimerClock) => eventually(async () => clock.pending > 0, "a settle timer");

async function start(c: Cluster, clock: ManualTimerClock): Promise<WaitingReasonController> {
  const controller = new WaitingReasonController(c.client, { clock });
  await controller.start();
  return controller;
}

function stop(controller: WaitingReasonController, clock: ManualTimerClock): void {
  controller.stop();
  assert.equal(clock.pending, 0, "every timer is cancelled on stop");
}

test("WaitingReasonController names a pod that blocked for the settle time, announces it once and clears it when progress resumes", async () => {
  const c = await cluster();
  const clock = new ManualTimerClock();
  const set = await createSet(c);
  await observe(c, "web-a", "web-a");
  await createPod(c, set, 0, "web-a", "ready");
  await createPod(c, set, 1, "web-a", probeFailed);
  const controller = await start(c, clock);
  try {
    await settling(clock);
    assert.equal(reasonOf(await c.sets.get("default", "web")), undefined, "not before the settle time");
    await clock.tick(DEFAULT_SETTLE_MS);
    const annotated = await annotationBecomes(c, "web-1 is not Ready: readiness probe failed: connection refused");
    assert.equal(annotated.metadata.generation, 1, "an annotation must not look like a spec change");
    await eventually(async () => (await waitingMessages(c)).length > 0, "the Waiting event");
    // The same pod, for a new reason: the wait has settled, so the new reason shows at once.
    await setPodHealth(c, "web-1", { waiting: "CrashLoopBackOff", message: "back-off 10s restarting failed container" });
    await annotationBecomes(c, "web-1 is Pending: CrashLoopBackOff: back-off 10s restarting failed container");
    await setPodHealth(c, "web-1", "ready");
    await annotationBecomes(c, undefined);
    assert.deepEqual(await waitingMessages(c), [
      "Normal web-1 is not Ready: readiness probe failed: connection refused",
      "Normal web-1 is Pending: CrashLoopBackOff: back-off 10s restarting failed container",
    ]);
  } finally {
    stop(controller, clock);
  }
});

test("WaitingReasonController never writes a wait shorter than the settle time", async () => {
  const c = await cluster();
  const clock = new ManualTimerClock();
  const set = await createSet(c, { replicas: 2 });
  await observe(c, "web-a", "web-a");
  await createPod(c, set, 0, "web-a", { waiting: "ContainerCreating", message: "" });
  const before = await c.sets.get("default", "web");
  const controller = await start(c, clock);
  try {
    await settling(clock);
    await clock.tick(DEFAULT_SETTLE_MS - 1);
    await setPodHealth(c, "web-0", "ready");
    await eventually(async () => clock.pending === 0, "the settle timer to be cancelled");
    await clock.tick(DEFAULT_SETTLE_MS);
    assert.equal((await c.sets.get("default", "web")).metadata.resourceVersion, before.metadata.resourceVersion, "the set was never written");
    assert.deepEqual(await waitingMessages(c), []);
  } finally {
    stop(controller, clock);
  }
});

test("WaitingReasonController clears at once when the next pod blocks, which must settle again", async () => {
  const c = await cluster();
  const clock = new ManualTimerClock();
  const set = await createSet(c);
  await observe(c, "web-a", "web-a");
  await createPod(c, set, 0, "web-a", probeFailed);
  const controller = await start(c, clock);
  try {
    await settling(clock);
    await clock.tick(DEFAULT_SETTLE_MS);
    await annotationBecomes(c, "web-0 is not Ready: readiness probe failed: connection refused");
    await setPodHealth(c, "web-0", "ready");
    await createPod(c, set, 1, "web-a", probeFailed);
    await annotationBecomes(c, undefined);
    await settling(clock);
    await clock.tick(DEFAULT_SETTLE_MS);
    await annotationBecomes(c, "web-1 is not Ready: readiness probe failed: connection refused");
  } finally {
    stop(controller, clock);
  }
});

test("WaitingReasonController keeps what an earlier run announced and does not announce it again", async () => {
  const c = await cluster();
  const clock = new ManualTimerClock();
  const set = await createSet(c);
  await observe(c, "web-a", "web-a");
  await createPod(c, set, 0, "web-a", probeFailed);
  const first = await start(c, clock);
  await settling(clock);
  await clock.tick(DEFAULT_SETTLE_MS);
  const announced = await annotationBecomes(c, "web-0 is not Ready: readiness probe failed: connection refused");
  await eventually(async () => (await waitingMessages(c)).length > 0, "the first Waiting event");
  stop(first, clock);
  const seen: (string | undefined)[] = [];
  const watch = c.sets.watch({ namespace: "default", resourceVersion: announced.metadata.resourceVersion! }, (e) => seen.push(reasonOf(e.object)), () => {});
  const second = await start(c, clock);
  try {
    // The same pod still blocks for a new reason: announced at once, the old one is not repeated.
    await clock.tick(1);
    await setPodHealth(c, "web-0", { notReady: "readiness probe failed: HTTP 503" });
    await annotationBecomes(c, "web-0 is not Ready: readiness probe failed: HTTP 503");
    await eventually(async () => seen.length > 0, "the set's update");
    assert.deepEqual(seen, ["web-0 is not Ready: readiness probe failed: HTTP 503"], "one write: the annotation never went away in between");
    await eventually(async () => (await waitingMessages(c)).length === 2 || undefined, "the second Waiting event");
    assert.deepEqual(await waitingMessages(c), [
      "Normal web-0 is not Ready: readiness probe failed: connection refused",
      "Normal web-0 is not Ready: readiness probe failed: HTTP 503",
    ]);
  } finally {
    watch.close();
    stop(second, clock);
  }
});

test("WaitingReasonController waits for an observed spec and rechecks when minReadySeconds runs out", async () => {
  const c = await cluster();
  const clock = new ManualTimerClock();
  const set = await createSet(c, { minReadySeconds: 1 });
  await createPod(c, set, 0, "web-a", probeFailed);
  const controller = await start(c, clock);
  try {
    await new Promise((r) => setTimeout(r, 100));
    await clock.tick(DEFAULT_SETTLE_MS);
    assert.equal(reasonOf(await c.sets.get("default", "web")), undefined);
    await observe(c, "web-a", "web-a");
    await settling(clock);
    await clock.tick(DEFAULT_SETTLE_MS);
    await annotationBecomes(c, "web-0 is not Ready: readiness probe failed: connection refused");
    // web-0 turns Ready now: it blocks for minReadySeconds, then clears by itself.
    await c.pods.patch("default", "web-0", "merge", { status: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: clock.now().toISOString() }] } }, "status");
    await annotationBecomes(c, "web-0 is not available yet (minReadySeconds 1)");
    await clock.tick(1000 + 100);
    await annotationBecomes(c, undefined);
  } finally {
    stop(controller, clock);
  }
});
