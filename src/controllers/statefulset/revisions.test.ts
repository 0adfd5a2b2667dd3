import { test } from "node:test";
import assert from "node:assert/strict";
import { newStatefulSet } from "./_control-harness.ts";
import { goJsonString } from "./go-json.ts";
import { applyRevision, equalRevision, findEqualRevisions, newRevision, nextRevision, revisionData, sortRevisions, templateRevision } from "./revisions.ts";
import { ids, inMemoryApi } from "./_registry.ts";
import { revisionHashLabel, type ControllerRevision, type StatefulSet } from "./stateful-set-types.ts";

test("revisionData() holds only the template with $patch: replace, keys sorted (R39)", () => {
  const set = newStatefulSet();
  const text = goJsonString(revisionData(set));
  assert.equal(
    text,
    '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},' +
      '"spec":{"containers":[{"image":"nginx:1.25","name":"nginx","resources":{},"volumeMounts":[{"mountPath":"/www","name":"www"}]}],"restartPolicy":"Always"}}}}',
  );
  assert.equal(JSON.stringify(revisionData(set)), text, "the stored object serialises to the same bytes");
});

test("newRevision() is the same for the same template and differs for another (R41,R84)", () => {
  const a = newStatefulSet();
  const b = newStatefulSet({ replicas: 7, spec: { minReadySeconds: 5 } });
  assert.equal(newRevision(a, 1, 0).metadata.name, newRevision(b, 4, 0).metadata.name);
  const c = newStatefulSet();
  c.spec.template!.metadata!.annotations = { "kubectl.kubernetes.io/restartedAt": "2026-11-22T10:50:43Z" };
  assert.notEqual(newRevision(a, 1, 0).metadata.name, newRevision(c, 1, 0).metadata.name, "rollout restart makes a new revision (R53)");
  assert.notEqual(newRevision(a, 1, 0).metadata.name, newRevision(a, 1, 1).metadata.name, "the collision count changes the name");
});

test("applyRevision() restores the recorded template and keeps the rest of the set (R44)", () => {
  const old = newStatefulSet();
  const revision = newRevision(old, 1, 0);
  const now = newStatefulSet({ replicas: 9 });
  (now.spec.template!.spec!.containers as { image: string }[])[0].image = "nginx:2";
  const restored = applyRevision(now, revision);
  assert.equal(restored.spec.replicas, 9);
  assert.equal((restored.spec.template!.spec!.containers as { image: string }[])[0].image, "nginx:1.25");
  assert.equal((restored.spec.template as Record<string, unknown>).$patch, undefined);
  assert.equal((now.spec.template!.spec!.containers as { image: string }[])[0].image, "nginx:2", "the input is not modified");
  assert.throws(() => applyRevision(now, { ...revision, data: { spec: {} } }), /no spec.template/);
});

const rev = (name: string, revision: number, hash: string, data: unknown, created = "2026-01-01T00:00:00Z"): ControllerRevision => ({
  metadata: { name, namespace: "default", creationTimestamp: created, labels: { [revisionHashLabel]: hash } },
  data,
  revision,
});

test("equalRevision() compares data unless both hash labels read as differing integers (R42)", () => {
  const data = { spec: { template: { $patch: "replace" } } };
  assert.equal(equalRevision(rev("a", 1, "bcd", data), rev("b", 2, "fgh", data)), true);
  assert.equal(equalRevision(rev("a", 1, "245", data), rev("b", 2, "246", data)), false);
  assert.equal(equalRevision(rev("a", 1, "245", data), rev("b", 2, "245", { spec: {} })), false);
  assert.equal(findEqualRevisions([rev("a", 1, "x", data), rev("b", 2, "y", {})], rev("c", 3, "z", data)).length, 1);
});

test("sortRevisions() orders by revision, then creation time, then name; nextRevision() follows the last", () => {
  const sorted = sortRevisions([rev("c", 2, "", {}), rev("b", 1, "", {}, "2026-01-02T00:00:00Z"), rev("a", 1, "", {}, "2026-01-02T00:00:00Z"), rev("z", 1, "", {}, "2026-01-01T00:00:00Z")]);
  assert.deepEqual(sorted.map((r) => r.metadata.name), ["z", "a", "b", "c"]);
  assert.equal(nextRevision(sorted), 3);
  assert.equal(nextRevision([]), 1);
});

test("revisionData() of a set defaulted by the API server matches kube-controller-manager's bytes (R39, kubectl rollout undo)", async () => {
  const client = await inMemoryApi();
  const set = (await client.resource(ids.sets).create("default", {
    metadata: { name: "web" },
    spec: {
      serviceName: "nginx",
      selector: { matchLabels: { app: "nginx" } },
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: { containers: [{ name: "nginx", image: "registry.k8s.io/nginx-slim:0.8", ports: [{ containerPort: 80, name: "web" }], volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    },
  })) as StatefulSet;
  assert.equal(
    goJsonString(revisionData(set)),
    '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},"spec":{"containers":[{' +
      '"image":"registry.k8s.io/nginx-slim:0.8","imagePullPolicy":"IfNotPresent","name":"nginx","ports":[{"containerPort":80,"name":"web","protocol":"TCP"}],' +
      '"resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","volumeMounts":[{"mountPath":"/usr/share/nginx/html","name":"www"}]}],' +
      '"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}',
  );
});

test("applyRevision() shares one restored template per revision and newRevision() accepts a precomputed template", () => {
  const set = newStatefulSet();
  const revision = newRevision(set, 1, 0);
  assert.equal(applyRevision(set, revision).spec.template, applyRevision(newStatefulSet({ replicas: 5 }), revision).spec.template);
  assert.deepEqual(newRevision(set, 1, 0, templateRevision(set)), revision);
  assert.equal(templateRevision(set).bytes, goJsonString(revisionData(set)));
});
