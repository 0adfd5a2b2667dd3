import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { defaultPersistentVolume, validatePersistentVolume, validatePersistentVolumeStatusUpdate, validatePersistentVolumeUpdate } from "./persistent-volume.ts";

type Obj = Record<string, any>;

function volume(edit: (spec: Obj) => void = () => {}): KubeObject {
  const pv: KubeObject = {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pv-1" },
    spec: { capacity: { storage: "10Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/srv/pv-1" } },
  };
  edit(pv.spec as Obj);
  defaultPersistentVolume(pv);
  return pv;
}

test("defaultPersistentVolume() sets Retain, Filesystem and Pending", () => {
  const pv = volume();
  assert.deepEqual(pv.spec, {
    capacity: { storage: "10Gi" },
    accessModes: ["ReadWriteOnce"],
    hostPath: { path: "/srv/pv-1", type: "" },
    persistentVolumeReclaimPolicy: "Retain",
    volumeMode: "Filesystem",
  });
  assert.deepEqual(pv.status, { phase: "Pending" });
});

const cases: Array<[string, (s: Obj) => void, string[]]> = [
  ["a valid volume", () => {}, []],
  ["no capacity", (s) => delete s.capacity, ["spec.capacity: Required value", 'spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"']],
  [
    "capacity in cpu",
    (s) => (s.capacity = { storage: "1Gi", cpu: "1" }),
    [
      'spec.capacity: Unsupported value: core.ResourceList{"cpu":resource.Quantity{i:resource.int64Amount{value:1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1", Format:"DecimalSI"}, "storage":resource.Quantity{i:resource.int64Amount{value:1073741824, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1Gi", Format:"BinarySI"}}: supported values: "storage"',
    ],
  ],
  ["no access modes", (s) => (s.accessModes = []), ["spec.accessModes: Required value"]],
  ["no source", (s) => delete s.hostPath, ["spec: Required value: must specify a volume type"]],
  ["two sources", (s) => (s.nfs = { server: "nfs", path: "/x" }), ["spec.nfs: Forbidden: may not specify more than 1 volume type"]],
  [
    "an unknown reclaim policy",
    (s) => (s.persistentVolumeReclaimPolicy = "Keep"),
    ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"'],
  ],
  [
    "recycling a hostPath of /",
    (s) => {
      s.hostPath.path = "/";
      s.persistentVolumeReclaimPolicy = "Recycle";
    },
    ["spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'"],
  ],
  ["a local volume without node affinity", (s) => {
    delete s.hostPath;
    s.local = { path: "/mnt/disk" };
  }, ["spec.nodeAffinity: Required value: Local volume requires node affinity"]],
];

for (const [name, edit, want] of cases) {
  test(`validatePersistentVolume() ${name}`, () => assert.deepEqual(messages(validatePersistentVolume(volume(edit))), want));
}

test("validatePersistentVolumeUpdate() keeps the source fixed but allows a new reclaim policy", () => {
  const old = volume();
  Object.assign(old.metadata, { uid: "u", resourceVersion: "1" });
  const retained = structuredClone(old);
  (retained.spec as Obj).persistentVolumeReclaimPolicy = "Delete";
  assert.deepEqual(messages(validatePersistentVolumeUpdate(retained, old)), []);
  const moved = structuredClone(old);
  (moved.spec as Obj).hostPath.path = "/srv/other";
  assert.deepEqual(messages(validatePersistentVolumeUpdate(moved, old)), [
    'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n- spec.hostPath.path: "/srv/pv-1"\n+ spec.hostPath.path: "/srv/other"',
  ]);
});

test("validatePersistentVolumeStatusUpdate() checks only metadata", () => {
  const old = volume();
  Object.assign(old.metadata, { uid: "u", resourceVersion: "1" });
  const next = structuredClone(old);
  next.status = { phase: "Bound" };
  assert.deepEqual(messages(validatePersistentVolumeStatusUpdate(next, old)), []);
});
