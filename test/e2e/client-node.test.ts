// @kubernetes/client-node against ordinal, the way Node programs use it: KubeConfig.loadFromFile, the
// generated CoreV1Api/AppsV1Api (create, list, read, patch; patch sends JSON Patch by default), Watch,
// an informer (makeInformer) seeing add/update/delete, and 410 Expired handling — a Watch from a
// compacted resourceVersion gets one ERROR event, and an informer that resumes from one relists.
// The server keeps only 100 events of watch history (ORDINAL_HISTORY_MAX_EVENTS=100).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { parse as parseYaml } from "yaml";
import { eventually, fixture, OrdinalServer } from "./harness.ts";

const NS = "client-node";

describe("@kubernetes/client-node", () => {
  let server: OrdinalServer;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  const configMap = (name: string, data: Record<string, string> = {}): k8s.V1ConfigMap => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });
  /** More writes than the server's watch history holds. */
  const churn = async (namespace: string, count: number) => {
    for (let i = 0; i < count; i++) await core.createNamespacedConfigMap({ namespace, body: configMap(`churn-${i}`) });
  };

  before(async () => {
    server = await OrdinalServer.start({ env: { ORDINAL_HISTORY_MAX_EVENTS: "100" } });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(server.kubeconfigPath);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
  });
  after(async () => {
    await server?.stop();
  });

  it("CoreV1Api.createNamespace() creates an Active namespace", async () => {
    const ns = await core.createNamespace({ body: { metadata: { name: NS } } });
    assert.equal(ns.metadata?.name, NS);
    assert.equal(ns.status?.phase, "Active");
  });

  it("createNamespacedService() creates the seed's headless Service with the port defaults", async () => {
    const svc = await core.createNamespacedService({ namespace: NS, body: parseYaml(fixture("svc.yaml")) });
    assert.deepEqual(
      {
        clusterIP: svc.spec?.clusterIP,
        clusterIPs: svc.spec?.clusterIPs,
        type: svc.spec?.type,
        sessionAffinity: svc.spec?.sessionAffinity,
        ports: svc.spec?.ports?.map((p) => [p.name, p.port, p.protocol, p.targetPort]),
      },
      { clusterIP: "None", clusterIPs: ["None"], type: "ClusterIP", sessionAffinity: "None", ports: [["web", 80, "TCP", 80]] },
    );
  });

  it("createNamespacedStatefulSet() creates the seed's StatefulSet and listNamespacedStatefulSet() returns it", async () => {
    const sts = await apps.createNamespacedStatefulSet({ namespace: NS, body: parseYaml(fixture("sts.yaml")) });
    assert.deepEqual(
      {
        generation: sts.metadata?.generation,
        created: sts.metadata?.creationTimestamp instanceof Date,
        podManagementPolicy: sts.spec?.podManagementPolicy,
        updateStrategy: sts.spec?.updateStrategy?.type,
        imagePullPolicy: sts.spec?.template.spec?.containers[0].imagePullPolicy,
      },
      { generation: 1, created: true, podManagementPolicy: "OrderedReady", updateStrategy: "RollingUpdate", imagePullPolicy: "IfNotPresent" },
    );

    const list = await apps.listNamespacedStatefulSet({ namespace: NS });
    assert.match(String(list.metadata?.resourceVersion), /^\d+$/);
    assert.deepEqual(list.items.map((i) => i.metadata?.name), ["web"]);
  });

  it("patchNamespacedStatefulSet() applies a JSON Patch, the generated client's default", async () => {
    const body = [{ op: "replace", path: "/spec/replicas", value: 5 }];
    const patched = await apps.patchNamespacedStatefulSet({ name: "web", namespace: NS, body });
    assert.equal(patched.spec?.replicas, 5);
    assert.equal(patched.metadata?.generation, 2);
    assert.equal((await apps.readNamespacedStatefulSet({ name: "web", namespace: NS })).spec?.replicas, 5);
  });

  it("a failed JSON Patch test operation is an ApiException with code 422", async () => {
    const body = [{ op: "test", path: "/spec/replicas", value: 99 }];
    await assert.rejects(apps.patchNamespacedStatefulSet({ name: "web", namespace: NS, body }), (e: any) => e instanceof k8s.ApiException && e.code === 422);
  });

  it("an invalid StatefulSet is an ApiException carrying the 422 Status", async () => {
    const bad = parseYaml(fixture("sts.yaml"));
    bad.spec.replicas = -1;
    bad.metadata.name = "negative";
    await assert.rejects(apps.createNamespacedStatefulSet({ namespace: NS, body: bad }), (e: any) => {
      assert.ok(e instanceof k8s.ApiException);
      assert.equal(e.code, 422);
      const status = JSON.parse(e.body as string);
      assert.equal(status.reason, "Invalid");
      assert.deepEqual(status.details.causes, [{ reason: "FieldValueInvalid", message: "Invalid value: -1: must be greater than or equal to 0", field: "spec.replicas" }]);
      return true;
    });
  });

  it("Watch delivers MODIFIED and DELETED after the list's resourceVersion", async () => {
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap("watched", { v: "1" }) });
    const events: [string, any][] = [];
    let ended: unknown = "open";
    const watch = await new k8s.Watch(kc).watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { resourceVersion: list.metadata?.resourceVersion },
      (type, obj) => events.push([type, obj]),
      (err) => (ended = err),
    );
    try {
      await core.patchNamespacedConfigMap({ name: "watched", namespace: NS, body: [{ op: "replace", path: "/data/v", value: "2" }] });
      await core.deleteNamespacedConfigMap({ name: "watched", namespace: NS });
      await eventually("three watch events", async () => (events.length >= 3 ? true : undefined));
      assert.deepEqual(
        events.map(([type, obj]) => [type, obj.metadata.name, obj.data?.v]),
        [["ADDED", "watched", "1"], ["MODIFIED", "watched", "2"], ["DELETED", "watched", "2"]],
      );
      assert.equal(ended, "open");
    } finally {
      watch.abort();
    }
  });

  it("an informer from makeInformer() sees add, update and delete", async () => {
    const path = `/api/v1/namespaces/${NS}/configmaps`;
    const list = () => core.listNamespacedConfigMap({ namespace: NS, labelSelector: "informed=yes" });
    const informer = k8s.makeInformer(kc, path, list, "informed=yes");
    const seen: string[] = [];
    informer.on("add", (o) => seen.push(`add ${o.metadata?.name} ${o.data?.v}`));
    informer.on("update", (o) => seen.push(`update ${o.metadata?.name} ${o.data?.v}`));
    informer.on("delete", (o) => seen.push(`delete ${o.metadata?.name}`));
    const labelled = (name: string, v: string): k8s.V1ConfigMap => ({ metadata: { name, labels: { informed: "yes" } }, data: { v } });
    await core.createNamespacedConfigMap({ namespace: NS, body: labelled("before-start", "0") });
    await informer.start();
    try {
      await eventually("the initial list", async () => (seen.includes("add before-start 0") ? true : undefined));
      await core.createNamespacedConfigMap({ namespace: NS, body: labelled("informed", "1") });
      await core.patchNamespacedConfigMap({ name: "informed", namespace: NS, body: [{ op: "replace", path: "/data/v", value: "2" }] });
      await core.deleteNamespacedConfigMap({ name: "informed", namespace: NS });
      await eventually("add, update and delete", async () => (seen.length >= 4 ? true : undefined));
      assert.deepEqual(seen, ["add before-start 0", "add informed 1", "update informed 2", "delete informed"]);
      assert.deepEqual(informer.list(NS).map((o) => o.metadata?.name), ["before-start"]);
    } finally {
      await informer.stop();
    }
  });

  it("Watch from a compacted resourceVersion gets one ERROR 410 Expired, then the stream ends", async () => {
    await core.createNamespace({ body: { metadata: { name: "churn-watch" } } });
    await churn("churn-watch", 150);
    const events: [string, any][] = [];
    const ended = new Promise<unknown>((resolve) => {
      void new k8s.Watch(kc).watch(`/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: "1" }, (type, obj) => events.push([type, obj]), resolve);
    });
    const err = await Promise.race([ended, new Promise((r) => setTimeout(() => r("still open after 5 s"), 5000))]);
    assert.equal(err, null);
    assert.equal(events.length, 1);
    assert.equal(events[0][0], "ERROR");
    assert.equal(events[0][1].code, 410);
    assert.equal(events[0][1].reason, "Expired");
  });

  it("an informer resuming from a compacted resourceVersion relists and catches up", async () => {
    await core.createNamespace({ body: { metadata: { name: "relist" } } });
    await core.createNamespace({ body: { metadata: { name: "churn-relist" } } });
    const informer = k8s.makeInformer(kc, "/api/v1/namespaces/relist/configmaps", () => core.listNamespacedConfigMap({ namespace: "relist" }));
    const added: string[] = [];
    informer.on("add", (o) => added.push(o.metadata!.name!));
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: "relist", body: configMap("first") });
      await eventually("the first add", async () => (added.includes("first") ? true : undefined));
      await informer.stop();
      await churn("churn-relist", 150);
      await core.createNamespacedConfigMap({ namespace: "relist", body: configMap("while-away") });
      await informer.start();
      await eventually("the relist to add while-away", async () => (added.includes("while-away") ? true : undefined));
      assert.deepEqual(informer.list("relist").map((o) => o.metadata?.name).sort(), ["first", "while-away"]);
    } finally {
      await informer.stop();
    }
  });
});
