import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { validateLease, validateLeaseUpdate } from "./lease.ts";

function lease(spec: Record<string, unknown>, finalizers?: string[]): KubeObject {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "node-1", namespace: "kube-node-lease", uid: "u", resourceVersion: "1", ...(finalizers ? { finalizers } : {}) },
    spec,
  };
}

const cases: Array<[string, KubeObject, string[]]> = [
  ["a held lease", lease({ holderIdentity: "node-1", leaseDurationSeconds: 40, renewTime: "2024-01-01T00:00:00.000000Z" }), []],
  ["a zero duration", lease({ leaseDurationSeconds: 0 }), ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"]],
  ["negative transitions", lease({ leaseTransitions: -1 }), ["spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"]],
  [
    "an unknown strategy",
    lease({ strategy: "Newest" }),
    ['spec.strategy.strategy: Unsupported value: "Newest": supported values: "OldestEmulationVersion"'],
  ],
  ["a preferred holder without a strategy", lease({ preferredHolder: "a" }), ["spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined"]],
  ["a non-standard unqualified finalizer, allowed here", lease({}, ["custom"]), []],
];

for (const [name, l, want] of cases) {
  test(`validateLease() ${name}`, () => assert.deepEqual(messages(validateLease(l)), want));
}

test("validateLeaseUpdate() checks the new spec", () => {
  assert.deepEqual(messages(validateLeaseUpdate(lease({ leaseDurationSeconds: -5 }), lease({}))), [
    "spec.leaseDurationSeconds: Invalid value: -5: must be greater than 0",
  ]);
});
