import { test } from "node:test";
import assert from "node:assert/strict";
import { withPodScheduledFalse } from "./pod-scheduled.ts";

const NOW = Date.parse("2025-01-01T00:01:00Z");
const pod = (conditions: unknown[]) => ({ metadata: { name: "p" }, status: { phase: "Pending", conditions } });

test("withPodScheduledFalse() adds, updates or leaves the condition", () => {
  const added = withPodScheduledFalse(pod([]), "Unschedulable", "m1", NOW);
  assert.deepEqual(added, {
    phase: "Pending",
    conditions: [{ type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: "2025-01-01T00:01:00Z", reason: "Unschedulable", message: "m1" }],
  });
  const same = withPodScheduledFalse(pod(added!.conditions as unknown[]), "Unschedulable", "m1", NOW + 1000);
  assert.equal(same, undefined);
  const changed = withPodScheduledFalse(pod(added!.conditions as unknown[]), "Unschedulable", "m2", NOW + 1000);
  assert.deepEqual((changed!.conditions as Record<string, unknown>[])[0].lastTransitionTime, "2025-01-01T00:01:00Z", "still False: no transition");
  assert.equal((changed!.conditions as Record<string, unknown>[])[0].message, "m2");
});
