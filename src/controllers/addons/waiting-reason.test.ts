import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { cluster, createPod, createSet, eventsWithReason, eventually, observe, setPodHealth, type Cluster } from "./_cluster.ts";
import { WAITING_ANNOTATION, WaitingReasonController } from "./waiting-reason.ts";

const probeFailed = { notReady: "readiness probe failed: connection refused" };
const reasonOf = (set: KubeObject): string | undefined => set.metadata.annotations?.[WAITING_ANNOTATION];

async function annotationBecomes(c: Cluster, want: string | undefined): Promise<KubeObject> {
  return eventually(async () => {
    const set = await c.sets.get("default", "web");
    return reasonOf(set) === want && set;
  }, `annotation ${WAITING_ANNOTATION} to be ${want ?? "removed"}`);
}

const waitingMessages = async (c: Cluster): Promise<string[]> => (await eventsWithReason(c, "Waiting")).map((e) => `${e.type} ${e.message}`);

test("WaitingReasonController names the blocking pod, announces it once and clears it when progress resumes", async () => {
  const c = await cluster();
  const set = await createSet(c);
  await observe(c, "web-a", "web-a");
  await createPod(c, set, 0, "web-a", "ready");
  await createPod(c, set, 1, "web-a", probeFailed);
  const controller = new WaitingReasonController(c.client);
  await controller.start();
  try {
    const annotated = await annotationBecomes(c, "web-1 is not Ready: readiness probe failed: connection refused");
    assert.equal(annotated.metadata.generation, 1, "an annotation must not look like a spec change");
    await eventually(async () => (await waitingMessages(c)).length > 0, "the Waiting event");
    // Our own annotation patch brings the set back with the same reason: announced once only.
    await setPodHealth(c, "web-1", { waiting: "CrashLoopBackOff", message: "back-off 10s restarting failed container" });
    await annotationBecomes(c, "web-1 is Pending: CrashLoopBackOff: back-off 10s restarting failed container");
    await setPodHealth(c, "web-1", "ready");
    await annotationBecomes(c, undefined);
    assert.deepEqual(await waitingMessages(c), [
      "Normal web-1 is not Ready: readiness probe failed: connection refused",
      "Normal web-1 is Pending: CrashLoopBackOff: back-off 10s restarting failed container",
    ]);
  } finally {
    controller.stop();
  }
});

test("WaitingReasonController does not announce again after a restart", async () => {
  const c = await cluster();
  const set = await createSet(c);
  await observe(c, "web-a", "web-a");
  await createPod(c, set, 0, "web-a", probeFailed);
  const first = new WaitingReasonController(c.client);
  await first.start();
  await annotationBecomes(c, "web-0 is not Ready: readiness probe failed: connection refused");
  await eventually(async () => (await waitingMessages(c)).length > 0, "the first Waiting event");
  first.stop();
  const second = new WaitingReasonController(c.client);
  await second.start();
  try {
    // The second instance only announces what is new: the next reason, not the one already on the set.
    await setPodHealth(c, "web-0", { notReady: "readiness probe failed: HTTP 503" });
    await annotationBecomes(c, "web-0 is not Ready: readiness probe failed: HTTP 503");
    await eventually(async () => (await waitingMessages(c)).length === 2 || undefined, "the second Waiting event");
    assert.deepEqual(await waitingMessages(c), [
      "Normal web-0 is not Ready: readiness probe failed: connection refused",
      "Normal web-0 is not Ready: readiness probe failed: HTTP 503",
    ]);
  } finally {
    second.stop();
  }
});

test("WaitingReasonController waits for an observed spec and rechecks when minReadySeconds runs out", async () => {
  const c = await cluster();
  const set = await createSet(c, { minReadySeconds: 1 });
  await createPod(c, set, 0, "web-a", probeFailed);
  const controller = new WaitingReasonController(c.client);
  await controller.start();
  try {
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(reasonOf(await c.sets.get("default", "web")), undefined);
    await observe(c, "web-a", "web-a");
    await annotationBecomes(c, "web-0 is not Ready: readiness probe failed: connection refused");
    // web-0 turns Ready now: it blocks for minReadySeconds, then clears by itself.
    await c.pods.patch("default", "web-0", "merge", { status: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: new Date().toISOString() }] } }, "status");
    await annotationBecomes(c, "web-0 is not available yet (minReadySeconds 1)");
    await annotationBecomes(c, undefined);
  } finally {
    controller.stop();
  }
});
