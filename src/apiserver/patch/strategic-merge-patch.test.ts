import assert from "node:assert/strict";
import { test } from "node:test";
import { s } from "../../api/schema/schema.ts";
import type { Definitions, Schema } from "../../api/schema/schema.ts";
import { StatusError } from "../../api/status-error.ts";
import { applyStrategicMergePatch } from "./strategic-merge-patch.ts";

// A trimmed copy of the real types, with the patch metadata of their Go struct tags.
const defs: Definitions = {
  StatefulSet: s.obj({ apiVersion: s.str(), kind: s.str(), metadata: s.ref("ObjectMeta"), spec: s.ref("StatefulSetSpec") }),
  ObjectMeta: s.obj({
    name: s.str(),
    labels: s.stringMap(),
    annotations: s.stringMap(),
    finalizers: s.arr(s.str(), { strategy: "merge" }),
    ownerReferences: s.arr(s.ref("OwnerReference"), { mergeKey: "uid", strategy: "merge" }),
  }),
  OwnerReference: s.obj({ uid: s.str(), name: s.str() }),
  StatefulSetSpec: s.obj({
    replicas: s.int(),
    serviceName: s.str(),
    template: s.ref("PodTemplateSpec"),
    updateStrategy: s.ref("Strategy", "", "retainKeys"),
  }),
  Strategy: s.obj({ type: s.str(), rollingUpdate: s.obj({ partition: s.int() }) }),
  PodTemplateSpec: s.obj({ metadata: s.ref("ObjectMeta"), spec: s.ref("PodSpec") }),
  PodSpec: s.obj({
    containers: s.arr(s.ref("Container"), { mergeKey: "name", strategy: "merge" }),
    volumes: s.arr(s.ref("Volume"), { mergeKey: "name", strategy: "merge,retainKeys" }),
    tolerations: s.arr(s.obj({ key: s.str(), effect: s.str() })),
    nodeSelector: s.stringMap(),
    securityContext: s.obj({ runAsUser: s.int64() }),
    hostAliases: s.arr(s.obj({ ip: s.str(), hostnames: s.arr(s.str()) }), { mergeKey: "ip", strategy: "merge" }),
  }),
  Container: s.obj({
    name: s.str(),
    image: s.str(),
    args: s.arr(s.str()),
    ports: s.arr(s.ref("ContainerPort"), { mergeKey: "containerPort", strategy: "merge" }),
    env: s.arr(s.obj({ name: s.str(), value: s.str() }), { mergeKey: "name", strategy: "merge" }),
    imagePullPolicy: s.str(),
  }),
  ContainerPort: s.obj({ containerPort: s.int(), name: s.str(), protocol: s.str() }),
  Volume: s.obj({
    name: s.str(),
    emptyDir: s.obj({ medium: s.str() }),
    hostPath: s.obj({ path: s.str() }),
    configMap: s.obj({ name: s.str() }),
  }),
};
const sts: Schema = s.ref("StatefulSet");

const nginx = () => ({
  name: "nginx",
  image: "nginx:1.20",
  imagePullPolicy: "IfNotPresent",
  ports: [{ containerPort: 80, name: "web", protocol: "TCP" }],
  env: [{ name: "A", value: "1" }, { name: "B", value: "2" }],
});

const live = () => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: {
    name: "web",
    labels: { app: "nginx" },
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{old}\n" },
    finalizers: ["a", "b"],
  },
  spec: {
    replicas: 1,
    serviceName: "nginx",
    updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
    template: {
      metadata: { labels: { app: "nginx" }, annotations: { "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:00Z" } },
      spec: {
        containers: [nginx(), { name: "sidecar", image: "busybox" }],
        volumes: [{ name: "data", emptyDir: {} }, { name: "conf", configMap: { name: "c" } }],
        tolerations: [{ key: "a", effect: "NoSchedule" }, { key: "b", effect: "NoSchedule" }],
        nodeSelector: { disk: "ssd", zone: "a" },
      },
    },
  },
});

// Expected documents are the live fixture with an edit applied; they are free-form JSON.
type Doc = any;
const edited = (edit: (o: Doc) => void): Doc => {
  const o = live();
  edit(o);
  return o;
};

