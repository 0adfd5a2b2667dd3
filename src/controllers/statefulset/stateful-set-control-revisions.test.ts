// Revisions (creation, reuse, rollback, collisions), history limits and status writes of
// StatefulSetControl.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Harness, newStatefulSet, rollUntil, setImage } from "./_control-harness.ts";
import { podRevision } from "./pod-identity.ts";
import { revisionHashLabel } from "./stateful-set-types.ts";

test("records the first revision with template labels, hash label, owner and set annotations (R39,R40,R42)", async () => {
  const h = new Harness(newStatefulSet());
  h.set.metadata.annotations = { "kubernetes.io/change-cause": "initial" };
  const status = await h.sync();
  const [rev] = h.history.sorted();
  assert.equal(h.history.revisions.size, 1);
  assert.equal(rev.revision, 1);
  assert.equal(rev.metadata.name, status.updateRevision);
  assert.equal(status.currentRevision, status.updateRevision);
  assert.match(rev.metadata.name!, /^web-[4-9bcdf]+$/);
  assert.equal(rev.metadata.labels?.app, "nginx");
  assert.equal(rev.metadata.name, `web-${rev.metadata.labels?.[revisionHashLabel]}`);
  assert.deepEqual(rev.metadata.annotations, { "kubernetes.io/change-cause": "initial" });
  assert.deepEqual(rev.metadata.ownerReferences, [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "web-set-uid", controller: true, blockOwnerDeletion: true }]);
  const template = (rev.data as { spec: { template: Record<string, unknown> } }).spec.template;
  assert.equal(template.$patch, "replace");
  assert.deepEqual(Object.keys(rev.data as object), ["spec"]);
});

test("only template changes make revisions; equal templates reuse them (R42,R84)", async () => {
  const h = new Harness(newStatefulSet());
  await h.converge();
  const first = h.set.status!.updateRevision;
  h.update((s) => {
    s.replicas = 4;
    s.minReadySeconds = 0;
    s.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 1 } };
    s.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Delete", whenScaled: "Retain" };
  });
  await h.converge();
  assert.equal(h.history.revisions.size, 1);
  assert.equal(h.set.status!.updateRevision, first);
  setImage(h, "nginx:1.26");
  await h.sync();
  await h.sync();
  assert.equal(h.history.revisions.size, 2);
  assert.deepEqual(h.history.sorted().map((r) => r.revision), [1, 2]);
  assert.notEqual(h.set.status!.updateRevision, first);
  assert.equal(h.set.status!.currentRevision, first);
});

test("reverting the template re-numbers the old revision instead of creating one (R42,R43, worked example 3)", async () => {
  const h = new Harness(newStatefulSet());
  await h.converge();
  const h1 = h.set.status!.updateRevision!;
  setImage(h, "nginx:1.26");
  await h.sync();
  const h2 = h.set.status!.updateRevision!;
  h.kubelet();
  await h.sync();
  assert.equal(podRevision(h.om.pod("web-2")), h2, "web-2 already runs h2");
  setImage(h, "nginx:1.25");
  await h.sync();
  assert.equal(h.history.revisions.size, 2, "no new ControllerRevision object");
  assert.equal(h.set.status!.updateRevision, h1);
  assert.deepEqual(h.history.sorted().map((r) => [r.metadata.name, r.revision]), [[h2, 2], [h1, 3]]);
  const order = await rollUntil(h, () => h.pods().every((p) => podRevision(p) === h1 && p.status?.phase === "Running" && !p.metadata.deletionTimestamp) && h.set.status!.currentRevision === h1);
  assert.deepEqual(order, ["web-2"], "only the pod at h2 is replaced; pods still at h1 count as updated");
});

for (const [limit, kept] of [[10, 11], [0, 1], [5, 6], [-1, 14]] as const) {
  test(`revisionHistoryLimit ${limit} keeps ${kept} revisions after 13 completed template changes (R55, TestStatefulSetControlLimitsHistory)`, async () => {
    const h = new Harness(newStatefulSet({ spec: { revisionHistoryLimit: limit } }));
    await h.converge();
    for (let i = 0; i < 13; i++) {
      setImage(h, `nginx:2.${i}`);
      await h.converge();
    }
    await h.sync();
    assert.equal(h.history.revisions.size, kept);
  });
}

