// Policy-specific ordering of StatefulSetControl: OrderedReady's blocking rules and Parallel's
// batches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../../api/status-error.ts";
import { Harness, newStatefulSet } from "./_control-harness.ts";

const internal = (msg: string) => StatusError.internal(msg);

test("OrderedReady: creates one pod per sync and waits for each to be ready (R28, worked example 1)", async () => {
  const h = new Harness(newStatefulSet({ policy: "OrderedReady" }));
  await h.sync();
  assert.deepEqual(h.names(), ["web-0"]);
  assert.equal(h.set.status?.replicas, 0, "the new pod was not in the pods given to the sync");
  await h.sync();
  assert.deepEqual(h.names(), ["web-0"], "Pending web-0 blocks web-1");
  h.om.setPhase("web-0", "Running");
  await h.sync();
  assert.deepEqual(h.names(), ["web-0"], "Running but not Ready blocks");
  h.om.setReady("web-0", h.clock.now());
  await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1"]);
});

test("OrderedReady: an unready lower pod blocks creation, scale-down and updates (R28,R33)", async () => {
  const h = new Harness(newStatefulSet({ policy: "OrderedReady" }));
  await h.converge();
  h.om.setNotReady("web-0");
  h.update((s) => (s.replicas = 5));
  for (let i = 0; i < 3; i++) await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2"]);
  h.update((s) => (s.replicas = 1));
  for (let i = 0; i < 3; i++) await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2"], "web-0 unready: no scale-down");
});

test("OrderedReady: scale-down deletes an unhealthy condemned pod only if it is the first unavailable (R26,R33)", async () => {
  const h = new Harness(newStatefulSet({ policy: "OrderedReady" }));
  await h.converge();
  h.om.setNotReady("web-1");
  h.om.setNotReady("web-2");
  h.update((s) => (s.replicas = 1));
  await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2"], "web-2 is unhealthy but web-1 is the first unavailable");
  h.om.setReady("web-2", h.clock.now());
  await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1"], "healthy web-2 goes");
  await h.sync();
  assert.deepEqual(h.names(), ["web-0"], "web-1 is now the first unavailable and goes");
});

test("OrderedReady: with every pod unready, scaling to 0 deletes nothing but the first (R33)", async () => {
  const h = new Harness(newStatefulSet({ policy: "OrderedReady" }));
  await h.converge();
  for (const n of ["web-0", "web-1", "web-2"]) h.om.setNotReady(n);
  h.update((s) => (s.replicas = 0));
  await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2"], "web-2 is not the first unavailable (web-0 is)");
});

test("OrderedReady: a terminated pod 0 blocks scaling 3 to 5 until it is removed (ControllerBlocksScaling)", async () => {
  const h = new Harness(newStatefulSet({ policy: "OrderedReady" }), { gracefulDelete: true });
  await h.converge();
  h.om.setTerminating("web-0");
  h.update((s) => (s.replicas = 5));
  for (let i = 0; i < 3; i++) await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2"]);
  h.om.finishTerminations();
  await h.converge();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2", "web-3", "web-4"]);
});

test("OrderedReady: scale-down waits for the previous pod to disappear (R32)", async () => {
  const h = new Harness(newStatefulSet({ policy: "OrderedReady" }), { gracefulDelete: true });
  await h.converge();
  h.update((s) => (s.replicas = 1));
  await h.sync();
  await h.sync();
  assert.ok(h.om.pod("web-2").metadata.deletionTimestamp);
  assert.equal(h.om.pod("web-1").metadata.deletionTimestamp, undefined, "web-1 waits for web-2 to go");
});

test("Parallel: scale 0 to 5 issues all creates in one sync in batches 1, 2, 2, concurrently (R29, worked example 4)", async () => {
  const h = new Harness(newStatefulSet({ policy: "Parallel", replicas: 5 }));
  await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2", "web-3", "web-4"]);
  assert.equal(h.om.createPodTracker.maxInflight, 2);
  h.kubelet();
  h.update((s) => (s.replicas = 0));
  await h.sync();
  assert.deepEqual(h.names(), [], "deleted regardless of readiness");
});

test("Parallel: creates 1000 pods in one sync, the last batch 489 at once (TestParallelScale)", async () => {
  const h = new Harness(newStatefulSet({ policy: "Parallel", replicas: 1000, claims: [] }));
  await h.sync();
  assert.equal(h.pods().length, 1000);
  assert.equal(h.om.createPodTracker.maxInflight, 489);
  h.update((s) => (s.replicas = 0));
  await h.sync();
  assert.equal(h.pods().length, 0);
  assert.equal(h.om.deletePodTracker.maxInflight, 489);
});

test("Parallel: does not wait for readiness or termination (R29,R30)", async () => {
  const h = new Harness(newStatefulSet({ policy: "Parallel" }), { gracefulDelete: true });
  await h.sync();
  h.om.setTerminating("web-0");
  h.update((s) => (s.replicas = 4));
  await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2", "web-3"]);
  assert.ok(h.om.pod("web-0").metadata.deletionTimestamp, "terminating pod left alone, not replaced");
});

test("Parallel: condemned pods are deleted even when creating a missing replica fails (R35)", async () => {
  const h = new Harness(newStatefulSet({ policy: "Parallel", replicas: 4 }));
  await h.sync();
  h.om.pods.delete("default/web-1");
  h.update((s) => (s.replicas = 2));
  h.om.createPodTracker.failAfter(internal("exceeded quota"));
  const err = await h.syncError();
  assert.match((err as Error).message, /exceeded quota/);
  assert.deepEqual(h.names(), ["web-0"], "web-2 and web-3 deleted before the failing create of web-1");
});

test("Parallel: an error stops the remaining batches (R29)", async () => {
  const h = new Harness(newStatefulSet({ policy: "Parallel", replicas: 7, claims: [] }));
  h.om.createPodTracker.failAfter(internal("boom"), 1);
  await h.syncError();
  assert.deepEqual(h.names(), ["web-0", "web-2"], "batch 2 (web-1, web-2) failed for web-1; batches after it never ran");
});

test("ignores pods whose ordinal overflows int32 (R25)", async () => {
  const h = new Harness(newStatefulSet({ replicas: 1 }));
  h.om.putPod({ metadata: { name: "web-99999999999", namespace: "default", labels: { app: "nginx" } }, status: { phase: "Running" } });
  for (let i = 0; i < 4; i++) {
    await h.sync();
    h.kubelet();
  }
  assert.deepEqual(h.names(), ["web-99999999999", "web-0"]);
  assert.equal(h.set.status?.replicas, 1);
});
