// Scaling, ordering and failure handling of StatefulSetControl, each case under both pod
// management policies where upstream runs it so (stateful_set_control_test.go).
import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../../api/status-error.ts";
import { eventsWith, Harness, newStatefulSet, policies } from "./_control-harness.ts";
import { podIndexLabel, podNameLabel, revisionLabel } from "./stateful-set-types.ts";

const internal = (msg: string) => StatusError.internal(msg);

for (const policy of policies) {
  test(`${policy}: creates pods web-0..2 with identity, claims and status (R1,R3-R6,R9,R56,R67)`, async () => {
    const h = new Harness(newStatefulSet({ policy }));
    const status = await h.converge();
    assert.deepEqual(h.names(), ["web-0", "web-1", "web-2"]);
    for (const [i, pod] of h.pods().entries()) {
      assert.equal(pod.metadata.labels?.[podNameLabel], `web-${i}`);
      assert.equal(pod.metadata.labels?.[podIndexLabel], String(i));
      assert.equal(pod.metadata.labels?.[revisionLabel], status.updateRevision);
      assert.equal(pod.metadata.generateName, "web-");
      assert.equal(pod.spec?.hostname, `web-${i}`);
      assert.equal(pod.spec?.subdomain, "nginx");
      assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "web-set-uid", controller: true, blockOwnerDeletion: true }]);
      assert.deepEqual(pod.spec?.volumes, [{ name: "www", persistentVolumeClaim: { claimName: `www-web-${i}`, readOnly: false } }]);
      const claim = h.om.claim(`www-web-${i}`);
      assert.deepEqual(claim.metadata.labels, { app: "nginx" });
      assert.equal(claim.metadata.ownerReferences, undefined);
    }
    assert.deepEqual(
      { replicas: status.replicas, ready: status.readyReplicas, current: status.currentReplicas, updated: status.updatedReplicas, available: status.availableReplicas },
      { replicas: 3, ready: 3, current: 3, updated: 3, available: 3 },
    );
    assert.equal(status.currentRevision, status.updateRevision);
    assert.deepEqual(h.set.status?.collisionCount, 0);
    assert.equal(h.set.status?.observedGeneration, 1);
  });

  test(`${policy}: emits claim then pod SuccessfulCreate events (R79,R80)`, async () => {
    const h = new Harness(newStatefulSet({ policy, replicas: 1 }));
    await h.sync();
    assert.deepEqual(h.events, [
      "Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success",
      "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful",
    ]);
  });

  test(`${policy}: scales up 3 to 4 and down to 0 from the highest ordinal (R32)`, async () => {
    const h = new Harness(newStatefulSet({ policy }), { gracefulDelete: true });
    await h.converge();
    h.update((s) => (s.replicas = 4));
    let status = await h.converge();
    assert.deepEqual(h.names(), ["web-0", "web-1", "web-2", "web-3"]);
    assert.equal(status.readyReplicas, 4);
    h.update((s) => (s.replicas = 0));
    const order: string[] = [];
    for (let i = 0; i < 20 && h.pods().length; i++) {
      status = await h.sync();
      for (const pod of h.pods()) if (pod.metadata.deletionTimestamp && !order.includes(pod.metadata.name!)) order.push(pod.metadata.name!);
      h.kubelet();
    }
    status = await h.sync();
    assert.deepEqual(h.names(), []);
    if (policy === "OrderedReady") assert.deepEqual(order, ["web-3", "web-2", "web-1", "web-0"]);
    else assert.deepEqual([...order].sort(), ["web-0", "web-1", "web-2", "web-3"]);
    assert.deepEqual({ replicas: status.replicas, ready: status.readyReplicas, current: status.currentReplicas, updated: status.updatedReplicas }, { replicas: 0, ready: 0, current: 0, updated: 0 });
    assert.equal(eventsWith(h, "SuccessfulDelete").length, 4);
  });

  test(`${policy}: replaces deleted pods with the same identity and claims (R85)`, async () => {
    const h = new Harness(newStatefulSet({ policy, replicas: 5 }));
    await h.converge();
    const uids = new Map(h.pods().map((p) => [p.metadata.name, p.metadata.uid]));
    for (const name of ["web-0", "web-2", "web-4"]) h.om.pods.delete(`default/${name}`);
    await h.converge();
    assert.deepEqual(h.names(), ["web-0", "web-1", "web-2", "web-3", "web-4"]);
    for (const name of ["web-0", "web-2", "web-4"]) assert.notEqual(h.om.pod(name).metadata.uid, uids.get(name));
    assert.equal(h.om.pod("web-1").metadata.uid, uids.get("web-1"));
    assert.equal(h.om.claims.size, 5);
    for (const claim of h.om.claims.values()) assert.equal(claim.metadata.ownerReferences, undefined);
  });

  for (const phase of ["Failed", "Succeeded"]) {
    test(`${policy}: deletes a ${phase} pod and recreates it only after it is gone (R27,R37,R83)`, async () => {
      const h = new Harness(newStatefulSet({ policy }));
      await h.converge();
      h.om.setPhase("web-1", phase);
      const creates = h.om.createPodTracker.requests;
      await h.sync();
      assert.equal(h.om.pods.has("default/web-1"), false, "terminal pod deleted");
      assert.equal(h.om.createPodTracker.requests, creates, "not recreated in the same sync");
      assert.deepEqual(eventsWith(h, "SuccessfulDelete"), ["Normal SuccessfulDelete delete Pod web-1 in StatefulSet web successful"]);
      await h.sync();
      assert.equal(h.om.pod("web-1").status?.phase, "Pending");
      assert.equal(h.om.createPodTracker.requests, creates + 1);
      assert.equal(h.events.some((e) => /Recreating/.test(e)), false);
    });

    test(`${policy}: retries a failing delete of a ${phase} pod (R27)`, async () => {
      const h = new Harness(newStatefulSet({ policy }));
      await h.converge();
      h.om.setPhase("web-0", phase);
      h.om.deletePodTracker.failAfter(internal("etcd down"));
      const err = await h.syncError();
      assert.equal((err as StatusError).reason, "InternalError");
      assert.ok(h.om.pods.has("default/web-0"));
      assert.deepEqual(eventsWith(h, "FailedDelete"), ["Warning FailedDelete delete Pod web-0 in StatefulSet web failed error: Internal error occurred: etcd down"]);
      await h.converge();
      assert.equal(h.om.pod("web-0").status?.phase, "Running");
    });
  }

  test(`${policy}: a pod create failure is returned and the next syncs converge (R19,R79)`, async () => {
    const h = new Harness(newStatefulSet({ policy }));
    h.om.createPodTracker.failAfter(internal("quota"), 2);
    let failed = false;
    for (let i = 0; i < 50; i++) {
      try {
        await h.sync();
      } catch (e) {
        failed = true;
        assert.match(String((e as Error).message), /quota/);
      }
      h.kubelet();
    }
    assert.ok(failed);
    assert.deepEqual(h.names(), ["web-0", "web-1", "web-2"]);
    assert.deepEqual(eventsWith(h, "FailedCreate"), ["Warning FailedCreate create Pod web-2 in StatefulSet web failed error: Internal error occurred: quota"]);
  });

  test(`${policy}: an identity repair that fails to update the pod is returned (R8)`, async () => {
    const h = new Harness(newStatefulSet({ policy }));
    await h.converge();
    const pod = structuredClone(h.om.pod("web-0"));
    delete pod.metadata.labels![podNameLabel];
    h.om.putPod(pod);
    h.om.updatePodTracker.failAfter(internal("no"));
    const err = await h.syncError();
    assert.match((err as Error).message, /no/);
    assert.deepEqual(eventsWith(h, "FailedUpdate"), ["Warning FailedUpdate update Pod web-0 in StatefulSet web failed error: Internal error occurred: no"]);
    await h.sync();
    assert.equal(h.om.pod("web-0").metadata.labels?.[podNameLabel], "web-0");
    assert.deepEqual(eventsWith(h, "SuccessfulUpdate"), ["Normal SuccessfulUpdate update Pod web-0 in StatefulSet web successful"]);
  });

  test(`${policy}: a status write failure is returned and converges later (R71)`, async () => {
    const h = new Harness(newStatefulSet({ policy }));
    h.statusUpdater.tracker.failAfter(internal("status"), 2);
    let failed = 0;
    for (let i = 0; i < 40; i++) {
      try {
        await h.sync();
      } catch {
        failed++;
      }
      h.kubelet();
    }
    assert.equal(failed, 1);
    assert.equal(h.set.status?.readyReplicas, 3);
  });

  test(`${policy}: re-creates the deleted claim of a Pending pod (R58)`, async () => {
    const h = new Harness(newStatefulSet({ policy, replicas: 1 }));
    await h.sync();
    assert.equal(h.om.pod("web-0").status?.phase, "Pending");
    h.om.claims.delete("default/www-web-0");
    await h.sync();
    assert.ok(h.om.claims.has("default/www-web-0"));
    assert.equal(eventsWith(h, "SuccessfulCreate").filter((e) => e.includes("Claim www-web-0")).length, 2);
  });

  test(`${policy}: creates pods from spec.ordinals.start (R36)`, async () => {
    const h = new Harness(newStatefulSet({ policy, spec: { ordinals: { start: 2 } } }));
    await h.converge();
    assert.deepEqual(h.names(), ["web-2", "web-3", "web-4"]);
    assert.deepEqual(h.pods().map((p) => p.metadata.labels?.[podIndexLabel]), ["2", "3", "4"]);
    assert.deepEqual([...h.om.claims.keys()].sort(), ["default/www-web-2", "default/www-web-3", "default/www-web-4"]);
  });

  test(`${policy}: a scale-down delete error surfaces and scale-down completes later`, async () => {
    const h = new Harness(newStatefulSet({ policy }));
    await h.converge();
    h.update((s) => (s.replicas = 0));
    h.om.deletePodTracker.failAfter(internal("busy"));
    const err = await h.syncError();
    assert.match((err as Error).message, /busy/);
    await h.converge();
    assert.deepEqual(h.names(), []);
  });

  test(`${policy}: a terminating pod is never replaced while its object exists (R30,R85)`, async () => {
    const h = new Harness(newStatefulSet({ policy }), { gracefulDelete: true });
    await h.converge();
    h.om.setTerminating("web-1");
    for (let i = 0; i < 3; i++) await h.sync();
    assert.ok(h.om.pod("web-1").metadata.deletionTimestamp, "still the old, terminating object");
    assert.equal(h.set.status?.replicas, 3, "terminating pods count in replicas (R67)");
    assert.equal(h.set.status?.currentReplicas, 2, "but not in current");
    h.om.finishTerminations();
    await h.sync();
    assert.equal(h.om.pod("web-1").metadata.deletionTimestamp, undefined);
  });

  test(`${policy}: changing spec.ordinals.start condemns the old range (R36)`, async () => {
    const h = new Harness(newStatefulSet({ policy, replicas: 2 }), { gracefulDelete: true });
    await h.converge();
    h.update((s) => (s.ordinals = { start: 2 }));
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      await h.sync();
      for (const n of h.names()) if (!seen.includes(n)) seen.push(n);
      h.kubelet();
    }
    assert.deepEqual(h.names(), ["web-2", "web-3"]);
    assert.deepEqual(seen, ["web-0", "web-1", "web-2", "web-3"]);
  });

  test(`${policy}: a deleted set only gets its status written (R24)`, async () => {
    const h = new Harness(newStatefulSet({ policy }));
    h.set.metadata.deletionTimestamp = "2026-06-01T12:00:00Z";
    const status = await h.sync();
    assert.deepEqual(h.names(), []);
    assert.equal(h.om.claims.size, 0);
    assert.ok(status.updateRevision);
    assert.equal(h.statusUpdater.writes, 1);
  });

  test(`${policy}: a stale pod owner ref on a claim blocks creation under whenScaled=Delete (R62)`, async () => {
    const h = new Harness(newStatefulSet({ policy, replicas: 1, retention: { whenDeleted: "Retain", whenScaled: "Delete" } }));
    h.om.putClaim({
      metadata: { name: "www-web-0", namespace: "default", ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "web-0", uid: "old-incarnation", controller: true }] },
      spec: {},
    });
    for (let i = 0; i < 3; i++) await h.sync();
    assert.deepEqual(h.names(), []);
    h.om.claims.delete("default/www-web-0");
    await h.sync();
    assert.deepEqual(h.names(), ["web-0"]);
  });

  test(`${policy}: a claim being deleted stops its pod's creation with one Warning (R57,R82)`, async () => {
    const h = new Harness(newStatefulSet({ policy, replicas: 1 }));
    h.om.putClaim({ metadata: { name: "www-web-0", namespace: "default", deletionTimestamp: "2026-06-01T11:00:00Z" }, spec: {} });
    const err = await h.syncError();
    assert.equal((err as Error).message, "pvc www-web-0 is being deleted");
    assert.deepEqual(h.names(), []);
    assert.deepEqual(h.events, ["Warning FailedCreate create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted"]);
  });
}