test("history stays within limit+2 even while status writes fail (TestStatefulSetHonorRevisionHistoryLimit)", async () => {
  const h = new Harness(newStatefulSet({ spec: { revisionHistoryLimit: 2 } }));
  await h.converge();
  for (let i = 0; i < 6; i++) {
    setImage(h, `nginx:3.${i}`);
    h.statusUpdater.tracker.failAfter(new Error("status write refused"));
    await h.syncError();
    assert.ok(h.history.revisions.size <= 2 + 2 + 1, `${h.history.revisions.size} revisions`);
    await h.converge();
  }
  assert.ok(h.history.revisions.size <= 4);
});

test("a revision name taken by other data bumps collisionCount (R41,R42)", async () => {
  const probe = new Harness(newStatefulSet());
  await probe.sync();
  const [taken] = probe.history.sorted();
  const h = new Harness(newStatefulSet());
  await h.history.create({ ...structuredClone(taken), metadata: { name: taken.metadata.name, namespace: "default", labels: { other: "x" } }, data: { spec: { template: { $patch: "replace" } } } });
  const status = await h.sync();
  assert.equal(status.collisionCount, 1);
  assert.equal(h.set.status!.collisionCount, 1);
  assert.notEqual(status.updateRevision, taken.metadata.name);
  const created = h.history.revisions.get(`default/${status.updateRevision}`)!;
  assert.equal(created.metadata.labels?.[revisionHashLabel], taken.metadata.labels?.[revisionHashLabel], "the hash label keeps the first hash");
  await h.sync();
  assert.equal(h.history.revisions.size, 2, "the renamed revision is found again next time");
});

test("a revision name taken by the same data is reused (R42)", async () => {
  const probe = new Harness(newStatefulSet());
  await probe.sync();
  const [taken] = probe.history.sorted();
  const h = new Harness(newStatefulSet());
  await h.history.create({ ...structuredClone(taken), metadata: { ...structuredClone(taken.metadata), labels: { other: "x" } } });
  const status = await h.sync();
  assert.equal(status.updateRevision, taken.metadata.name);
  assert.equal(status.collisionCount, 0);
});

test("status is written once per sync that changes it, never for an unchanged one (R70, TestStatefulSetStatusUpdate)", async () => {
  const h = new Harness(newStatefulSet());
  await h.converge();
  const writes = h.statusUpdater.writes;
  await h.sync();
  await h.sync();
  assert.equal(h.statusUpdater.writes, writes);
  h.set.status!.conditions = [{ type: "Other", status: "True" }];
  h.set.status!.collisionCount = 0;
  await h.sync();
  assert.equal(h.statusUpdater.writes, writes, "conditions and collisionCount alone do not trigger a write");
  h.update((s) => (s.minReadySeconds = 0));
  await h.sync();
  assert.equal(h.statusUpdater.writes, writes + 1, "a new generation is written");
  assert.equal(h.set.status!.observedGeneration, 2);
  assert.equal(h.set.status!.conditions, undefined, "conditions are not carried over (R69)");
});

test("a sync error wins over a status write error (R71)", async () => {
  const h = new Harness(newStatefulSet());
  h.om.createPodTracker.failAfter(new Error("create refused"));
  h.statusUpdater.tracker.failAfter(new Error("status refused"));
  const err = await h.syncError();
  assert.equal((err as Error).message, "create refused");
});

test("a deleted current revision falls back to the update revision (R42)", async () => {
  const h = new Harness(newStatefulSet());
  await h.converge();
  setImage(h, "nginx:1.26");
  await h.sync();
  const current = h.set.status!.currentRevision!;
  h.history.revisions.delete(`default/${current}`);
  const status = await h.sync();
  assert.equal(status.currentRevision, status.updateRevision);
});

test("spec.replicas 0 completes the rollout at once (R50)", async () => {
  const h = new Harness(newStatefulSet({ replicas: 0 }));
  await h.sync();
  setImage(h, "nginx:1.26");
  const status = await h.sync();
  assert.equal(status.currentRevision, status.updateRevision);
});

test("the template's revision is remembered per generation until forget()", async () => {
  const h = new Harness(newStatefulSet());
  await h.converge();
  const first = h.set.status!.updateRevision;
  // Only a spec change bumps the generation, so a changed template under the same generation cannot come from the API.
  (h.set.spec.template!.spec!.containers as { image: string }[])[0].image = "nginx:1.26";
  await h.sync();
  assert.equal(h.set.status!.updateRevision, first, "the generation is unchanged: the remembered template stands");
  h.control.forget("default/web");
  await h.sync();
  assert.notEqual(h.set.status!.updateRevision, first, "computed again from the set");
});
