// Rolling updates, partitions, OnDelete, maxUnavailable and minReadySeconds in StatefulSetControl.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Harness, image, images, newStatefulSet, policies, rollUntil, setImage, type Policy } from "./_control-harness.ts";
import type { StatefulSet } from "./stateful-set-types.ts";

for (const policy of policies) {
  for (const maxUnavailable of [true, false]) {
    const label = `${policy}${maxUnavailable ? "" : " (legacy path)"}`;
    test(`${label}: a rolling update replaces pods from the highest ordinal, one at a time (R45,R50, worked example 2)`, async () => {
      const h = new Harness(newStatefulSet({ policy }), { maxUnavailable });
      await h.converge();
      const oldRevision = h.set.status!.currentRevision;
      setImage(h, "nginx:1.26");
      await h.sync();
      assert.ok(!h.om.pods.has("default/web-2"), "web-2 deleted first");
      assert.equal(h.set.status!.currentReplicas, 2);
      assert.equal(h.set.status!.updatedReplicas ?? 0, 0);
      assert.equal(h.set.status!.currentRevision, oldRevision);
      const order = await rollUntil(h, () => h.set.status!.currentRevision === h.set.status!.updateRevision);
      assert.deepEqual(order, ["web-1", "web-0"], "after web-2");
      assert.deepEqual(images(h), ["nginx:1.26", "nginx:1.26", "nginx:1.26"]);
      assert.deepEqual([h.set.status!.currentReplicas, h.set.status!.updatedReplicas, h.set.status!.readyReplicas], [3, 3, 3]);
    });
  }

  test(`${policy}: rolling update combined with scaling ends with every pod at the new image`, async () => {
    for (const replicas of [5, 1]) {
      const h = new Harness(newStatefulSet({ policy }));
      await h.converge();
      setImage(h, "nginx:1.26");
      h.update((s) => (s.replicas = replicas));
      await h.converge();
      assert.equal(h.pods().length, replicas);
      assert.ok(images(h).every((i) => i === "nginx:1.26"));
      assert.equal(h.set.status!.currentRevision, h.set.status!.updateRevision);
    }
  });

  test(`${policy}: a partition keeps lower ordinals at the current revision (R38,R46)`, async () => {
    const h = new Harness(newStatefulSet({ policy, replicas: 5 }));
    await h.converge();
    h.update((s) => (s.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 2 } }));
    setImage(h, "nginx:1.26");
    await h.converge();
    assert.deepEqual(images(h), ["nginx:1.25", "nginx:1.25", "nginx:1.26", "nginx:1.26", "nginx:1.26"]);
    assert.equal(h.set.status!.updatedReplicas, 3, "what kubectl's partitioned rollout status waits for");
    assert.notEqual(h.set.status!.currentRevision, h.set.status!.updateRevision);
    h.om.pods.delete("default/web-0");
    await h.converge();
    assert.equal(image(h, "web-0"), "nginx:1.25", "a deleted pod below the partition comes back at the current revision");
    h.update((s) => (s.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 0 } }));
    await h.converge();
    assert.ok(images(h).every((i) => i === "nginx:1.26"));
    assert.equal(h.set.status!.currentRevision, h.set.status!.updateRevision);
  });

  test(`${policy}: a partition at or above replicas updates nothing (R46)`, async () => {
    const h = new Harness(newStatefulSet({ policy }));
    await h.converge();
    h.update((s) => (s.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 3 } }));
    setImage(h, "nginx:1.26");
    for (let i = 0; i < 5; i++) await h.sync();
    assert.ok(images(h).every((i) => i === "nginx:1.25"));
    assert.equal(h.set.status!.updatedReplicas ?? 0, 0);
  });

  test(`${policy}: OnDelete replaces nothing; deleted and new pods get the update revision; then current is promoted (R38,R47,R50)`, async () => {
    const h = new Harness(newStatefulSet({ policy, spec: { updateStrategy: { type: "OnDelete" } } }));
    await h.converge();
    setImage(h, "nginx:1.26");
    for (let i = 0; i < 4; i++) await h.sync();
    assert.ok(images(h).every((i) => i === "nginx:1.25"));
    h.update((s) => (s.replicas = 4));
    await h.converge();
    assert.deepEqual(images(h), ["nginx:1.25", "nginx:1.25", "nginx:1.25", "nginx:1.26"]);
    h.om.pods.delete("default/web-1");
    await h.converge();
    assert.equal(image(h, "web-1"), "nginx:1.26");
    assert.notEqual(h.set.status!.currentRevision, h.set.status!.updateRevision);
    for (const n of ["web-0", "web-2"]) h.om.pods.delete(`default/${n}`);
    await h.converge();
    assert.equal(h.set.status!.currentRevision, h.set.status!.updateRevision, "OnDelete promotes currentRevision once all pods are updated");
    for (const claim of h.om.claims.values()) assert.equal(claim.metadata.ownerReferences, undefined);
  });

  test(`${policy}: applying the first revision's template rolls every pod back (TestStatefulSetControlRollback)`, async () => {
    const h = new Harness(newStatefulSet({ policy }));
    await h.converge();
    setImage(h, "nginx:1.26");
    await h.converge();
    const [first] = h.history.sorted();
    const template = structuredClone((first.data as { spec: { template: Record<string, unknown> } }).spec.template);
    delete template.$patch;
    h.update((s) => (s.template = template));
    await h.converge();
    assert.ok(images(h).every((i) => i === "nginx:1.25"));
    assert.equal(h.set.status!.updateRevision, first.metadata.name);
    assert.equal(h.history.revisions.size, 2);
  });

  test(`${policy}: minReadySeconds gates availability and the rolling update (R45,R67, TestStatefulSetRollingUpdateRespectsMinReadySeconds)`, async () => {
    const h = new Harness(newStatefulSet({ policy, spec: { minReadySeconds: 30 } }));
    await h.converge();
    assert.equal(h.set.status!.availableReplicas, 3);
    setImage(h, "nginx:1.26");
    for (let i = 0; i < 4; i++) {
      await h.sync();
      h.kubelet();
    }
    await h.sync();
    assert.equal(image(h, "web-2"), "nginx:1.26");
    assert.equal(h.set.status!.readyReplicas, 3);
    assert.ok(h.om.pods.has("default/web-1"), "web-1 waits while web-2 is ready but not yet available");
    assert.equal(h.set.status!.availableReplicas, 2);
    h.clock.tick(31_000);
    await h.sync();
    assert.ok(!h.om.pods.has("default/web-1") || h.om.pod("web-1").metadata.deletionTimestamp, "web-1 goes once web-2 is available");
  });
}

