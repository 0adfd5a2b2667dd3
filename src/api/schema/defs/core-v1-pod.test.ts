import { test } from "node:test";
import assert from "node:assert/strict";
import { refName, resolve } from "../schema.ts";
import type { Schema } from "../schema.ts";
import { corePodDefinitions as defs } from "./core-v1-pod.ts";

const CORE = "io.k8s.api.core.v1.";

// Defined by the helpers that own meta/v1, resource.Quantity and the PersistentVolumeClaim types.
const EXTERNAL = new Set([
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
  "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
  "io.k8s.apimachinery.pkg.api.resource.Quantity",
  `${CORE}PersistentVolumeClaimSpec`,
]);

/** Every schema nested anywhere in a definition, with a readable path. */
function* walk(schema: Schema, path: string): Generator<[string, Schema]> {
  yield [path, schema];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) yield* walk(prop, `${path}.${name}`);
  if (schema.items) yield* walk(schema.items, `${path}[]`);
  if (typeof schema.additionalProperties === "object") yield* walk(schema.additionalProperties, `${path}{}`);
  for (const sub of schema.allOf ?? []) yield* walk(sub, path);
}

function* everySchema(): Generator<[string, Schema]> {
  for (const [name, schema] of Object.entries(defs)) yield* walk(schema, name.slice(CORE.length));
}

function field(type: string, name: string): Schema {
  const schema = defs[CORE + type]?.properties?.[name];
  assert.ok(schema, `${type}.${name} is defined`);
  return schema;
}

function itemProperties(list: Schema): Record<string, Schema> {
  assert.ok(list.items, "list has an item schema");
  return resolve(list.items, defs)?.properties ?? {};
}

test("corePodDefinitions resolves every $ref inside the map or to a known external definition", () => {
  const dangling: string[] = [];
  for (const [path, schema] of everySchema()) {
    const name = schema.$ref === undefined ? undefined : refName(schema);
    if (schema.$ref !== undefined && (name === undefined || !(name in defs || EXTERNAL.has(name)))) {
      dangling.push(`${path} -> ${schema.$ref}`);
    }
  }
  assert.deepEqual(dangling, []);
});

test("corePodDefinitions gives every merge-keyed and list-map list items that carry their keys", () => {
  const missing: string[] = [];
  for (const [path, schema] of everySchema()) {
    if (schema.type !== "array") continue;
    const keys = [schema["x-kubernetes-patch-merge-key"], ...(schema["x-kubernetes-list-map-keys"] ?? [])];
    const props = itemProperties(schema);
    for (const key of keys) if (key !== undefined && !(key in props)) missing.push(`${path}[].${key}`);
    if (schema["x-kubernetes-list-map-keys"] && schema["x-kubernetes-list-type"] !== "map") {
      missing.push(`${path} has list-map keys but is not a map list`);
    }
  }
  assert.deepEqual(missing, []);
});

test("corePodDefinitions lists only declared properties as required", () => {
  const undeclared: string[] = [];
  for (const [name, schema] of Object.entries(defs)) {
    for (const req of schema.required ?? []) if (!schema.properties?.[req]) undeclared.push(`${name}.${req}`);
  }
  assert.deepEqual(undeclared, []);
});

test("corePodDefinitions describes every type and field for kubectl explain", () => {
  const bare: string[] = [];
  for (const [name, schema] of Object.entries(defs)) {
    if (schema.type !== "object" || !schema.description) bare.push(name);
    for (const [prop, sub] of Object.entries(schema.properties ?? {})) if (!sub.description) bare.push(`${name}.${prop}`);
  }
  assert.deepEqual(bare, []);
});

