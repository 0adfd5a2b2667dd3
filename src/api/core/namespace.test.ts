import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import {
  defaultNamespace,
  prepareNamespaceForCreate,
  validateNamespace,
  validateNamespaceFinalizeUpdate,
  validateNamespaceStatusUpdate,
  validateNamespaceUpdate,
} from "./namespace.ts";

function namespace(name = "team-a"): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

test("defaultNamespace() labels the namespace with its name and marks it Active", () => {
  const ns = namespace();
  defaultNamespace(ns);
  assert.deepEqual(ns.metadata.labels, { "kubernetes.io/metadata.name": "team-a" });
  assert.deepEqual(ns.status, { phase: "Active" });
});

test("prepareNamespaceForCreate() adds the kubernetes finalizer", () => {
  const ns = namespace();
  prepareNamespaceForCreate(ns);
  assert.deepEqual(ns.spec, { finalizers: ["kubernetes"] });
});

const cases: Array<[string, KubeObject, string[]]> = [
  ["a valid namespace", namespace(), []],
  ["a name with dots", namespace("team.a"), ['metadata.name: Invalid value: "team.a": must not contain dots']],
  ["a namespace set on a namespace", { ...namespace(), metadata: { name: "a", namespace: "b" } }, ["metadata.namespace: Forbidden: not allowed on this type"]],
  [
    "a non-standard finalizer",
    { ...namespace(), spec: { finalizers: ["custom"] } },
    ['spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified'],
  ],
];

for (const [name, ns, want] of cases) {
  test(`validateNamespace() ${name}`, () => assert.deepEqual(messages(validateNamespace(ns)), want));
}

function stored(): KubeObject {
  return { ...namespace(), metadata: { name: "team-a", uid: "u", resourceVersion: "4" }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } };
}

test("validateNamespaceUpdate() checks metadata only", () => {
  const next = structuredClone(stored());
  next.metadata.labels = { env: "prod" };
  assert.deepEqual(messages(validateNamespaceUpdate(next, stored())), []);
});

test("validateNamespaceStatusUpdate() ties the phase to deletionTimestamp", () => {
  const next = structuredClone(stored());
  (next.status as Record<string, unknown>).phase = "Terminating";
  assert.deepEqual(messages(validateNamespaceStatusUpdate(next, stored())), [
    'status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty',
  ]);
  const deleting = structuredClone(stored());
  deleting.metadata.deletionTimestamp = "2024-01-01T00:00:00Z";
  const terminating = structuredClone(deleting);
  (terminating.status as Record<string, unknown>).phase = "Terminating";
  assert.deepEqual(messages(validateNamespaceStatusUpdate(terminating, deleting)), []);
});

test("validateNamespaceFinalizeUpdate() lets the finalizer go and checks names by index", () => {
  const done = structuredClone(stored());
  done.spec = { finalizers: [] };
  assert.deepEqual(messages(validateNamespaceFinalizeUpdate(done, stored())), []);
  const bad = structuredClone(stored());
  bad.spec = { finalizers: ["kubernetes", "nope"] };
  assert.deepEqual(messages(validateNamespaceFinalizeUpdate(bad, stored())), [
    'spec.finalizers[1]: Invalid value: "nope": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});