const cases: { name: string; patch: unknown; want: unknown; doc?: unknown; schema?: Schema }[] = [
  {
    name: "applies kubectl apply's replicas and image change, merging containers by name",
    patch: {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{new}\n" } },
      spec: {
        replicas: 3,
        template: { spec: { "$setElementOrder/containers": [{ name: "nginx" }, { name: "sidecar" }], containers: [{ image: "nginx:1.21", name: "nginx" }] } },
      },
    },
    want: edited((o) => {
      o.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] = "{new}\n";
      o.spec.replicas = 3;
      o.spec.template.spec.containers[0].image = "nginx:1.21";
    }),
  },
  {
    name: "applies set image, keeping the other container fields",
    patch: { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "nginx" }], containers: [{ image: "nginx:1.21", name: "nginx" }] } } } },
    want: edited((o) => {
      o.spec.template.spec.containers[0].image = "nginx:1.21";
    }),
  },
  {
    name: "applies rollout restart's annotation next to the existing ones",
    patch: { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2026-11-22T10:50:43Z" } } } } },
    want: edited((o) => {
      o.spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"] = "2026-11-22T10:50:43Z";
    }),
  },
  {
    name: "applies rollout undo's $patch: replace on the template, dropping what the revision lacks",
    patch: {
      spec: {
        template: {
          $patch: "replace",
          metadata: { labels: { app: "nginx" } },
          spec: { containers: [{ name: "nginx", image: "nginx:1.19", ports: [{ containerPort: 80 }] }] },
        },
      },
    },
    want: edited((o) => {
      o.spec.template = {
        metadata: { labels: { app: "nginx" } },
        spec: { containers: [{ name: "nginx", image: "nginx:1.19", ports: [{ containerPort: 80 }] }] },
      };
    }),
  },
  {
    name: "deletes a container with $patch: delete",
    patch: { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "nginx" }], containers: [{ $patch: "delete", name: "sidecar" }] } } } },
    want: edited((o) => {
      o.spec.template.spec.containers.splice(1, 1);
    }),
  },
  {
    name: "removes finalizers with $deleteFromPrimitiveList",
    patch: { metadata: { "$deleteFromPrimitiveList/finalizers": ["a", "zzz"] } },
    want: edited((o) => {
      o.metadata.finalizers = ["b"];
    }),
  },
  {
    name: "merges finalizers as a set; a new one goes first without $setElementOrder (as upstream)",
    patch: { metadata: { finalizers: ["c", "b"] } },
    want: edited((o) => {
      o.metadata.finalizers = ["c", "a", "b"];
    }),
  },
  {
    name: "orders finalizers by $setElementOrder",
    patch: { metadata: { "$setElementOrder/finalizers": ["a", "b", "c"], finalizers: ["c"] } },
    want: edited((o) => {
      o.metadata.finalizers = ["a", "b", "c"];
    }),
  },
  {
    name: "replaces a volume source with $retainKeys, merging volumes by name",
    patch: {
      spec: {
        template: {
          spec: {
            "$setElementOrder/volumes": [{ name: "data" }, { name: "conf" }],
            volumes: [{ $retainKeys: ["hostPath", "name"], hostPath: { path: "/srv" }, name: "data" }],
          },
        },
      },
    },
    want: edited((o) => {
      o.spec.template.spec.volumes[0] = { name: "data", hostPath: { path: "/srv" } };
    }),
  },
  {
    name: "clears a strategy field with $retainKeys on a map",
    patch: { spec: { updateStrategy: { $retainKeys: ["type"], type: "OnDelete" } } },
    want: edited((o) => {
      o.spec.updateStrategy = { type: "OnDelete" };
    }),
  },
  {
    name: "merges ports by containerPort",
    patch: {
      spec: { template: { spec: { containers: [{ name: "nginx", ports: [{ containerPort: 80, name: "http" }, { containerPort: 443, name: "https" }] }] } } },
    },
    want: edited((o) => {
      o.spec.template.spec.containers[0].ports = [
        { containerPort: 80, name: "http", protocol: "TCP" },
        { containerPort: 443, name: "https" },
      ];
    }),
  },
  {
    name: "merges env by name, deleting one variable",
    patch: { spec: { template: { spec: { containers: [{ name: "nginx", env: [{ name: "B", value: "two" }, { name: "A", $patch: "delete" }] }] } } } },
    want: edited((o) => {
      o.spec.template.spec.containers[0].env = [{ name: "B", value: "two" }];
    }),
  },
  {
    name: "puts a new container before the existing ones without $setElementOrder (as upstream)",
    patch: { spec: { template: { spec: { containers: [{ name: "log", image: "fluentd" }] } } } },
    want: edited((o) => {
      o.spec.template.spec.containers.unshift({ name: "log", image: "fluentd" });
    }),
  },
  {
    name: "keeps live order for changed items and places new ones by the patch order",
    patch: { spec: { template: { spec: { containers: [{ name: "sidecar", image: "b2" }, { name: "log", image: "f" }] } } } },
    want: edited((o) => {
      o.spec.template.spec.containers[1].image = "b2";
      o.spec.template.spec.containers.push({ name: "log", image: "f" });
    }),
  },
  {
    name: "appends a new container where $setElementOrder puts it",
    patch: {
      spec: {
        template: {
          spec: { "$setElementOrder/containers": [{ name: "nginx" }, { name: "sidecar" }, { name: "log" }], containers: [{ name: "log", image: "f" }] },
        },
      },
    },
    want: edited((o) => {
      o.spec.template.spec.containers.push({ name: "log", image: "f" });
    }),
  },
  {
    name: "reorders a list from $setElementOrder alone",
    patch: { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "sidecar" }, { name: "nginx" }] } } } },
    want: edited((o) => {
      o.spec.template.spec.containers.reverse();
    }),
  },
  {
    name: "replaces the whole merge list when an element says $patch: replace",
    patch: { spec: { template: { spec: { containers: [{ name: "solo", image: "x" }, { $patch: "replace" }] } } } },
    want: edited((o) => {
      o.spec.template.spec.containers = [{ name: "solo", image: "x" }];
    }),
  },
  {
    name: "replaces atomic lists whole",
    patch: { spec: { template: { spec: { tolerations: [{ key: "c", effect: "NoExecute" }], containers: [{ name: "nginx", args: ["-v"] }] } } } },
    want: edited((o) => {
      o.spec.template.spec.tolerations = [{ key: "c", effect: "NoExecute" }];
      o.spec.template.spec.containers[0].args = ["-v"];
    }),
  },
  {
    name: "deletes map members set to null",
    patch: { metadata: { labels: { app: null } }, spec: { template: { spec: { nodeSelector: { zone: null, rack: "r1" } } } } },
    want: edited((o) => {
      o.metadata.labels = {};
      o.spec.template.spec.nodeSelector = { disk: "ssd", rack: "r1" };
    }),
  },
  {
    name: "null deletes a whole list or map",
    patch: { metadata: { finalizers: null }, spec: { template: { spec: { nodeSelector: null } } } },
    want: edited((o) => {
      delete o.metadata.finalizers;
      delete o.spec.template.spec.nodeSelector;
    }),
  },
  {
    name: "$patch: delete on a map leaves it empty",
    patch: { spec: { updateStrategy: { $patch: "delete" } } },
    want: edited((o) => {
      o.spec.updateStrategy = {};
    }),
  },
  {
    name: "drops nulls and $patch maps from values new to the object",
    patch: { spec: { template: { spec: { securityContext: { runAsUser: 1, fsGroup: null }, hostAliases: [{ ip: "1.2.3.4", hostnames: ["a"], $patch: "delete" }, { ip: "5.6.7.8" }] } } } },
    want: edited((o) => {
      Object.assign(o.spec.template.spec, { securityContext: { runAsUser: 1 }, hostAliases: [{ ip: "5.6.7.8" }] });
    }),
  },
  {
    name: "never lets directive keys into new values",
    patch: {
      spec: {
        template: {
          spec: {
            securityContext: { $retainKeys: ["runAsUser"], runAsUser: 1, "$setElementOrder/x": [], "$deleteFromPrimitiveList/y": [1] },
            containers: [{ name: "new", "$setElementOrder/env": [{ name: "E" }], env: [{ name: "E", value: "1" }] }],
          },
        },
      },
    },
    want: edited((o) => {
      Object.assign(o.spec.template.spec, { securityContext: { runAsUser: 1 } });
      o.spec.template.spec.containers.unshift({ name: "new", env: [{ name: "E", value: "1" }] });
    }),
  },
  {
    name: "$deleteFromPrimitiveList on a missing list adds nothing",
    patch: { spec: { template: { spec: { containers: [{ name: "sidecar", "$deleteFromPrimitiveList/args": ["x"] }] } } } },
    want: live(),
  },
  {
    name: "merges ownerReferences by uid",
    doc: { metadata: { ownerReferences: [{ uid: "1", name: "a" }] } },
    patch: { metadata: { ownerReferences: [{ uid: "1", name: "b" }, { uid: "2", name: "c" }] } },
    want: { metadata: { ownerReferences: [{ uid: "1", name: "b" }, { uid: "2", name: "c" }] } },
  },
  {
    name: "merges maps and replaces lists under fields without a schema",
    doc: { spec: { extra: { a: 1, list: [1, 2] } }, status: { x: { y: 1 } } },
    patch: { spec: { extra: { b: 2, list: [3] } }, status: { x: { z: 2 } } },
    want: { spec: { extra: { a: 1, b: 2, list: [3] } }, status: { x: { y: 1, z: 2 } } },
  },
  {
    name: "merges as a JSON merge patch with no schema at all",
    schema: undefined,
    doc: { spec: { template: { spec: { containers: [{ name: "a" }] } } } },
    patch: { spec: { template: { spec: { containers: [{ name: "b" }] } } } },
    want: { spec: { template: { spec: { containers: [{ name: "b" }] } } } },
  },
  {
    name: "a type change replaces the value",
    patch: { spec: { template: { spec: { nodeSelector: ["x"] } } } },
    want: edited((o) => {
      o.spec.template.spec.nodeSelector = ["x"];
    }),
  },
  { name: "a null patch changes nothing", patch: null, want: live() },
  { name: "an empty patch changes nothing", patch: {}, want: live() },
  { name: "$patch: delete at the top empties the object", patch: { $patch: "delete" }, want: {} },
];