test("OrderedReady: scale-down waits for condemned pods to be available (TestStatefulSetScaleDownRespectsMinReadySeconds)", async () => {
  const h = new Harness(newStatefulSet({ spec: { minReadySeconds: 60 } }));
  await h.converge();
  h.om.setReady("web-1", h.clock.now());
  h.om.setReady("web-2", h.clock.now());
  h.update((s) => (s.replicas = 1));
  await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2"], "web-2 is not available and not the first unavailable pod");
  h.clock.tick(61_000);
  await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1"]);
});

test("OnDelete does not wait on minReadySeconds after a template change (TestStatefulSetOnDeleteStrategyIgnoresMinReadySeconds)", async () => {
  const h = new Harness(newStatefulSet({ policy: "Parallel", spec: { updateStrategy: { type: "OnDelete" }, minReadySeconds: 3600 } }));
  await h.sync();
  h.kubelet();
  h.kubelet();
  setImage(h, "nginx:1.26");
  const status = await h.sync();
  assert.deepEqual([status.readyReplicas, status.availableReplicas, status.updatedReplicas, status.currentReplicas], [3, 0, 0, 3]);
  assert.equal(h.names().length, 3, "nothing deleted");
});

test("availableReplicas counts pods ready for at least minReadySeconds (TestStatefulSetAvailability, R67)", async () => {
  for (const [readyFor, want] of [[2 * 3600_000, 1], [30 * 60_000, 0], [3600_000, 1]] as const) {
    const h = new Harness(newStatefulSet({ replicas: 1, spec: { minReadySeconds: 3600 } }));
    await h.sync();
    h.om.setReady("web-0", new Date(h.clock.now().getTime() - readyFor));
    const status = await h.sync();
    assert.equal(status.readyReplicas, 1);
    assert.equal(status.availableReplicas, want, `ready for ${readyFor / 60_000} minutes`);
  }
});

test("zero minReadySeconds makes ready pods available at once (TestStatefulSetZeroMinReadySeconds)", async () => {
  const h = new Harness(newStatefulSet());
  await h.converge();
  assert.equal(h.set.status!.availableReplicas, 3);
});

