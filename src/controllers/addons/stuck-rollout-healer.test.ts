import { test } from "node:test";
import assert from "node:assert/strict";
import { isNotFound } from "../../api/status-error.ts";
import { cluster, createPod, createSet, eventsWithReason, eventually, observe, setImage, type Cluster } from "./_cluster.ts";
import { StuckRolloutHealer } from "./stuck-rollout-healer.ts";

const broken = { waiting: "ImagePullBackOff", message: 'Back-off pulling image "nginx:bad"' };

async function gone(c: Cluster, name: string): Promise<boolean> {
  try {
    await c.pods.get("default", name);
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

test("StuckRolloutHealer deletes the never-Ready pod of a reverted rollout and says why", async () => {
  const c = await cluster();
  const set = await createSet(c);
  await observe(c, "web-a", "web-a");
  await createPod(c, set, 0, "web-a", "ready");
  await createPod(c, set, 1, "web-a", { notReady: "readiness probe failed: connection refused" });
  await createPod(c, set, 2, "web-b", broken);
  const healer = new StuckRolloutHealer(c.client);
  await healer.start();
  try {
    await eventually(() => gone(c, "web-2"), "web-2 to be deleted");
    const [event] = await eventually(() => eventsWithReason(c, "DeletedStuckPod").then((e) => e.length > 0 && e), "the DeletedStuckPod event");
    assert.equal(event.type, "Warning");
    assert.deepEqual(
      { ...(event.involvedObject as object), resourceVersion: undefined },
      { kind: "StatefulSet", namespace: "default", name: "web", uid: set.metadata.uid, apiVersion: "apps/v1", resourceVersion: undefined },
    );
    assert.match(String(event.message), /^Deleted pod web-2: not Ready \(ImagePullBackOff: .*\) at revision web-b, which is neither the current nor the update revision \(both web-a\)/);
    // web-1 is not Ready too, but runs the current revision: never touched.
    assert.equal((await c.pods.get("default", "web-1")).metadata.deletionTimestamp, undefined);
  } finally {
    healer.stop();
  }
});

test("StuckRolloutHealer trusts revisions only once the StatefulSet controller observed the spec", async () => {
  const c = await cluster();
  const set = await createSet(c);
  await observe(c, "web-a", "web-a");
  await createPod(c, set, 0, "web-a", "ready");
  await createPod(c, set, 1, "web-a", "ready");
  const healer = new StuckRolloutHealer(c.client);
  await healer.start();
  const settle = () => new Promise((r) => setTimeout(r, 100));
  try {
    // A rollout to web-b starts: its first pod can appear before the status names web-b.
    await setImage(c, "nginx:bad");
    await createPod(c, set, 2, "web-b", broken);
    await settle();
    assert.equal(await gone(c, "web-2"), false, "web-2 was deleted on a stale status");
    await observe(c, "web-a", "web-b");
    await settle();
    assert.equal(await gone(c, "web-2"), false, "web-2 at the update revision was deleted");
    // The user fixes forward; once the controller has seen it, web-2 belongs to an abandoned rollout.
    await setImage(c, "nginx:2");
    await observe(c, "web-a", "web-c");
    await eventually(() => gone(c, "web-2"), "web-2 to be deleted");
    const [event] = await eventually(() => eventsWithReason(c, "DeletedStuckPod").then((e) => e.length > 0 && e), "the DeletedStuckPod event");
    assert.match(String(event.message), /at revision web-b, which is neither the current revision web-a nor the update revision web-c;/);
  } finally {
    healer.stop();
  }
});

test("StuckRolloutHealer leaves Parallel sets to the StatefulSet controller", async () => {
  const c = await cluster();
  const set = await createSet(c, { podManagementPolicy: "Parallel" });
  await observe(c, "web-a", "web-a");
  await createPod(c, set, 2, "web-b", broken);
  const healer = new StuckRolloutHealer(c.client);
  await healer.start();
  try {
    // An OrderedReady set created afterwards is healed, so the Parallel one was seen and skipped by then.
    const other = await c.sets.create("default", { ...set, metadata: { name: "db" }, spec: { ...(set.spec as object), podManagementPolicy: "OrderedReady" } });
    await c.sets.updateStatus({ ...other, status: { observedGeneration: 1, replicas: 1, currentRevision: "db-a", updateRevision: "db-a" } });
    // Created Pending and never Ready.
    await c.pods.create("default", {
      metadata: { name: "db-0", labels: { app: "web", "controller-revision-hash": "db-b" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "db", uid: other.metadata.uid!, controller: true }] },
      spec: { containers: [{ name: "nginx", image: "nginx" }] },
    });
    await eventually(() => gone(c, "db-0"), "db-0 to be deleted");
    assert.equal(await gone(c, "web-2"), false);
  } finally {
    healer.stop();
  }
});