for (const c of cases) {
  test(`applyStrategicMergePatch() ${c.name}`, () => {
    const doc = c.doc ?? live();
    const docBefore = structuredClone(doc);
    const patchBefore = structuredClone(c.patch);
    const out = applyStrategicMergePatch(doc, c.patch, "schema" in c ? c.schema : sts, defs);
    assert.deepEqual(out, c.want);
    assert.deepEqual(doc, docBefore, "document must not be mutated");
    assert.deepEqual(c.patch, patchBefore, "patch must not be mutated");
  });
}

// Ordering, from the cases upstream documents for $setElementOrder with server-only items and from
// results of upstream's code. Patch entries "-x" delete x.
const ordering: { name: string; live: string[]; order?: string[]; patch: string[]; want: string[] }[] = [
  { name: "server-only items stay after their live predecessor", live: ["1", "2", "9", "3", "4"], order: ["2", "1", "4", "3"], patch: [], want: ["2", "1", "9", "4", "3"] },
  { name: "a run of server-only items stays together", live: ["1", "2", "7", "9", "8", "3", "4"], order: ["2", "1", "4", "3"], patch: [], want: ["2", "1", "7", "9", "8", "4", "3"] },
  { name: "a trailing server-only item stays last", live: ["1", "3", "4", "2", "9"], order: ["4", "2", "3", "1"], patch: [], want: ["4", "2", "3", "1", "9"] },
  { name: "a new item lands where the order puts it", live: ["1", "2"], order: ["1", "4", "2", "3"], patch: ["4", "3"], want: ["1", "4", "2", "3"] },
  { name: "a new item follows server-only ones when apply adds without deleting", live: ["a", "b", "x"], order: ["a", "c"], patch: ["c"], want: ["a", "c", "b", "x"] },
  { name: "a renamed container lands after an injected sidecar, where upstream puts it", live: ["a", "b", "x"], order: ["a", "c"], patch: ["c", "-b"], want: ["a", "x", "c"] },
  { name: "without an order, a new item precedes the server-only ones", live: ["1", "2"], patch: ["3", "2"], want: ["3", "1", "2"] },
  { name: "without an order, a new item after a live one follows it", live: ["1", "2"], patch: ["2", "3"], want: ["1", "2", "3"] },
  { name: "without an order, patch items keep patch order behind an earlier server-only one", live: ["1", "2", "3"], patch: ["3", "1"], want: ["2", "3", "1"] },
];

