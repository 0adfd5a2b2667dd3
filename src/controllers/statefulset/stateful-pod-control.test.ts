import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../../api/status-error.ts";
import { FakeEventRecorder } from "../../client/event-recorder.ts";
import { newStatefulSet } from "./_control-harness.ts";
import { FakeObjectManager } from "./fake-object-manager.ts";
import { newStatefulSetPod } from "./pod-identity.ts";
import { StatefulPodControl } from "./stateful-pod-control.ts";
import type { RetentionPolicyType } from "./stateful-set-types.ts";

function setup(retention?: { whenDeleted: RetentionPolicyType; whenScaled: RetentionPolicyType }) {
  const om = new FakeObjectManager();
  const recorder = new FakeEventRecorder();
  const control = new StatefulPodControl(om, recorder);
  const set = newStatefulSet({ retention });
  return { om, recorder, control, set, pod: newStatefulSetPod(set, 0) };
}

const types = (events: string[]) => events.map((e) => e.split(" ").slice(0, 2).join(" "));
const boom = StatusError.internal("boom");

test("createStatefulPod() event counts per outcome (R79,R80,R82)", async () => {
  const cases: { what: string; arrange: (s: ReturnType<typeof setup>) => void; events: string[]; fails: boolean }[] = [
    { what: "success", arrange: () => {}, events: ["Normal SuccessfulCreate", "Normal SuccessfulCreate"], fails: false },
    { what: "claim create fails", arrange: (s) => s.om.createClaimTracker.failAfter(boom), events: ["Warning FailedCreate", "Warning FailedCreate"], fails: true },
    { what: "claim lookup fails", arrange: (s) => s.om.getClaimTracker.failAfter(boom), events: ["Warning FailedCreate", "Warning FailedCreate"], fails: true },
    {
      what: "claim being deleted",
      arrange: (s) => s.om.putClaim({ metadata: { name: "www-web-0", namespace: "default", deletionTimestamp: "2026-01-01T00:00:00Z" } }),
      events: ["Warning FailedCreate"],
      fails: true,
    },
    { what: "pod create fails", arrange: (s) => s.om.createPodTracker.failAfter(boom), events: ["Normal SuccessfulCreate", "Warning FailedCreate"], fails: true },
    { what: "pod exists", arrange: (s) => s.om.putPod({ metadata: { name: "web-0", namespace: "default" } }), events: ["Normal SuccessfulCreate"], fails: true },
  ];
  for (const c of cases) {
    const s = setup();
    c.arrange(s);
    let failed = false;
    try {
      await s.control.createStatefulPod(s.set, s.pod);
    } catch {
      failed = true;
    }
    assert.equal(failed, c.fails, c.what);
    assert.deepEqual(types(s.recorder.events), c.events, c.what);
  }
});

test("createStatefulPod() failure messages name the claim and the pod (R79,R80)", async () => {
  const s = setup();
  s.om.createClaimTracker.failAfter(boom);
  await assert.rejects(s.control.createStatefulPod(s.set, s.pod), /failed to create PVC www-web-0: Internal error occurred: boom/);
  assert.deepEqual(s.recorder.events, [
    "Warning FailedCreate create Claim www-web-0 for Pod web-0 in StatefulSet web failed error: Internal error occurred: boom",
    "Warning FailedCreate create Pod web-0 in StatefulSet web failed error: failed to create PVC www-web-0: Internal error occurred: boom",
  ]);
});

test("createStatefulPod() returns AlreadyExists without an event and keeps existing claims unchanged (R18,R57)", async () => {
  const s = setup();
  s.om.putClaim({ metadata: { name: "www-web-0", namespace: "default" }, spec: { resources: { requests: { storage: "5Gi" } } } });
  s.om.putPod({ metadata: { name: "web-0", namespace: "default" } });
  await assert.rejects(s.control.createStatefulPod(s.set, s.pod), (e) => e instanceof StatusError && e.reason === "AlreadyExists");
  assert.deepEqual(s.recorder.events, []);
  assert.deepEqual(s.om.claim("www-web-0").spec, { resources: { requests: { storage: "5Gi" } } });
});

test("createStatefulPod() sets claim owner refs for the policy right after the pod (R63)", async () => {
  const s = setup({ whenDeleted: "Delete", whenScaled: "Retain" });
  await s.control.createStatefulPod(s.set, s.pod);
  assert.deepEqual(s.om.claim("www-web-0").metadata.ownerReferences?.map((r) => `${r.kind}/${r.name}`), ["StatefulSet/web"]);
});

