import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { decideDependent, foregroundBlocked, type OwnerState } from "./ownership.ts";

const ref = (uid: string, block = false) => ({ apiVersion: "apps/v1", kind: "StatefulSet", name: uid, uid, controller: true, blockOwnerDeletion: block });
const pod = (refs: ReturnType<typeof ref>[], deleting = false): KubeObject => ({
  metadata: { name: "web-0", namespace: "default", ownerReferences: refs, ...(deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
});

const cases: { name: string; obj: KubeObject; owners: [string, OwnerState][]; want: ReturnType<typeof decideDependent> }[] = [
  { name: "no owners: nothing", obj: pod([]), owners: [], want: { kind: "none" } },
  { name: "owner present: nothing", obj: pod([ref("a")]), owners: [["a", { kind: "present" }]], want: { kind: "none" } },
  { name: "owner gone: background delete", obj: pod([ref("a")]), owners: [], want: { kind: "delete", propagationPolicy: "Background" } },
  {
    name: "owner deleting in foreground: foreground delete",
    obj: pod([ref("a")]),
    owners: [["a", { kind: "deleting-foreground" }]],
    want: { kind: "delete", propagationPolicy: "Foreground" },
  },
  {
    name: "one of two owners gone: drop its reference",
    obj: pod([ref("a"), ref("b")]),
    owners: [["b", { kind: "present" }]],
    want: { kind: "remove-owner-references", uids: ["a"] },
  },
  { name: "dependent already deleting: nothing", obj: pod([ref("a")], true), owners: [], want: { kind: "none" } },
];

for (const c of cases) {
  test(`decideDependent() ${c.name}`, () => assert.deepEqual(decideDependent(c.obj, new Map(c.owners)), c.want));
}

test("foregroundBlocked() counts only dependents with blockOwnerDeletion", () => {
  assert.equal(foregroundBlocked("a", [pod([ref("a", false)])]), false);
  assert.equal(foregroundBlocked("a", [pod([ref("a", true)])]), true);
  assert.equal(foregroundBlocked("a", [pod([ref("b", true)])]), false);
});
