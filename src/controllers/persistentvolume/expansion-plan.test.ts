import { test } from "node:test";
import assert from "node:assert/strict";
import { claim, each, volume } from "./_binder-fixtures.ts";
import { mergeResizeConditions, planExpansion, type ExpansionStep } from "./expansion-plan.ts";
import type { PersistentVolumeClaim } from "./volume-types.ts";

const pv = volume("pvc-1", "16Mi", "uid-1", "data", "Bound", "Delete");
const boundClaim = (request: string, status: Partial<NonNullable<PersistentVolumeClaim["status"]>> = {}) =>
  each([claim("data", "uid-1", request, "pvc-1", "Bound")], (c) => {
    c.status = { ...c.status, capacity: { storage: "16Mi" }, ...status };
  })[0];

const cases: { name: string; claim: PersistentVolumeClaim; volume?: typeof pv; want: ExpansionStep }[] = [
  { name: "nothing to do when the request equals the capacity", claim: boundClaim("16Mi"), volume: pv, want: { kind: "none" } },
  { name: "a larger request grows the storage", claim: boundClaim("32Mi"), volume: pv, want: { kind: "controller", size: "32Mi" } },
  { name: "a smaller request (recovering from a failure) does nothing", claim: boundClaim("8Mi"), volume: pv, want: { kind: "none" } },
  { name: "an unbound claim does nothing", claim: claim("data", "uid-1", "32Mi", "", "Pending"), volume: pv, want: { kind: "none" } },
  { name: "a volume bound to another claim does nothing", claim: boundClaim("32Mi"), volume: volume("pvc-1", "16Mi", "uid-2", "data", "Bound", "Delete"), want: { kind: "none" } },
  { name: "no volume does nothing", claim: boundClaim("32Mi"), want: { kind: "none" } },
  {
    name: "an interrupted storage resize resumes at the allocated size",
    claim: boundClaim("64Mi", { allocatedResources: { storage: "32Mi" }, allocatedResourceStatuses: { storage: "ControllerResizeInProgress" } }),
    volume: pv,
    want: { kind: "controller", size: "32Mi" },
  },
  {
    name: "a pending filesystem resize goes to the node",
    claim: boundClaim("32Mi", { allocatedResources: { storage: "32Mi" }, allocatedResourceStatuses: { storage: "NodeResizePending" } }),
    volume: pv,
    want: { kind: "node", size: "32Mi" },
  },
  {
    name: "a finished resize followed by a larger request grows again",
    claim: boundClaim("64Mi", { capacity: { storage: "32Mi" }, allocatedResources: { storage: "32Mi" } }),
    volume: pv,
    want: { kind: "controller", size: "64Mi" },
  },
];

for (const c of cases) {
  test(`planExpansion() ${c.name}`, () => assert.deepEqual(planExpansion(c.claim, c.volume), c.want));
}

test("mergeResizeConditions() replaces resize conditions, keeps others and unchanged transition times", () => {
  const current = [
    { type: "Resizing", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" },
    { type: "ModifyingVolume", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" },
  ];
  const merged = mergeResizeConditions(current, [
    { type: "Resizing", status: "True", lastTransitionTime: "2026-01-02T00:00:00Z" },
    { type: "FileSystemResizePending", status: "True", lastTransitionTime: "2026-01-02T00:00:00Z" },
  ]);
  assert.deepEqual(merged, [
    { type: "ModifyingVolume", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" },
    { type: "Resizing", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" },
    { type: "FileSystemResizePending", status: "True", lastTransitionTime: "2026-01-02T00:00:00Z" },
  ]);
  assert.deepEqual(mergeResizeConditions(merged, []), [{ type: "ModifyingVolume", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" }]);
});
