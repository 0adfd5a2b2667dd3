import assert from "node:assert/strict";
import { test } from "node:test";
import { messages } from "./_kubectl-message.ts";
import { nameIsDNSLabel, nameIsDNSSubdomain } from "./name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.ts";

const namespaced = { namespaced: true, nameValidator: nameIsDNSSubdomain };
const base = { name: "web", namespace: "default" };

const createCases: Array<[string, Record<string, unknown>, typeof namespaced, string[]]> = [
  ["a valid object", base, namespaced, []],
  ["no name", { namespace: "default" }, namespaced, ["metadata.name: Required value: name or generateName is required"]],
  ["no namespace", { name: "web" }, namespaced, ["metadata.namespace: Required value"]],
  [
    "a namespace that is not a DNS label",
    { name: "web", namespace: "my.ns" },
    namespaced,
    ['metadata.namespace: Invalid value: "my.ns": must not contain dots'],
  ],
  ["a namespace on a cluster-scoped kind", base, { namespaced: false, nameValidator: nameIsDNSSubdomain }, ["metadata.namespace: Forbidden: not allowed on this type"]],
  [
    "a generateName that would produce a bad name",
    { ...base, generateName: "Web-" },
    namespaced,
    [
      "metadata.generateName: Invalid value: \"Web-\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  ["a negative generation", { ...base, generation: -1 }, namespaced, ["metadata.generation: Invalid value: -1: must be greater than or equal to 0"]],
  [
    "an unqualified, non-standard finalizer",
    { ...base, finalizers: ["kubernetes", "custom"] },
    namespaced,
    ['metadata.finalizers[1]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified'],
  ],
  [
    "conflicting deletion finalizers",
    { ...base, finalizers: ["orphan", "foregroundDeletion"] },
    namespaced,
    ['metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set'],
  ],
  [
    "owner references missing fields",
    { ...base, ownerReferences: [{ apiVersion: "", kind: "StatefulSet", name: "", uid: "u" }] },
    namespaced,
    [
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
    ],
  ],
  [
    "two controller owners",
    {
      ...base,
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "StatefulSet", name: "a", uid: "1", controller: true },
        { apiVersion: "apps/v1", kind: "StatefulSet", name: "b", uid: "2", controller: true },
      ],
    },
    namespaced,
    [
      'metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:"apps/v1", Kind:"StatefulSet", Name:"a", UID:"1", Controller:(*bool)(0xc000010000), BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:"apps/v1", Kind:"StatefulSet", Name:"b", UID:"2", Controller:(*bool)(0xc000010000), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. Found "true" in references for StatefulSet/a and StatefulSet/b',
    ],
  ],
];

for (const [name, meta, opts, want] of createCases) {
  test(`validateObjectMeta() ${name}`, () => assert.deepEqual(messages(validateObjectMeta(meta, opts)), want));
}

test("validateObjectMeta() uses the kind's name rule", () => {
  assert.deepEqual(messages(validateObjectMeta({ name: "a.b", namespace: "x" }, { namespaced: true, nameValidator: nameIsDNSLabel })), [
    'metadata.name: Invalid value: "a.b": must not contain dots',
  ]);
});

const old = { ...base, uid: "u1", resourceVersion: "7", creationTimestamp: "2024-01-02T03:04:05Z", generation: 2 };

const updateCases: Array<[string, Record<string, unknown>, Record<string, unknown>, string[]]> = [
  ["an unchanged object", { ...old }, old, []],
  ["a renamed object", { ...old, name: "db" }, old, ['metadata.name: Invalid value: "db": field is immutable']],
  ["a moved object", { ...old, namespace: "other" }, old, ['metadata.namespace: Invalid value: "other": field is immutable']],
  ["a changed uid", { ...old, uid: "u2" }, old, ['metadata.uid: Invalid value: "u2": field is immutable']],
  [
    "a changed creationTimestamp",
    { ...old, creationTimestamp: "2025-01-01T00:00:00Z" },
    old,
    ["metadata.creationTimestamp: Invalid value: 2025-01-01 00:00:00 +0000 UTC: field is immutable"],
  ],
  ["no resourceVersion", { ...old, resourceVersion: undefined }, old, ['metadata.resourceVersion: Invalid value: "": must be specified for an update']],
  ["a decremented generation", { ...old, generation: 1 }, old, ["metadata.generation: Invalid value: 1: must not be decremented"]],
  [
    "a finalizer added while deleting",
    { ...old, deletionTimestamp: "2024-02-01T00:00:00Z", finalizers: ["example.com/x"] },
    { ...old, deletionTimestamp: "2024-02-01T00:00:00Z" },
    ['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/x"}'],
  ],
  [
    "a removed deletionTimestamp",
    { ...old },
    { ...old, deletionTimestamp: "2024-02-01T00:00:00Z" },
    ['metadata.deletionTimestamp: Invalid value: "null": field is immutable'],
  ],
];

for (const [name, next, prev, want] of updateCases) {
  test(`validateObjectMetaUpdate() ${name}`, () => assert.deepEqual(messages(validateObjectMetaUpdate(next, prev)), want));
}
