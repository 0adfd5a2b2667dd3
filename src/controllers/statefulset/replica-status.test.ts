import { test } from "node:test";
import assert from "node:assert/strict";
import { newStatefulSet } from "./_control-harness.ts";
import { completeUpdate, countReplicas, inconsistentStatus, wireStatus, type ComputedStatus } from "./replica-status.ts";
import type { Pod } from "./stateful-set-types.ts";

const now = new Date("2026-06-01T12:00:00Z");
const ctx = { minReadySeconds: 10, now, currentRevision: "web-a", updateRevision: "web-b" };

function pod(revision: string, phase: string, ready: boolean, readySince = "2026-06-01T11:00:00Z", deleting = false): Pod {
  return {
    metadata: { name: "web-0", labels: { "controller-revision-hash": revision }, ...(deleting ? { deletionTimestamp: "2026-06-01T12:00:00Z" } : {}) },
    status: { phase, conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: readySince }] },
  };
}

const blank = (): ComputedStatus => ({ observedGeneration: 1, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0, availableReplicas: 0, currentRevision: "web-a", updateRevision: "web-b", collisionCount: 0 });

test("countReplicas() counts created, ready, available, current and updated pods (R67)", () => {
  const status = blank();
  countReplicas(
    status,
    ctx,
    [pod("web-a", "Running", true), pod("web-b", "Running", true, "2026-06-01T11:59:55Z"), pod("web-b", "Pending", false)],
    [pod("web-a", "Running", true, undefined, true), { metadata: { name: "web-3" } }],
  );
  assert.deepEqual(
    [status.replicas, status.readyReplicas, status.availableReplicas, status.currentReplicas, status.updatedReplicas],
    [4, 3, 2, 1, 2],
    "terminating pods count in replicas and ready, not in current/updated; placeholders nowhere",
  );
});

test("completeUpdate() promotes the update revision once all wanted replicas are updated and ready (R50)", () => {
  const set = newStatefulSet({ replicas: 2 });
  const done = { ...blank(), replicas: 2, readyReplicas: 2, updatedReplicas: 2, currentReplicas: 0 };
  completeUpdate(set, done);
  assert.equal(done.currentRevision, "web-b");
  assert.equal(done.currentReplicas, 2);
  const notReady = { ...blank(), replicas: 2, readyReplicas: 1, updatedReplicas: 2 };
  completeUpdate(set, notReady);
  assert.equal(notReady.currentRevision, "web-a");
  const onDelete = newStatefulSet({ replicas: 1, spec: { updateStrategy: { type: "OnDelete" } } });
  const s = { ...blank(), replicas: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 0 };
  completeUpdate(onDelete, s);
  assert.equal(s.currentRevision, "web-b", "OnDelete too, and availability is not consulted");
});

test("inconsistentStatus() ignores collisionCount and conditions (R70)", () => {
  const set = newStatefulSet();
  const status = blank();
  set.status = { ...wireStatus(status), collisionCount: 3, conditions: [{}] };
  assert.equal(inconsistentStatus(set, status), false);
  assert.equal(inconsistentStatus(set, { ...status, observedGeneration: 2 }), true);
  assert.equal(inconsistentStatus(set, { ...status, availableReplicas: 1 }), true);
  assert.equal(inconsistentStatus(set, { ...status, updateRevision: "web-c" }), true);
});

test("wireStatus() leaves out zero omitempty fields but always has replicas, availableReplicas and collisionCount", () => {
  assert.deepEqual(wireStatus({ ...blank(), currentRevision: "", updateRevision: "", observedGeneration: 0 }), { replicas: 0, collisionCount: 0, availableReplicas: 0 });
  assert.deepEqual(Object.keys(wireStatus({ ...blank(), readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1 })), [
    "replicas", "observedGeneration", "readyReplicas", "currentReplicas", "updatedReplicas", "currentRevision", "updateRevision", "collisionCount", "availableReplicas",
  ]);
});
