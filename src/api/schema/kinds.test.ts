import { test } from "node:test";
import assert from "node:assert/strict";
import { definitions } from "./definitions.ts";
import { definitionForKind, definitionsForGroupVersion, references } from "./kinds.ts";
import { s } from "./schema.ts";
import type { Definitions } from "./schema.ts";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

const kinds: [group: string, version: string, kinds: string[], prefix: string][] = [
  [
    "", "v1",
    [
      "Pod", "PodList", "PodTemplate", "PodTemplateList", "Namespace", "NamespaceList", "Service", "ServiceList",
      "Endpoints", "EndpointsList", "ConfigMap", "ConfigMapList", "Secret", "SecretList", "PersistentVolumeClaim",
      "PersistentVolumeClaimList", "PersistentVolume", "PersistentVolumeList", "Event", "EventList", "Node",
      "NodeList", "ServiceAccount", "ServiceAccountList", "Binding",
    ],
    "io.k8s.api.core.v1.",
  ],
  ["apps", "v1", ["StatefulSet", "StatefulSetList", "ControllerRevision", "ControllerRevisionList"], "io.k8s.api.apps.v1."],
  ["autoscaling", "v1", ["Scale"], "io.k8s.api.autoscaling.v1."],
  ["policy", "v1", ["Eviction"], "io.k8s.api.policy.v1."],
  ["storage.k8s.io", "v1", ["StorageClass", "StorageClassList"], "io.k8s.api.storage.v1."],
  ["discovery.k8s.io", "v1", ["EndpointSlice", "EndpointSliceList"], "io.k8s.api.discovery.v1."],
  ["coordination.k8s.io", "v1", ["Lease", "LeaseList"], "io.k8s.api.coordination.v1."],
  ["events.k8s.io", "v1", ["Event", "EventList"], "io.k8s.api.events.v1."],
  ["", "v1", ["Status", "DeleteOptions", "WatchEvent"], META],
  ["apps", "v1", ["DeleteOptions", "WatchEvent"], META],
];

for (const [group, version, names, prefix] of kinds) {
  test(`definitionForKind() finds the ${group || "core"}/${version} ${prefix === META ? "meta " : ""}kinds`, () => {
    for (const kind of names) assert.equal(definitionForKind(group, version, kind), prefix + kind, kind);
  });
}

test("definitionForKind() returns undefined for kinds and versions it does not serve", () => {
  assert.equal(definitionForKind("apps", "v1", "Deployment"), undefined);
  assert.equal(definitionForKind("apps", "v1beta1", "StatefulSet"), undefined);
  assert.equal(definitionForKind("core", "v1", "Pod"), undefined);
});

test("definitionForKind() never has two definitions claiming one kind", () => {
  const claimed = new Map<string, string>();
  const clashes: string[] = [];
  for (const [name, schema] of Object.entries(definitions)) {
    for (const { group, version, kind } of schema["x-kubernetes-group-version-kind"] ?? []) {
      const key = `${group}/${version}/${kind}`;
      const first = claimed.get(key);
      if (first) clashes.push(`${key}: ${first} and ${name}`);
      else claimed.set(key, name);
    }
  }
  assert.deepEqual(clashes, []);
});

test("definitionsForGroupVersion() gathers apps/v1 kinds and everything they reference", () => {
  const names = definitionsForGroupVersion("apps", "v1");
  for (const name of [
    "io.k8s.api.apps.v1.StatefulSet",
    "io.k8s.api.apps.v1.StatefulSetList",
    "io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy",
    "io.k8s.api.core.v1.PodTemplateSpec",
    "io.k8s.api.core.v1.Container",
    "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
    `${META}ObjectMeta`,
    `${META}DeleteOptions`,
    `${META}Status`,
    `${META}APIResourceList`,
    "io.k8s.apimachinery.pkg.api.resource.Quantity",
    "io.k8s.apimachinery.pkg.runtime.RawExtension",
  ]) {
    assert.ok(names.includes(name), name);
  }
  for (const name of ["io.k8s.api.core.v1.Service", "io.k8s.api.autoscaling.v1.Scale", "io.k8s.api.core.v1.NodeStatus"]) {
    assert.ok(!names.includes(name), name);
  }
  assert.deepEqual(names, [...names].sort());
});

test("definitionsForGroupVersion() is closed under references for every served group/version", () => {
  for (const [group, version] of kinds) {
    const names = new Set(definitionsForGroupVersion(group, version));
    for (const name of names) {
      for (const ref of references(definitions[name])) assert.ok(names.has(ref), `${group}/${version}: ${name} -> ${ref}`);
    }
  }
});

test("definitionsForGroupVersion() adds `also` roots such as the scale subresource body", () => {
  const names = definitionsForGroupVersion("apps", "v1", { also: ["io.k8s.api.autoscaling.v1.Scale"] });
  assert.ok(names.includes("io.k8s.api.autoscaling.v1.Scale"));
  assert.ok(names.includes("io.k8s.api.autoscaling.v1.ScaleSpec"));
});

test("definitionsForGroupVersion() returns nothing for a group/version without kinds", () => {
  assert.deepEqual(definitionsForGroupVersion("batch", "v1"), []);
});

test("definitionsForGroupVersion() follows allOf, items and map values in custom definitions", () => {
  const defs: Definitions = {
    Thing: {
      ...s.obj({
        one: s.ref("One", "described, so wrapped in allOf"),
        many: s.arr(s.ref("Many")),
        byKey: s.map(s.ref("ByKey")),
      }),
      "x-kubernetes-group-version-kind": [{ group: "example.com", version: "v1", kind: "Thing" }],
    },
    One: s.obj({ next: s.ref("Deep") }),
    Many: s.obj({}),
    ByKey: s.obj({}),
    Deep: s.obj({}),
    Unrelated: s.obj({}),
  };
  assert.deepEqual(definitionsForGroupVersion("example.com", "v1", { defs }), ["ByKey", "Deep", "Many", "One", "Thing"]);
  assert.equal(definitionForKind("example.com", "v1", "Thing", defs), "Thing");
});
