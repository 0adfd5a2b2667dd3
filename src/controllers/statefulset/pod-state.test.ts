import { test } from "node:test";
import assert from "node:assert/strict";
import { isCreated, isHealthy, isRunningAndAvailable, isRunningAndReady, isUnavailable } from "./pod-state.ts";
import type { Pod } from "./stateful-set-types.ts";

const now = new Date("2026-06-01T12:00:00Z");

function pod(phase: string, ready: boolean | undefined, readySince = "2026-06-01T11:59:00Z", deleting = false): Pod {
  return {
    metadata: { name: "web-0", ...(deleting ? { deletionTimestamp: "2026-06-01T12:00:00Z" } : {}) },
    status: { phase, ...(ready === undefined ? {} : { conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: readySince }] }) },
  };
}

test("pod classification follows the vocabulary of spec §1", () => {
  const cases: { what: string; p: Pod; created: boolean; ready: boolean; healthy: boolean }[] = [
    { what: "placeholder", p: { metadata: { name: "web-0" } }, created: false, ready: false, healthy: false },
    { what: "pending", p: pod("Pending", undefined), created: true, ready: false, healthy: false },
    { what: "running, not ready", p: pod("Running", false), created: true, ready: false, healthy: false },
    { what: "running and ready", p: pod("Running", true), created: true, ready: true, healthy: true },
    { what: "ready but terminating", p: pod("Running", true, undefined, true), created: true, ready: true, healthy: false },
    { what: "failed with a stale Ready", p: pod("Failed", true), created: true, ready: false, healthy: false },
  ];
  for (const c of cases) {
    assert.equal(isCreated(c.p), c.created, c.what);
    assert.equal(isRunningAndReady(c.p), c.ready, c.what);
    assert.equal(isHealthy(c.p), c.healthy, c.what);
  }
});

test("isRunningAndAvailable() needs Ready for minReadySeconds, inclusive of the boundary", () => {
  const ready60s = pod("Running", true, "2026-06-01T11:59:00Z");
  assert.equal(isRunningAndAvailable(ready60s, 0, now), true);
  assert.equal(isRunningAndAvailable(ready60s, 59, now), true);
  assert.equal(isRunningAndAvailable(ready60s, 60, now), true);
  assert.equal(isRunningAndAvailable(ready60s, 61, now), false);
  assert.equal(isRunningAndAvailable(pod("Running", true, ""), 1, now), false, "no transition time: not available");
  assert.equal(isRunningAndAvailable(pod("Running", false), 0, now), false);
});

test("isUnavailable() is not (healthy and available)", () => {
  assert.equal(isUnavailable(pod("Running", true), 0, now), false);
  assert.equal(isUnavailable(pod("Running", true), 3600, now), true);
  assert.equal(isUnavailable(pod("Running", true, undefined, true), 0, now), true);
  assert.equal(isUnavailable({ metadata: { name: "web-0" } }, 0, now), true, "placeholders are unavailable");
});