test("a partitioned update with minReadySeconds waits for availability (TestStatefulSetPartitionRollingUpdateWithMinReadySeconds)", async () => {
  const h = new Harness(newStatefulSet({ replicas: 4, spec: { minReadySeconds: 10 } }));
  await h.converge();
  h.update((s) => (s.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 2 } }));
  setImage(h, "nginx:1.26");
  await h.sync();
  h.kubelet();
  await h.sync();
  h.kubelet();
  await h.sync();
  assert.ok(h.om.pods.has("default/web-2") && !h.om.pod("web-2").metadata.deletionTimestamp, "web-2 waits for web-3 to be available");
  await h.converge();
  assert.deepEqual(images(h), ["nginx:1.25", "nginx:1.25", "nginx:1.26", "nginx:1.26"]);
});

function sixPods(policy: Policy, maxUnavailable: number | string, partition = 3): StatefulSet {
  return newStatefulSet({ policy, replicas: 6, spec: { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition, maxUnavailable } } } });
}

for (const policy of policies) {
  test(`${policy}: maxUnavailable 2 with partition 3 deletes web-5 and web-4 first, then web-3 (R49)`, async () => {
    const h = new Harness(sixPods(policy, 2), { gracefulDelete: true });
    await h.converge();
    setImage(h, "nginx:1.26");
    await h.sync();
    assert.deepEqual(h.pods().filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name), ["web-4", "web-5"]);
    assert.equal(h.set.status!.currentReplicas, 4);
    await h.sync();
    assert.deepEqual(h.pods().filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name), ["web-4", "web-5"], "budget spent while they terminate");
    await h.converge();
    assert.deepEqual(images(h), ["nginx:1.25", "nginx:1.25", "nginx:1.25", "nginx:1.26", "nginx:1.26", "nginx:1.26"]);
  });

  test(`${policy}: with k pods already terminating only maxUnavailable-k more are deleted (R49)`, async () => {
    const h = new Harness(sixPods(policy, 3, 0), { gracefulDelete: true });
    await h.converge();
    h.om.setTerminating("web-0");
    setImage(h, "nginx:1.26");
    if (policy === "OrderedReady") {
      await h.sync();
      assert.equal(h.pods().filter((p) => p.metadata.deletionTimestamp).length, 1, "terminating web-0 blocks OrderedReady before the update phase");
      h.om.finishTerminations();
      await h.sync();
      h.kubelet();
      h.kubelet();
    }
    await h.sync();
    const terminating = h.pods().filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name);
    if (policy === "Parallel") assert.deepEqual(terminating, ["web-0", "web-4", "web-5"], "web-0 unavailable: 3-1 = 2 more");
    else assert.equal(terminating.length, 3);
  });

  test(`${policy}: maxUnavailable as a percentage rounds down, never below 1 (R49)`, async () => {
    for (const [value, want] of [["50%", 3], ["10%", 1], ["34%", 2]] as const) {
      const h = new Harness(sixPods(policy, value, 0), { gracefulDelete: true });
      await h.converge();
      setImage(h, "nginx:1.26");
      await h.sync();
      assert.equal(h.pods().filter((p) => p.metadata.deletionTimestamp).length, want, `${value} of 6`);
    }
  });
}

test("Parallel: an unavailable pod at the old revision is replaced even when it uses the whole budget (R48,R49, 1.37)", async () => {
  const h = new Harness(newStatefulSet({ policy: "Parallel" }), { gracefulDelete: true });
  await h.converge();
  h.om.setNotReady("web-1");
  setImage(h, "nginx:1.26");
  await h.sync();
  assert.deepEqual(h.pods().filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name), ["web-1"]);
});

test("OrderedReady: an unready pod at the old revision blocks the rolling update (R48)", async () => {
  const h = new Harness(newStatefulSet({ policy: "OrderedReady" }), { gracefulDelete: true });
  await h.converge();
  h.om.setNotReady("web-1");
  setImage(h, "nginx:1.26");
  for (let i = 0; i < 3; i++) await h.sync();
  assert.deepEqual(h.pods().filter((p) => p.metadata.deletionTimestamp), []);
});

test("the legacy path ignores maxUnavailable and replaces one pod at a time (R45)", async () => {
  const h = new Harness(sixPods("Parallel", 3, 0), { gracefulDelete: true, maxUnavailable: false });
  await h.converge();
  setImage(h, "nginx:1.26");
  await h.sync();
  assert.deepEqual(h.pods().filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name), ["web-5"]);
});

test("a failed delete during an update keeps currentReplicas; success lowers it (NewRevisionDeletePodFailure)", async () => {
  const h = new Harness(newStatefulSet());
  await h.converge();
  setImage(h, "nginx:1.26");
  h.om.deletePodTracker.failAfter(new Error("delete refused"));
  await h.syncError();
  assert.equal(h.set.status!.currentReplicas, 3);
  await h.sync();
  assert.equal(h.set.status!.currentReplicas, 2);
});