const patchCases: Array<{
  type: string;
  field: string;
  mergeKey?: string;
  strategy?: Schema["x-kubernetes-patch-strategy"];
  listType?: Schema["x-kubernetes-list-type"];
  listMapKeys?: string[];
}> = [
  { type: "PodSpec", field: "containers", mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
  { type: "PodSpec", field: "initContainers", mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
  { type: "PodSpec", field: "ephemeralContainers", mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
  { type: "PodSpec", field: "volumes", mergeKey: "name", strategy: "merge,retainKeys", listType: "map", listMapKeys: ["name"] },
  { type: "PodSpec", field: "imagePullSecrets", mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
  { type: "PodSpec", field: "hostAliases", mergeKey: "ip", strategy: "merge", listType: "map", listMapKeys: ["ip"] },
  {
    type: "PodSpec", field: "topologySpreadConstraints", mergeKey: "topologyKey", strategy: "merge", listType: "map",
    listMapKeys: ["topologyKey", "whenUnsatisfiable"],
  },
  { type: "PodSpec", field: "schedulingGates", mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
  {
    type: "PodSpec", field: "resourceClaims", mergeKey: "name", strategy: "merge,retainKeys", listType: "map",
    listMapKeys: ["name"],
  },
  { type: "PodSpec", field: "tolerations", listType: "atomic" },
  { type: "PodSpec", field: "readinessGates", listType: "atomic" },
  {
    type: "Container", field: "ports", mergeKey: "containerPort", strategy: "merge", listType: "map",
    listMapKeys: ["containerPort", "protocol"],
  },
  { type: "Container", field: "env", mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
  { type: "Container", field: "volumeMounts", mergeKey: "mountPath", strategy: "merge", listType: "map", listMapKeys: ["mountPath"] },
  { type: "Container", field: "volumeDevices", mergeKey: "devicePath", strategy: "merge", listType: "map", listMapKeys: ["devicePath"] },
  { type: "Container", field: "command", listType: "atomic" },
  { type: "Container", field: "args", listType: "atomic" },
  { type: "Container", field: "envFrom", listType: "atomic" },
  { type: "EphemeralContainer", field: "env", mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
  { type: "PodStatus", field: "conditions", mergeKey: "type", strategy: "merge", listType: "map", listMapKeys: ["type"] },
  { type: "PodStatus", field: "podIPs", mergeKey: "ip", strategy: "merge", listType: "map", listMapKeys: ["ip"] },
  { type: "PodStatus", field: "containerStatuses", listType: "atomic" },
  { type: "ResourceRequirements", field: "claims", listType: "map", listMapKeys: ["name"] },
];

for (const c of patchCases) {
  test(`corePodDefinitions gives ${c.type}.${c.field} upstream's patch metadata`, () => {
    const list = field(c.type, c.field);
    assert.equal(list.type, "array");
    assert.equal(list["x-kubernetes-patch-merge-key"], c.mergeKey);
    assert.equal(list["x-kubernetes-patch-strategy"], c.strategy);
    assert.equal(list["x-kubernetes-list-type"], c.listType);
    assert.deepEqual(list["x-kubernetes-list-map-keys"], c.listMapKeys);
  });
}

const formatCases: Array<[type: string, field: string, format: string]> = [
  ["PodSpec", "terminationGracePeriodSeconds", "int64"],
  ["PodSpec", "activeDeadlineSeconds", "int64"],
  ["PodSpec", "priority", "int32"],
  ["ContainerPort", "containerPort", "int32"],
  ["Probe", "terminationGracePeriodSeconds", "int64"],
  ["Probe", "periodSeconds", "int32"],
  ["Toleration", "tolerationSeconds", "int64"],
  ["PodSecurityContext", "runAsUser", "int64"],
  ["ServiceAccountTokenProjection", "expirationSeconds", "int64"],
  ["ContainerStateTerminated", "exitCode", "int32"],
];

test("corePodDefinitions uses upstream's integer widths", () => {
  for (const [type, name, format] of formatCases) {
    const schema = field(type, name);
    assert.deepEqual([schema.type, schema.format], ["integer", format], `${type}.${name}`);
  }
});

test("corePodDefinitions requires what upstream requires", () => {
  const cases: Array<[type: string, required: string[] | undefined]> = [
    ["Container", ["name"]],
    ["EphemeralContainer", ["name"]],
    ["Volume", ["name"]],
    ["PodSpec", ["containers"]],
    ["ContainerPort", ["containerPort"]],
    ["VolumeMount", ["name", "mountPath"]],
    ["KeyToPath", ["key", "path"]],
    ["EnvVar", ["name"]],
    ["ContainerStatus", ["name", "ready", "restartCount", "image", "imageID"]],
    ["Pod", undefined],
  ];
  for (const [type, required] of cases) assert.deepEqual(defs[CORE + type]?.required, required, type);
});

test("corePodDefinitions tags Pod and PodTemplate with their group-version-kind", () => {
  for (const kind of ["Pod", "PodTemplate"]) {
    assert.deepEqual(defs[CORE + kind]?.["x-kubernetes-group-version-kind"], [{ group: "", version: "v1", kind }]);
  }
  assert.deepEqual(Object.keys(defs[`${CORE}Pod`]?.properties ?? {}), ["apiVersion", "kind", "metadata", "spec", "status"]);
  assert.equal(refName(field("Pod", "metadata")), "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
});

test("corePodDefinitions defaults ContainerPort.protocol to TCP so port list-map keys are complete", () => {
  assert.equal(field("ContainerPort", "protocol").default, "TCP");
});

test("corePodDefinitions flattens inline VolumeSource and EphemeralContainerCommon into their parents", () => {
  assert.ok(field("Volume", "persistentVolumeClaim"));
  assert.equal(refName(field("Volume", "image")), `${CORE}ImageVolumeSource`);
  assert.equal(Object.keys(defs[`${CORE}Volume`]?.properties ?? {}).length, 31);
  assert.equal(refName(field("EphemeralContainer", "securityContext")), `${CORE}SecurityContext`);
  assert.ok(field("EphemeralContainer", "targetContainerName"));
});

test("corePodDefinitions marks reference structs atomic and profiles as unions", () => {
  for (const type of ["LocalObjectReference", "ConfigMapKeySelector", "NodeSelector", "ObjectReference"]) {
    assert.equal(defs[CORE + type]?.["x-kubernetes-map-type"], "atomic", type);
  }
  assert.equal(field("PodSpec", "nodeSelector")["x-kubernetes-map-type"], "atomic");
  assert.deepEqual(defs[`${CORE}SeccompProfile`]?.["x-kubernetes-unions"], [
    { discriminator: "type", "fields-to-discriminateBy": { localhostProfile: "LocalhostProfile" } },
  ]);
});
