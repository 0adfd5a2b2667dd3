// Claim owner references through whole reconciles under each retention policy (R60-R65, worked
// example 5), as upstream runs its control tests under Retain, SetDeleteOnly, ScaleDownOnly,
// Delete and a missing policy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Harness, newStatefulSet, policies } from "./_control-harness.ts";
import type { RetentionPolicyType } from "./stateful-set-types.ts";

type Retention = { whenDeleted: RetentionPolicyType; whenScaled: RetentionPolicyType } | undefined;

const retentions: [string, Retention][] = [
  ["Retain", { whenDeleted: "Retain", whenScaled: "Retain" }],
  ["SetDeleteOnly", { whenDeleted: "Delete", whenScaled: "Retain" }],
  ["ScaleDownOnly", { whenDeleted: "Retain", whenScaled: "Delete" }],
  ["Delete", { whenDeleted: "Delete", whenScaled: "Delete" }],
  ["nil", undefined],
];

function owners(h: Harness, claim: string): string[] {
  return (h.om.claim(claim).metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}${r.controller ? "" : "(weak)"}`);
}

for (const policy of policies) {
  for (const [label, retention] of retentions) {
    test(`${policy}/${label}: claims carry the owner refs of their policy through scale-down (R60,R63,R65)`, async () => {
      const set = newStatefulSet({ policy, retention });
      if (!retention) delete set.spec.persistentVolumeClaimRetentionPolicy;
      const h = new Harness(set, { gracefulDelete: true });
      await h.converge();
      const inRange = retention?.whenDeleted === "Delete" ? ["StatefulSet/web"] : [];
      for (const c of ["www-web-0", "www-web-1", "www-web-2"]) assert.deepEqual(owners(h, c), inRange, `${c} in range`);
      h.update((s) => (s.replicas = 1));
      await h.sync();
      const scaledDown = retention?.whenScaled === "Delete" ? ["Pod/web-2"] : inRange;
      assert.deepEqual(owners(h, "www-web-2"), scaledDown, "claim refs fixed before the pod goes");
      assert.ok(h.om.pod("web-2").metadata.deletionTimestamp, "then web-2 is deleted");
      await h.converge();
      assert.deepEqual(h.names(), ["web-0"]);
      assert.equal(h.om.claims.size, 3, "the controller itself never deletes claims");
      assert.deepEqual(owners(h, "www-web-0"), inRange);
      const scaledOwner = retention?.whenScaled === "Delete" ? [`Pod/web-1`] : inRange;
      assert.deepEqual(owners(h, "www-web-1"), scaledOwner);
    });
  }
}

test("OrderedReady: scaling back up waits while the garbage collector has not removed a scaled-down claim (R62, worked example 5)", async () => {
  const h = new Harness(newStatefulSet({ retention: { whenDeleted: "Retain", whenScaled: "Delete" } }), { gracefulDelete: true });
  await h.converge();
  h.update((s) => (s.replicas = 2));
  await h.converge();
  assert.deepEqual(owners(h, "www-web-2"), ["Pod/web-2"]);
  h.update((s) => (s.replicas = 3));
  for (let i = 0; i < 3; i++) await h.sync();
  assert.deepEqual(h.names(), ["web-0", "web-1"], "web-2 waits for its stale claim to go");
  h.om.claims.delete("default/www-web-2");
  await h.converge();
  assert.deepEqual(h.names(), ["web-0", "web-1", "web-2"]);
  assert.deepEqual(owners(h, "www-web-2"), []);
});

test("changing the retention policy converges the refs of existing claims (R64)", async () => {
  const h = new Harness(newStatefulSet());
  await h.converge();
  h.update((s) => (s.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Delete", whenScaled: "Delete" }));
  await h.sync();
  for (const c of ["www-web-0", "www-web-1", "www-web-2"]) assert.deepEqual(owners(h, c), ["StatefulSet/web"]);
  assert.equal(h.events.filter((e) => e.startsWith("Normal SuccessfulUpdate")).length, 3, "each fix shows up as a pod update");
  h.update((s) => (s.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Retain", whenScaled: "Retain" }));
  await h.sync();
  for (const c of ["www-web-0", "www-web-1", "www-web-2"]) assert.deepEqual(owners(h, c), []);
});

test("a claim controlled by someone else keeps its controller and gets a ConflictingController warning (R61,R81)", async () => {
  const h = new Harness(newStatefulSet({ replicas: 1, retention: { whenDeleted: "Delete", whenScaled: "Retain" } }));
  h.om.putClaim({ metadata: { name: "www-web-0", namespace: "default", ownerReferences: [{ apiVersion: "example.com/v1", kind: "Backup", name: "b", uid: "b", controller: true }] } });
  await h.converge();
  assert.deepEqual(owners(h, "www-web-0"), ["Backup/b"]);
  assert.ok(h.events.some((e) => e.startsWith("Warning ConflictingController PersistentVolumeClaim www-web-0")));
});
