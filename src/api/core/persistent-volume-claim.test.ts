import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import {
  defaultPersistentVolumeClaim,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimStatusUpdate,
  validatePersistentVolumeClaimUpdate,
} from "./persistent-volume-claim.ts";

type Obj = Record<string, any>;

function claim(edit: (spec: Obj, pvc: KubeObject) => void = () => {}): KubeObject {
  const pvc: KubeObject = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "www-web-0", namespace: "default" },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1024Mi" } } },
  };
  edit(pvc.spec as Obj, pvc);
  defaultPersistentVolumeClaim(pvc);
  return pvc;
}

test("defaultPersistentVolumeClaim() sets volumeMode, Pending and canonical quantities", () => {
  const pvc = claim();
  assert.deepEqual(pvc.spec, { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeMode: "Filesystem" });
  assert.deepEqual(pvc.status, { phase: "Pending" });
});

const cases: Array<[string, (s: Obj) => void, string[]]> = [
  ["a valid claim", () => {}, []],
  ["no access modes", (s) => (s.accessModes = []), ["spec.accessModes: Required value: at least 1 access mode is required"]],
  [
    "an unknown access mode",
    (s) => (s.accessModes = ["ReadWriteAll"]),
    ['spec.accessModes: Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
  ],
  ["ReadWriteOncePod with another mode", (s) => (s.accessModes = ["ReadWriteOncePod", "ReadOnlyMany"]), ["spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"]],
  ["no storage request", (s) => (s.resources = {}), ["spec.resources[storage]: Required value"]],
  ["a zero storage request", (s) => (s.resources.requests.storage = "0"), ['spec.resources[storage]: Invalid value: "0": must be greater than zero']],
  ["an unknown volume mode", (s) => (s.volumeMode = "Raw"), ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"']],
  [
    "a data source of an unknown kind",
    (s) => (s.dataSource = { kind: "Snapshot", name: "x" }),
    ['spec.dataSource: Invalid value: "Snapshot": must be \'PersistentVolumeClaim\' when referencing the default apiGroup'],
  ],
];

for (const [name, edit, want] of cases) {
  test(`validatePersistentVolumeClaim() ${name}`, () => assert.deepEqual(messages(validatePersistentVolumeClaim(claim(edit))), want));
}

function stored(phase: string, capacity?: string): KubeObject {
  const pvc = claim((s) => (s.storageClassName = "standard"));
  Object.assign(pvc.metadata, { uid: "u", resourceVersion: "2" });
  pvc.status = { phase, ...(capacity ? { capacity: { storage: capacity } } : {}) };
  return pvc;
}

function changed(base: KubeObject, edit: (spec: Obj) => void): KubeObject {
  const pvc = structuredClone(base);
  edit(pvc.spec as Obj);
  return pvc;
}

test("validatePersistentVolumeClaimUpdate() lets a bound claim grow", () => {
  const old = stored("Bound", "1Gi");
  assert.deepEqual(messages(validatePersistentVolumeClaimUpdate(changed(old, (s) => (s.resources.requests.storage = "2Gi")), old)), []);
});

test("validatePersistentVolumeClaimUpdate() lets the binder set volumeName once", () => {
  const old = stored("Pending");
  assert.deepEqual(messages(validatePersistentVolumeClaimUpdate(changed(old, (s) => (s.volumeName = "pv-1")), old)), []);
});

test("validatePersistentVolumeClaimUpdate() forbids other spec changes", () => {
  const old = stored("Bound", "1Gi");
  assert.deepEqual(messages(validatePersistentVolumeClaimUpdate(changed(old, (s) => (s.accessModes = ["ReadWriteMany"])), old)), [
    'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n- spec.accessModes[0]: "ReadWriteOnce"\n+ spec.accessModes[0]: "ReadWriteMany"',
  ]);
  const pending = stored("Pending");
  assert.equal(
    messages(validatePersistentVolumeClaimUpdate(changed(pending, (s) => (s.resources.requests.storage = "2Gi")), pending))[0].split("\n")[0],
    "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
  );
});

test("validatePersistentVolumeClaimUpdate() refuses to shrink below the provisioned size", () => {
  const old = changed(stored("Bound", "1Gi"), (s) => (s.resources.requests.storage = "2Gi"));
  assert.deepEqual(messages(validatePersistentVolumeClaimUpdate(changed(old, (s) => (s.resources.requests.storage = "512Mi")), old)), [
    "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity",
  ]);
});

test("validatePersistentVolumeClaimStatusUpdate() needs a resourceVersion and access modes", () => {
  const old = stored("Bound");
  const next = structuredClone(old);
  delete next.metadata.resourceVersion;
  (next.spec as Obj).accessModes = [];
  assert.deepEqual(messages(validatePersistentVolumeClaimStatusUpdate(next, old)), [
    'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    "resourceVersion: Required value",
    "Spec.accessModes: Required value",
  ]);
});
