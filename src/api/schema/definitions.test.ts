import { test } from "node:test";
import assert from "node:assert/strict";
import { definitionSources, definitions } from "./definitions.ts";
import { definitionForKind, references } from "./kinds.ts";
import { refName, resolve } from "./schema.ts";
import type { Schema } from "./schema.ts";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
const QUANTITY = "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity";

/** Every schema nested in a definition (properties, items, map values, allOf), with its path. */
function* walk(schema: Schema, path: string): Generator<[string, Schema]> {
  yield [path, schema];
  for (const [name, property] of Object.entries(schema.properties ?? {})) yield* walk(property, `${path}.${name}`);
  if (schema.items) yield* walk(schema.items, `${path}[]`);
  if (typeof schema.additionalProperties === "object") yield* walk(schema.additionalProperties, `${path}{}`);
  for (const part of schema.allOf ?? []) yield* walk(part, path);
}

function* everySchema(): Generator<[string, Schema]> {
  for (const [name, schema] of Object.entries(definitions)) yield* walk(schema, name);
}

/** The schema of a property path under a definition, without following references. */
function at(definition: string, ...path: string[]): Schema {
  let schema: Schema | undefined = definitions[definition];
  for (const name of path) schema = schema?.properties?.[name];
  assert.ok(schema, `${definition}.${path.join(".")} exists`);
  return schema;
}

test("definitions: every $ref names an existing definition", () => {
  const dangling = Object.entries(definitions).flatMap(([name, schema]) =>
    [...references(schema)].filter((ref) => !(ref in definitions)).map((ref) => `${name} -> ${ref}`),
  );
  assert.deepEqual(dangling, []);
});

test("definitionSources: no two files define the same name", () => {
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  for (const [file, defs] of Object.entries(definitionSources)) {
    for (const name of Object.keys(defs)) {
      const first = owner.get(name);
      if (first) clashes.push(`${name} in ${first} and ${file}`);
      else owner.set(name, file);
    }
  }
  assert.deepEqual(clashes, []);
});

test("definitions: merge-keyed and map lists key on fields their items have", () => {
  const problems: string[] = [];
  for (const [path, schema] of everySchema()) {
    if (schema.type !== "array") continue;
    const item = resolve(schema.items, definitions);
    const keys = [schema["x-kubernetes-patch-merge-key"], ...(schema["x-kubernetes-list-map-keys"] ?? [])];
    for (const key of keys) {
      if (key && !item?.properties?.[key]) problems.push(`${path}: items lack ${key}`);
    }
    // Server-side apply needs every list-map key present: required, or defaulted like port protocols.
    // ServiceAccount.secrets predates the rule: upstream keys it on ObjectReference's optional name.
    if (path === "io.k8s.api.core.v1.ServiceAccount.secrets") continue;
    for (const key of schema["x-kubernetes-list-map-keys"] ?? []) {
      const field = item?.properties?.[key];
      if (field && !item?.required?.includes(key) && field.default === undefined) {
        problems.push(`${path}: key ${key} is neither required nor defaulted`);
      }
    }
    if (schema["x-kubernetes-list-type"] === "map" && !schema["x-kubernetes-list-map-keys"]?.length) {
      problems.push(`${path}: listType map without keys`);
    }
  }
  assert.deepEqual(problems, []);
});

test("definitions: merge keys sit on lists and required fields exist", () => {
  const problems: string[] = [];
  for (const [path, schema] of everySchema()) {
    const isArray = schema.type === "array";
    if (schema["x-kubernetes-patch-merge-key"] && !isArray) problems.push(`${path}: merge key on a non-list`);
    if (schema["x-kubernetes-list-map-keys"] && !isArray) problems.push(`${path}: list-map keys on a non-list`);
    if (schema.required?.some((name) => !schema.properties?.[name])) problems.push(`${path}: requires an unknown field`);
  }
  assert.deepEqual(problems, []);
});