test("updateStatefulPod() writes nothing and records nothing for a consistent pod (R82)", async () => {
  const s = setup();
  await s.control.createStatefulPod(s.set, s.pod);
  const before = s.om.updatePodTracker.requests;
  s.recorder.events.length = 0;
  await s.control.updateStatefulPod(s.set, s.om.pod("web-0"));
  assert.equal(s.om.updatePodTracker.requests, before);
  assert.deepEqual(s.recorder.events, []);
});

test("updateStatefulPod() retries a conflict with the cached pod (R8)", async () => {
  const s = setup();
  await s.control.createStatefulPod(s.set, s.pod);
  const broken = structuredClone(s.om.pod("web-0"));
  delete broken.metadata.labels!["statefulset.kubernetes.io/pod-name"];
  s.om.putPod(broken);
  s.om.updatePodTracker.failAfter(StatusError.staleUpdate({ group: "", resource: "pods" }, "web-0"));
  s.recorder.events.length = 0;
  await s.control.updateStatefulPod(s.set, s.om.pod("web-0"));
  assert.equal(s.om.pod("web-0").metadata.labels?.["statefulset.kubernetes.io/pod-name"], "web-0");
  assert.deepEqual(s.recorder.events, ["Normal SuccessfulUpdate update Pod web-0 in StatefulSet web successful"]);
});

test("updateStatefulPod() fixes claim refs after a retention policy change and touches the pod (R63,R64)", async () => {
  const s = setup();
  await s.control.createStatefulPod(s.set, s.pod);
  s.set.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Delete", whenScaled: "Delete" };
  assert.equal(s.control.claimsMatchRetentionPolicy(s.set, s.om.pod("web-0")), false);
  await s.control.updateStatefulPod(s.set, s.om.pod("web-0"));
  assert.deepEqual(s.om.claim("www-web-0").metadata.ownerReferences?.map((r) => r.kind), ["StatefulSet"]);
  assert.equal(s.recorder.events.at(-1), "Normal SuccessfulUpdate update Pod web-0 in StatefulSet web successful");
  s.set.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Retain", whenScaled: "Retain" };
  await s.control.updateStatefulPod(s.set, s.om.pod("web-0"));
  assert.equal(s.om.claim("www-web-0").metadata.ownerReferences, undefined);
});

test("updatePodClaimForRetentionPolicy() warns about a conflicting controller and scrubs our refs (R61,R81)", async () => {
  const s = setup({ whenDeleted: "Delete", whenScaled: "Retain" });
  const other = { apiVersion: "example.com/v1", kind: "Backup", name: "b", uid: "b-uid", controller: true };
  s.om.putClaim({ metadata: { name: "www-web-0", namespace: "default", ownerReferences: [other, { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "web-set-uid", controller: true }] } });
  await s.control.updatePodClaimForRetentionPolicy(s.set, s.pod);
  assert.deepEqual(s.om.claim("www-web-0").metadata.ownerReferences, [other]);
  assert.deepEqual(s.recorder.events, [
    "Warning ConflictingController PersistentVolumeClaim www-web-0 has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim",
  ]);
});

test("claim owner ref updates skip missing claims and report update failures (R63)", async () => {
  const s = setup({ whenDeleted: "Delete", whenScaled: "Delete" });
  await s.control.updatePodClaimForRetentionPolicy(s.set, s.pod);
  assert.equal(s.om.updateClaimTracker.requests, 0);
  s.om.putClaim({ metadata: { name: "www-web-0", namespace: "default" } });
  s.om.updateClaimTracker.failAfter(boom);
  await assert.rejects(s.control.updatePodClaimForRetentionPolicy(s.set, s.pod), /could not update claim www-web-0 for delete policy ownerRefs/);
});

test("podClaimIsStale() only applies under whenScaled=Delete (R62)", () => {
  for (const [whenScaled, want] of [["Retain", false], ["Delete", true]] as const) {
    const s = setup({ whenDeleted: "Retain", whenScaled });
    s.om.putClaim({ metadata: { name: "www-web-0", namespace: "default", ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "web-0", uid: "gone", controller: true }] } });
    assert.equal(s.control.podClaimIsStale(s.set, s.pod), want, whenScaled);
  }
});

test("deleteStatefulPod() records success and failure (R79)", async () => {
  const s = setup();
  await s.control.createStatefulPod(s.set, s.pod);
  s.om.deletePodTracker.failAfter(boom);
  await assert.rejects(s.control.deleteStatefulPod(s.set, s.om.pod("web-0")));
  await s.control.deleteStatefulPod(s.set, s.om.pod("web-0"));
  assert.deepEqual(s.recorder.events.slice(-2), [
    "Warning FailedDelete delete Pod web-0 in StatefulSet web failed error: Internal error occurred: boom",
    "Normal SuccessfulDelete delete Pod web-0 in StatefulSet web successful",
  ]);
});