for (const c of ordering) {
  test(`applyStrategicMergePatch() orders merge lists: ${c.name}`, () => {
    const containers = (names: string[]) =>
      names.map((name) => (name.startsWith("-") ? { name: name.slice(1), $patch: "delete" } : { name }));
    const spec: Record<string, unknown> = { containers: containers(c.patch) };
    if (c.order) spec["$setElementOrder/containers"] = containers(c.order);
    const out = applyStrategicMergePatch({ spec: { containers: containers(c.live) } }, { spec }, s.ref("PodTemplateSpec"), defs);
    assert.deepEqual((out as { spec: { containers: { name: string }[] } }).spec.containers.map((x) => x.name), c.want);
  });
}

const failures: { name: string; doc?: unknown; patch: unknown; code: number; reason: string; message: string | RegExp }[] = [
  {
    name: "a merge-list element without its merge key",
    patch: { spec: { template: { spec: { containers: [{ image: "nginx:1.25" }] } } } },
    code: 500,
    reason: "",
    message: "map: map[image:nginx:1.25] does not contain declared merge key: name",
  },
  {
    name: "a delete directive without the merge key",
    patch: { spec: { template: { spec: { volumes: [{ $patch: "delete", hostPath: { path: "/p" } }] } } } },
    code: 500,
    reason: "",
    message: "map: map[$patch:delete hostPath:map[path:/p]] does not contain declared merge key: name",
  },
  {
    name: "an unknown $patch value in a map",
    patch: { spec: { updateStrategy: { $patch: "foo", type: "x" } } },
    code: 500,
    reason: "",
    message: "unknown patch type: foo in map: map[$patch:foo type:x]",
  },
  {
    name: "$patch: merge in a map",
    patch: { spec: { updateStrategy: { $patch: "merge" } } },
    code: 500,
    reason: "",
    message: "unknown patch type: merge in map: map[$patch:merge]",
  },
  {
    name: "$patch: merge in a list element",
    patch: { spec: { template: { spec: { containers: [{ name: "nginx", $patch: "merge" }] } } } },
    code: 500,
    reason: "",
    message: "merging lists cannot yet be specified in the patch",
  },
  {
    name: "a non-string $patch value in a list element",
    patch: { spec: { template: { spec: { containers: [{ name: "nginx", $patch: 1 }] } } } },
    code: 500,
    reason: "",
    message: "unknown patch type: %!s(int64=1) in map: map[$patch:1 name:nginx]",
  },
  {
    name: "a patch member missing from $retainKeys",
    patch: { spec: { updateStrategy: { $retainKeys: ["type"], rollingUpdate: { partition: 1 } } } },
    code: 400,
    reason: "BadRequest",
    message: "invalid patch format of retainKeys",
  },
  {
    name: "a $retainKeys that is not a list",
    patch: { spec: { updateStrategy: { $retainKeys: "type" } } },
    code: 400,
    reason: "BadRequest",
    message: "invalid patch format of retainKeys",
  },
  {
    name: "a $setElementOrder without a list name",
    patch: { spec: { template: { spec: { $setElementOrder: [] } } } },
    code: 400,
    reason: "BadRequest",
    message: "invalid patch format of setElementOrder list",
  },
  {
    name: "a $deleteFromPrimitiveList without a list name",
    patch: { metadata: { $deleteFromPrimitiveListfinalizers: ["a"] } },
    code: 400,
    reason: "BadRequest",
    message: "invalid patch format of primitive list",
  },
  {
    name: "a $setElementOrder that is not a list",
    patch: { metadata: { "$setElementOrder/finalizers": "a" } },
    code: 500,
    reason: "",
    message: "expected a []interface {}, but received a string",
  },
  {
    name: "a $setElementOrder that contradicts the patch list",
    patch: { metadata: { "$setElementOrder/finalizers": ["b", "a"], finalizers: ["a", "b"] } },
    code: 500,
    reason: "",
    message: /^The order in patch list:\n\[a b\]\n doesn't match \$setElementOrder list:\n\[b a\]\n$/,
  },
  {
    name: "a list of lists",
    doc: { metadata: { finalizers: [] } },
    patch: { metadata: { finalizers: [["x"]] } },
    code: 422,
    reason: "Invalid",
    message: "the server rejected our request due to an error in our request",
  },
  {
    name: "mixed element types",
    patch: { metadata: { finalizers: [1] } },
    code: 500,
    reason: "",
    message: "list element types are not identical: [[a b] [1]]",
  },
  {
    name: "a body that is a list",
    patch: [],
    code: 400,
    reason: "BadRequest",
    message: "json: cannot unmarshal array into Go value of type map[string]interface {}",
  },
  {
    name: "a body that is a string",
    patch: "x",
    code: 400,
    reason: "BadRequest",
    message: "json: cannot unmarshal string into Go value of type map[string]interface {}",
  },
];

for (const c of failures) {
  test(`applyStrategicMergePatch() rejects ${c.name} as upstream does`, () => {
    const doc = c.doc ?? live();
    const before = structuredClone(doc);
    assert.throws(
      () => applyStrategicMergePatch(doc, c.patch, sts, defs),
      (e: unknown) => {
        assert.ok(e instanceof StatusError, String(e));
        assert.equal(e.code, c.code);
        assert.equal(e.reason, c.reason);
        if (typeof c.message === "string") assert.equal(e.message, c.message);
        else assert.match(e.message, c.message);
        return true;
      },
    );
    assert.deepEqual(doc, before, "document must not be mutated by a failed patch");
  });
}