test("definitions: every kind has apiVersion, kind and the right metadata", () => {
  const exempt = new Set(["DeleteOptions", "WatchEvent", "Status"]);
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(definitions)) {
    for (const gvk of schema["x-kubernetes-group-version-kind"] ?? []) {
      if (exempt.has(gvk.kind)) continue;
      const props = schema.properties ?? {};
      if (props.apiVersion?.type !== "string" || props.kind?.type !== "string") problems.push(`${name}: type meta`);
      const isList = gvk.kind.endsWith("List");
      const wantMeta = META + (isList ? "ListMeta" : "ObjectMeta");
      if (!props.metadata || refName(props.metadata) !== wantMeta) problems.push(`${name}: metadata is not ${wantMeta}`);
      if (isList) {
        const item = definitionForKind(gvk.group, gvk.version, gvk.kind.slice(0, -"List".length));
        if (!item || !props.items?.items || refName(props.items.items) !== item) problems.push(`${name}: items`);
        if (!schema.required?.includes("items")) problems.push(`${name}: items not required`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test("definitions: every definition and property outside the pod types is described", () => {
  const missing: string[] = [];
  for (const [file, defs] of Object.entries(definitionSources)) {
    if (file === "core-v1-pod") continue;
    for (const [name, schema] of Object.entries(defs)) {
      if (!schema.description) missing.push(name);
      for (const [prop, sub] of Object.entries(schema.properties ?? {})) {
        if (!sub.description) missing.push(`${name}.${prop}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

const spotChecks: { name: string; schema: () => Schema; want: Partial<Schema> }[] = [
  {
    name: "ObjectMeta.ownerReferences merge on uid",
    schema: () => at(`${META}ObjectMeta`, "ownerReferences"),
    want: {
      "x-kubernetes-patch-merge-key": "uid",
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["uid"],
    },
  },
  {
    name: "ObjectMeta.finalizers is a merged set",
    schema: () => at(`${META}ObjectMeta`, "finalizers"),
    want: { "x-kubernetes-patch-strategy": "merge", "x-kubernetes-list-type": "set" },
  },
  {
    name: "ObjectMeta.generation is int64",
    schema: () => at(`${META}ObjectMeta`, "generation"),
    want: { type: "integer", format: "int64" },
  },
  {
    name: "Quantity is a string-or-number quantity",
    schema: () => definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"],
    want: { type: "string", format: "quantity" },
  },
  {
    name: "RawExtension keeps unknown fields",
    schema: () => definitions["io.k8s.apimachinery.pkg.runtime.RawExtension"],
    want: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
  },
  {
    name: "ServiceSpec.ports merge on port, keyed by port and protocol",
    schema: () => at("io.k8s.api.core.v1.ServiceSpec", "ports"),
    want: {
      "x-kubernetes-patch-merge-key": "port",
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["port", "protocol"],
    },
  },
  {
    name: "ServicePort.protocol defaults to TCP",
    schema: () => at("io.k8s.api.core.v1.ServicePort", "protocol"),
    want: { type: "string", default: "TCP" },
  },
  {
    name: "ServiceSpec.selector is an atomic map",
    schema: () => at("io.k8s.api.core.v1.ServiceSpec", "selector"),
    want: { type: "object", "x-kubernetes-map-type": "atomic" },
  },
  {
    name: "ServiceAccount.secrets merge on name",
    schema: () => at("io.k8s.api.core.v1.ServiceAccount", "secrets"),
    want: { "x-kubernetes-patch-merge-key": "name", "x-kubernetes-list-map-keys": ["name"] },
  },
  {
    name: "NodeStatus.capacity maps to quantities",
    schema: () => at("io.k8s.api.core.v1.NodeStatus", "capacity"),
    want: { type: "object", additionalProperties: { $ref: QUANTITY } },
  },
  {
    name: "NodeStatus.addresses merge on type",
    schema: () => at("io.k8s.api.core.v1.NodeStatus", "addresses"),
    want: { "x-kubernetes-patch-merge-key": "type", "x-kubernetes-list-map-keys": ["type"] },
  },
  {
    name: "NodeSpec.podCIDRs is a merged set",
    schema: () => at("io.k8s.api.core.v1.NodeSpec", "podCIDRs"),
    want: { "x-kubernetes-patch-strategy": "merge", "x-kubernetes-list-type": "set" },
  },
  {
    name: "DaemonEndpoint keeps its capitalised Port",
    schema: () => definitions["io.k8s.api.core.v1.DaemonEndpoint"],
    want: { required: ["Port"] },
  },
  {
    name: "core Event requires metadata and involvedObject",
    schema: () => definitions["io.k8s.api.core.v1.Event"],
    want: { required: ["metadata", "involvedObject"] },
  },
  {
    name: "Secret.data holds base64 bytes",
    schema: () => at("io.k8s.api.core.v1.Secret", "data"),
    want: { additionalProperties: { type: "string", format: "byte" } },
  },
  {
    name: "PersistentVolumeSpec inlines hostPath",
    schema: () => at("io.k8s.api.core.v1.PersistentVolumeSpec", "hostPath"),
    want: { allOf: [{ $ref: "#/components/schemas/io.k8s.api.core.v1.HostPathVolumeSource" }] },
  },
  {
    name: "StatefulSetSpec requires selector and template",
    schema: () => definitions["io.k8s.api.apps.v1.StatefulSetSpec"],
    want: { required: ["selector", "template"] },
  },
  {
    name: "StatefulSetSpec.volumeClaimTemplates is atomic",
    schema: () => at("io.k8s.api.apps.v1.StatefulSetSpec", "volumeClaimTemplates"),
    want: { type: "array", "x-kubernetes-list-type": "atomic" },
  },
  {
    name: "RollingUpdateStatefulSetStrategy.maxUnavailable is int-or-string",
    schema: () => at("io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy", "maxUnavailable"),
    want: { type: "string", format: "int-or-string", "x-kubernetes-int-or-string": true },
  },
  {
    name: "StatefulSetStatus.conditions merge on type",
    schema: () => at("io.k8s.api.apps.v1.StatefulSetStatus", "conditions"),
    want: { "x-kubernetes-patch-merge-key": "type", "x-kubernetes-list-type": "map" },
  },
  {
    name: "ControllerRevision.revision is int64",
    schema: () => at("io.k8s.api.apps.v1.ControllerRevision", "revision"),
    want: { type: "integer", format: "int64" },
  },
  {
    name: "EndpointSlice requires addressType and endpoints",
    schema: () => definitions["io.k8s.api.discovery.v1.EndpointSlice"],
    want: { required: ["addressType", "endpoints"] },
  },
  {
    name: "Lease renewTime is a timestamp",
    schema: () => at("io.k8s.api.coordination.v1.LeaseSpec", "renewTime"),
    want: { type: "string", format: "date-time" },
  },
  {
    name: "TopologySelectorTerm is atomic",
    schema: () => definitions["io.k8s.api.core.v1.TopologySelectorTerm"],
    want: { "x-kubernetes-map-type": "atomic" },
  },
];

for (const { name, schema, want } of spotChecks) {
  test(`definitions: ${name}`, () => {
    const got = schema();
    const picked = Object.fromEntries(Object.keys(want).map((key) => [key, got[key as keyof Schema]]));
    assert.deepEqual(picked, want);
  });
}
