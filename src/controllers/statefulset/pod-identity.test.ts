import { test } from "node:test";
import assert from "node:assert/strict";
import { newStatefulSet } from "./_control-harness.ts";
import {
  claimsFor,
  identityMatches,
  inOrdinalRange,
  isMemberOf,
  newStatefulSetPod,
  newVersionedStatefulSetPod,
  parentAndOrdinal,
  podRevision,
  storageMatches,
  updateIdentity,
  updateStorage,
} from "./pod-identity.ts";
import type { Pod, StatefulSet } from "./stateful-set-types.ts";

const named = (name: string): Pod => ({ metadata: { name } });

test("parentAndOrdinal() reads <parent>-<ordinal> greedily and rejects int32 overflow (§1)", () => {
  const cases: [string, string, number][] = [
    ["web-0", "web", 0],
    ["web-12", "web", 12],
    ["my-web-3", "my-web", 3],
    ["web-01", "web", 1],
    ["web", "", -1],
    ["web-", "", -1],
    ["web-x", "", -1],
    ["web-2147483647", "web", 2147483647],
    ["web-2147483648", "web", -1],
  ];
  for (const [name, parent, ordinal] of cases) assert.deepEqual(parentAndOrdinal(named(name)), { parent, ordinal }, name);
});

test("isMemberOf() and inOrdinalRange() follow the name and spec.ordinals.start (R14,R36)", () => {
  const set = newStatefulSet({ replicas: 2, spec: { ordinals: { start: 3 } } });
  assert.equal(isMemberOf(set, named("web-9")), true);
  assert.equal(isMemberOf(set, named("webx-1")), false);
  assert.deepEqual(["web-2", "web-3", "web-4", "web-5"].map((n) => inOrdinalRange(named(n), set)), [false, true, true, false]);
});

test("newStatefulSetPod() builds identity, owner, storage and template metadata (R1,R3-R5,R9)", () => {
  const set = newStatefulSet();
  set.spec.template!.metadata = { labels: { app: "nginx", [`statefulset.kubernetes.io/pod-name`]: "spoof" }, annotations: { a: "1" }, finalizers: ["f"] };
  set.spec.template!.spec!.volumes = [{ name: "www", emptyDir: {} }, { name: "cache", emptyDir: {} }];
  const pod = newStatefulSetPod(set, 2);
  assert.equal(pod.metadata.name, "web-2");
  assert.equal(pod.metadata.generateName, "web-");
  assert.equal(pod.metadata.namespace, "default");
  assert.deepEqual(pod.metadata.labels, { app: "nginx", "statefulset.kubernetes.io/pod-name": "web-2", "apps.kubernetes.io/pod-index": "2" });
  assert.deepEqual(pod.metadata.annotations, { a: "1" });
  assert.deepEqual(pod.metadata.finalizers, ["f"]);
  assert.equal(pod.spec?.hostname, "web-2");
  assert.equal(pod.spec?.subdomain, "nginx");
  assert.deepEqual(pod.spec?.volumes, [
    { name: "www", persistentVolumeClaim: { claimName: "www-web-2", readOnly: false } },
    { name: "cache", emptyDir: {} },
  ]);
  assert.equal((set.spec.template!.spec!.volumes as unknown[]).length, 2, "the template is not modified");
  assert.ok(identityMatches(set, pod));
  assert.ok(storageMatches(set, pod));
});

test("newStatefulSetPod() leaves subdomain unset without serviceName (R4)", () => {
  const set = newStatefulSet();
  delete set.spec.serviceName;
  assert.equal(newStatefulSetPod(set, 0).spec?.subdomain, undefined);
});

test("identityMatches() checks ordinal, parent, name, namespace and the pod-name label only (R7)", () => {
  const set = newStatefulSet();
  const good = newStatefulSetPod(set, 1);
  const variants: [string, (p: Pod) => void, boolean][] = [
    ["unchanged", () => {}, true],
    ["no pod-name label", (p) => delete p.metadata.labels!["statefulset.kubernetes.io/pod-name"], false],
    ["wrong pod-name label", (p) => (p.metadata.labels!["statefulset.kubernetes.io/pod-name"] = "web-9"), false],
    ["other namespace", (p) => (p.metadata.namespace = "other"), false],
    ["other parent", (p) => (p.metadata.name = "db-1"), false],
    ["no pod-index label", (p) => delete p.metadata.labels!["apps.kubernetes.io/pod-index"], true],
    ["other hostname", (p) => (p.spec!.hostname = "x"), true],
  ];
  for (const [what, change, want] of variants) {
    const pod = structuredClone(good);
    change(pod);
    assert.equal(identityMatches(set, pod), want, what);
  }
});

