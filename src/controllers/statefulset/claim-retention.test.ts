import { test } from "node:test";
import assert from "node:assert/strict";
import type { OwnerReference } from "../../api/meta.ts";
import { newStatefulSet } from "./_control-harness.ts";
import { claimOwnerRefsFor, hasStaleOwnerRef, hasUnexpectedController, isClaimOwnerUpToDate, retentionPolicy } from "./claim-retention.ts";
import { podKind, type PersistentVolumeClaim, type Pod, type RetentionPolicyType } from "./stateful-set-types.ts";

const setRef: OwnerReference = { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "web-set-uid", controller: true, blockOwnerDeletion: true };
const podRef = (name: string): OwnerReference => ({ apiVersion: "v1", kind: "Pod", name, uid: `${name}-uid`, controller: true, blockOwnerDeletion: true });
const foreign: OwnerReference = { apiVersion: "example.com/v1", kind: "Backup", name: "b", uid: "b-uid" };
const foreignController: OwnerReference = { ...foreign, controller: true };

const pod = (ordinal: number): Pod => ({ metadata: { name: `web-${ordinal}`, namespace: "default", uid: `web-${ordinal}-uid` } });
const claim = (refs?: OwnerReference[]): PersistentVolumeClaim => ({ metadata: { name: "www-web-x", namespace: "default", ...(refs ? { ownerReferences: refs } : {}) } });

function set(whenDeleted: RetentionPolicyType, whenScaled: RetentionPolicyType) {
  return newStatefulSet({ replicas: 2, retention: { whenDeleted, whenScaled } });
}

test("retentionPolicy() treats a missing policy as Retain/Retain (R59)", () => {
  const s = newStatefulSet();
  delete s.spec.persistentVolumeClaimRetentionPolicy;
  assert.deepEqual(retentionPolicy(s), { whenDeleted: "Retain", whenScaled: "Retain" });
});

test("claimOwnerRefsFor() follows the whenDeleted/whenScaled matrix for pods in range and scaled down (R60)", () => {
  const cases: [RetentionPolicyType, RetentionPolicyType, number, OwnerReference[]][] = [
    ["Retain", "Retain", 0, []],
    ["Retain", "Retain", 5, []],
    ["Delete", "Retain", 0, [setRef]],
    ["Delete", "Retain", 5, [setRef]],
    ["Retain", "Delete", 0, []],
    ["Retain", "Delete", 5, [podRef("web-5")]],
    ["Delete", "Delete", 0, [setRef]],
    ["Delete", "Delete", 5, [podRef("web-5")]],
  ];
  for (const [whenDeleted, whenScaled, ordinal, want] of cases) {
    const s = set(whenDeleted, whenScaled);
    const p = pod(ordinal);
    const what = `${whenDeleted}/${whenScaled} web-${ordinal}`;
    assert.deepEqual(claimOwnerRefsFor(claim(), s, p), want, what);
    assert.equal(isClaimOwnerUpToDate(claim(want), s, p), true, `${what} up to date`);
    for (const wrong of [[setRef], [podRef(`web-${ordinal}`)], [setRef, podRef(`web-${ordinal}`)], []]) {
      if (JSON.stringify(wrong) !== JSON.stringify(want)) assert.equal(isClaimOwnerUpToDate(claim(wrong), s, p), false, `${what} with ${wrong.length} refs`);
    }
  }
});

test("claimOwnerRefsFor() keeps foreign owners first and moves the set ref to the pod on scale-down (R60,R64)", () => {
  const s = set("Delete", "Delete");
  assert.deepEqual(claimOwnerRefsFor(claim([setRef, foreign]), s, pod(5)), [foreign, podRef("web-5")]);
  assert.deepEqual(claimOwnerRefsFor(claim([foreign, podRef("web-5")]), set("Retain", "Retain"), pod(5)), [foreign], "back to Retain drops our refs");
});

test("a ref naming the set or pod with another UID is stale and the claim is left alone (R61a)", () => {
  const s = set("Delete", "Delete");
  const stale = { ...podRef("web-0"), uid: "older" };
  assert.equal(hasStaleOwnerRef(claim([stale]), pod(0), podKind), true);
  assert.equal(hasStaleOwnerRef(claim([podRef("web-0")]), pod(0), podKind), false);
  assert.equal(isClaimOwnerUpToDate(claim([stale]), s, pod(0)), true);
  assert.equal(hasStaleOwnerRef(claim([podRef("web-0")]), { metadata: { name: "web-0" } }, podKind), true, "a placeholder has no UID, so any ref to its name is stale (R62)");
});

test("another controller makes the claim externally controlled: our refs are scrubbed, none added (R61b)", () => {
  const s = set("Delete", "Retain");
  assert.equal(hasUnexpectedController(claim([foreignController]), s, pod(0)), true);
  assert.equal(hasUnexpectedController(claim([foreignController]), set("Retain", "Retain"), pod(0)), false, "irrelevant under Retain");
  assert.equal(isClaimOwnerUpToDate(claim([foreignController]), s, pod(0)), true);
  assert.equal(isClaimOwnerUpToDate(claim([foreignController, setRef]), s, pod(0)), false);
  assert.deepEqual(claimOwnerRefsFor(claim([foreignController, setRef]), s, pod(0)), [foreignController]);
});

test("a non-controller ref to the set is made a controller ref; foreign non-controller owners do not block (R61c,d)", () => {
  const s = set("Delete", "Retain");
  const weak = { ...setRef, controller: false };
  assert.equal(isClaimOwnerUpToDate(claim([weak]), s, pod(0)), false);
  assert.deepEqual(claimOwnerRefsFor(claim([weak]), s, pod(0)), [setRef]);
  assert.deepEqual(claimOwnerRefsFor(claim([foreign]), s, pod(0)), [foreign, setRef]);
});