test("updateIdentity() and updateStorage() repair a broken pod (R5,R8,R10)", () => {
  const set = newStatefulSet();
  const pod: Pod = { metadata: { name: "web-1", namespace: "default", labels: { app: "nginx" } }, spec: { volumes: [{ name: "www", emptyDir: {} }] } };
  assert.equal(storageMatches(set, pod), false);
  updateIdentity(set, pod);
  updateStorage(set, pod);
  assert.ok(identityMatches(set, pod));
  assert.ok(storageMatches(set, pod));
  assert.deepEqual(pod.spec?.volumes, [{ name: "www", persistentVolumeClaim: { claimName: "www-web-1", readOnly: false } }]);
});

test("claimsFor() names claims <template>-<set>-<ordinal> with selector labels winning (R56)", () => {
  const set = newStatefulSet({ claims: ["www", "logs"] });
  set.spec.volumeClaimTemplates![0].metadata.labels = { app: "template", tier: "data" };
  set.spec.volumeClaimTemplates![0].metadata.annotations = { note: "x" };
  set.spec.volumeClaimTemplates![0].status = { phase: "Pending" };
  set.spec.selector!.matchExpressions = [{ key: "env", operator: "Exists" }];
  const claims = claimsFor(set, named("web-4"));
  assert.deepEqual(claims.map((c) => [c.template, c.claim.metadata.name, c.claim.metadata.namespace]), [["www", "www-web-4", "default"], ["logs", "logs-web-4", "default"]]);
  assert.deepEqual(claims[0].claim.metadata.labels, { app: "nginx", tier: "data" });
  assert.deepEqual(claims[0].claim.metadata.annotations, { note: "x" });
  assert.deepEqual(claims[1].claim.metadata.labels, { app: "nginx" });
  assert.equal(claims[0].claim.metadata.ownerReferences, undefined);
  assert.equal(claims[0].claim.status, undefined);
});

function versioned(set: StatefulSet, ordinal: number): string {
  const updateSet = structuredClone(set);
  return podRevision(newVersionedStatefulSetPod(set, updateSet, "current", "update", ordinal));
}

test("newVersionedStatefulSetPod() picks the revision by strategy, partition and currentReplicas (R38)", () => {
  const partitioned = newStatefulSet({ spec: { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } }, ordinals: { start: 5 } } });
  assert.deepEqual([5, 6, 7].map((o) => versioned(partitioned, o)), ["current", "current", "update"]);
  const noBlock = newStatefulSet({ spec: { updateStrategy: { type: "RollingUpdate" } } });
  noBlock.status = { replicas: 3, currentReplicas: 2 };
  assert.deepEqual([0, 1, 2].map((o) => versioned(noBlock, o)), ["current", "current", "update"]);
  const onDelete = newStatefulSet({ spec: { updateStrategy: { type: "OnDelete" } } });
  onDelete.status = { replicas: 3, currentReplicas: 3 };
  assert.deepEqual([0, 1].map((o) => versioned(onDelete, o)), ["update", "update"]);
});

test("newVersionedStatefulSetPod() builds the pod from the chosen revision's template (R44)", () => {
  const current = newStatefulSet({ spec: { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } } });
  const update = structuredClone(current);
  (update.spec.template!.spec!.containers as { image: string }[])[0].image = "nginx:new";
  const image = (p: Pod) => (p.spec!.containers as { image: string }[])[0].image;
  assert.equal(image(newVersionedStatefulSetPod(current, update, "c", "u", 0)), "nginx:1.25");
  assert.equal(image(newVersionedStatefulSetPod(current, update, "c", "u", 1)), "nginx:new");
});
