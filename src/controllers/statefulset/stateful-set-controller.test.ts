// The real controller against the real registry in-process, with a tiny kubelet that starts pods
// (Running, Ready) and completes graceful deletions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rfc3339, type KubeObject } from "../../api/meta.ts";
import { isConflict, isNotFound } from "../../api/status-error.ts";
import { Informer } from "../../client/informer.ts";
import { inMemoryApi } from "./_registry.ts";
import { goJsonString } from "./go-json.ts";
import { revisionData } from "./revisions.ts";
import { StatefulSetController } from "./stateful-set-controller.ts";
import type { StatefulSet } from "./stateful-set-types.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean> | boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(5);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** kubectl rollout status for a StatefulSet (polymorphichelpers StatefulSetStatusViewer). */
function rolloutStatus(set: StatefulSet): { done: boolean; message: string } {
  const s = set.status ?? { replicas: 0 };
  if ((s.observedGeneration ?? 0) === 0 || (set.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { done: false, message: "Waiting for statefulset spec update to be observed..." };
  const want = set.spec.replicas ?? 1;
  if ((s.readyReplicas ?? 0) < want) return { done: false, message: `Waiting for ${want - (s.readyReplicas ?? 0)} pods to be ready...` };
  const ru = set.spec.updateStrategy?.rollingUpdate;
  if (set.spec.updateStrategy?.type === "RollingUpdate" && ru) {
    const partition = ru.partition ?? 0;
    if ((s.updatedReplicas ?? 0) < want - partition) {
      return { done: false, message: `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${want - partition} new pods have been updated...` };
    }
    return { done: true, message: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...` };
  }
  if (s.updateRevision !== s.currentRevision) return { done: false, message: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...` };
  return { done: true, message: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...` };
}

async function startCluster() {
  const client = await inMemoryApi();
  const sets = client.resource({ group: "apps", version: "v1", plural: "statefulsets" });
  const pods = client.resource({ group: "", version: "v1", plural: "pods" });
  const revisions = client.resource({ group: "apps", version: "v1", plural: "controllerrevisions" });
  const events = client.resource({ group: "", version: "v1", plural: "events" });
  const claims = client.resource({ group: "", version: "v1", plural: "persistentvolumeclaims" });
  const controller = new StatefulSetController(client, { log: () => {} });
  await controller.start();

  const log: string[] = [];
  const watcher = new Informer(pods);
  watcher.on({
    add: (p) => log.push(`create ${p.metadata.name}`),
    update: (old, p) => {
      if (!old.metadata.deletionTimestamp && p.metadata.deletionTimestamp) log.push(`delete ${p.metadata.name}`);
    },
  });
  await watcher.start();

  let running = true;
  let kubeletPaused = false;
  const kubelet = (async () => {
    while (running) {
      if (!kubeletPaused) {
        for (const pod of (await pods.list({ namespace: "default" })).items) {
          const name = pod.metadata.name!;
          try {
            if (pod.metadata.deletionTimestamp) await pods.delete("default", name, { gracePeriodSeconds: 0 });
            else if ((pod.status as { phase?: string }).phase === "Pending") {
              const status = { ...(pod.status as object), phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: rfc3339(new Date()) }] };
              await pods.updateStatus({ ...pod, status });
            }
          } catch (e) {
            if (!isNotFound(e) && !isConflict(e)) throw e;
          }
        }
      }
      await sleep(2);
    }
  })();

  const get = async () => (await sets.get("default", "web")) as StatefulSet;
  const podNames = async () => (await pods.list({ namespace: "default" })).items.map((p) => p.metadata.name!).sort();
  const settled = async (replicas: number) => {
    const set = await get();
    const names = await podNames();
    return rolloutStatus(set).done && set.status?.currentRevision === set.status?.updateRevision && names.length === replicas && (set.status?.replicas ?? 0) === replicas;
  };
  return {
    client, sets, pods, revisions, events, claims, controller, log, get, podNames, settled,
    pauseKubelet: (paused: boolean) => void (kubeletPaused = paused),
    async stop() {
      running = false;
      await kubelet;
      watcher.stop();
      controller.stop();
      await controller.stopped();
    },
  };
}

const webSet = (replicas = 3): KubeObject => ({
  metadata: { name: "web", annotations: { "kubernetes.io/change-cause": "first" } },
  spec: {
    replicas,
    serviceName: "nginx",
    selector: { matchLabels: { app: "nginx" } },
    template: {
      metadata: { labels: { app: "nginx" } },
      spec: { nodeName: "node-1", containers: [{ name: "nginx", image: "nginx:1.25", volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }] }] },
    },
    volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
  },
});

async function patchImage(c: Awaited<ReturnType<typeof startCluster>>, image: string): Promise<void> {
  await c.sets.patch("default", "web", "strategic", { spec: { template: { spec: { containers: [{ name: "nginx", image }] } } } });
}

test("StatefulSetController creates web-0..2 in order with claims, revision, events and a complete rollout status", async () => {
  const c = await startCluster();
  try {
    await c.sets.create("default", webSet());
    await eventually(() => c.settled(3), "three ready pods");
    assert.deepEqual(c.log, ["create web-0", "create web-1", "create web-2"]);
    const set = await c.get();
    assert.equal(rolloutStatus(set).message, "partitioned roll out complete: 3 new pods have been updated...");
    assert.deepEqual(
      { ...set.status, currentRevision: undefined, updateRevision: undefined },
      { observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, collisionCount: 0, availableReplicas: 3, currentRevision: undefined, updateRevision: undefined },
    );
    const { items: revs } = await c.revisions.list({ namespace: "default", labelSelector: "app=nginx" });
    assert.equal(revs.length, 1);
    const rev = revs[0];
    assert.equal(rev.metadata.name, set.status!.updateRevision);
    assert.equal(rev.revision, 1);
    assert.deepEqual(rev.metadata.ownerReferences, [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.equal(rev.metadata.annotations?.["kubernetes.io/change-cause"], "first");
    assert.equal(JSON.stringify(rev.data), goJsonString({ spec: { template: { ...(revisionData(set).spec as { template: object }).template } } }), "data bytes as kubectl's rollback compares them");
    for (const pod of (await c.pods.list({ namespace: "default" })).items) assert.equal(pod.metadata.labels?.["controller-revision-hash"], rev.metadata.name);
    assert.deepEqual((await c.claims.list({ namespace: "default" })).items.map((x) => x.metadata.name).sort(), ["www-web-0", "www-web-1", "www-web-2"]);
  } finally {
    await c.stop();
  }
  const messages = (await c.events.list({ namespace: "default" })).items.map((e) => `${e.type} ${e.reason} ${e.message}`);
  for (const want of [
    "Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success",
    "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful",
    "Normal SuccessfulCreate create Pod web-2 in StatefulSet web successful",
  ]) {
    assert.ok(messages.includes(want), `missing event: ${want}`);
  }
  const event = (await c.events.list({ namespace: "default" })).items[0];
  assert.deepEqual(event.source, { component: "statefulset-controller" });
  assert.equal((event.involvedObject as { kind: string }).kind, "StatefulSet");
});

test("StatefulSetController scales down from the highest ordinal and back up in order", async () => {
  const c = await startCluster();
  try {
    await c.sets.create("default", webSet());
    await eventually(() => c.settled(3), "three ready pods");
    c.log.length = 0;
    await c.sets.patch("default", "web", "merge", { spec: { replicas: 0 } });
    await eventually(() => c.settled(0), "no pods");
    assert.deepEqual(c.log, ["delete web-2", "delete web-1", "delete web-0"]);
    assert.equal((await c.claims.list({ namespace: "default" })).items.length, 3, "claims are retained");
    c.log.length = 0;
    await c.sets.patch("default", "web", "merge", { spec: { replicas: 2 } });
    await eventually(() => c.settled(2), "two ready pods");
    assert.deepEqual(c.log, ["create web-0", "create web-1"]);
  } finally {
    await c.stop();
  }
});

test("StatefulSetController rolls an image change through web-2, web-1, web-0 and promotes the revision", async () => {
  const c = await startCluster();
  try {
    await c.sets.create("default", webSet());
    await eventually(() => c.settled(3), "three ready pods");
    const first = (await c.get()).status!.currentRevision;
    c.log.length = 0;
    await patchImage(c, "nginx:1.26");
    await eventually(async () => (await c.get()).status?.updateRevision !== first && (await c.settled(3)), "the update to finish");
    assert.deepEqual(c.log, ["delete web-2", "create web-2", "delete web-1", "create web-1", "delete web-0", "create web-0"]);
    const set = await c.get();
    assert.equal(set.status!.observedGeneration, 2);
    assert.equal(set.status!.currentRevision, set.status!.updateRevision);
    const { items: revs } = await c.revisions.list({ namespace: "default" });
    assert.deepEqual(revs.map((r) => r.revision).sort(), [1, 2]);
    for (const pod of (await c.pods.list({ namespace: "default" })).items) {
      assert.equal((pod.spec as { containers: { image: string }[] }).containers[0].image, "nginx:1.26");
      assert.equal(pod.metadata.labels?.["controller-revision-hash"], set.status!.updateRevision);
    }
  } finally {
    await c.stop();
  }
});

test("StatefulSetController honours a partition and rolls back by re-applying a revision's data (rollout undo)", async () => {
  const c = await startCluster();
  try {
    await c.sets.create("default", webSet());
    await eventually(() => c.settled(3), "three ready pods");
    await c.sets.patch("default", "web", "merge", { spec: { updateStrategy: { rollingUpdate: { partition: 2 } } } });
    await patchImage(c, "nginx:1.26");
    await eventually(async () => {
      const set = await c.get();
      return rolloutStatus(set).done && (set.status?.updatedReplicas ?? 0) === 1 && (set.status?.readyReplicas ?? 0) === 3;
    }, "the partitioned rollout");
    const images = async () => (await c.pods.list({ namespace: "default" })).items.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!)).map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image);
    assert.deepEqual(await images(), ["nginx:1.25", "nginx:1.25", "nginx:1.26"]);
    assert.equal(rolloutStatus(await c.get()).message, "partitioned roll out complete: 1 new pods have been updated...");

    await c.sets.patch("default", "web", "merge", { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    await eventually(() => c.settled(3), "the full rollout");
    const { items } = await c.revisions.list({ namespace: "default", labelSelector: "app=nginx" });
    const previous = items.sort((a, b) => (b.revision as number) - (a.revision as number))[1];
    c.log.length = 0;
    await c.sets.patch("default", "web", "strategic", JSON.parse(JSON.stringify(previous.data)));
    await eventually(async () => (await c.get()).status?.updateRevision === previous.metadata.name && (await c.settled(3)), "the rollback");
    assert.deepEqual(await images(), ["nginx:1.25", "nginx:1.25", "nginx:1.25"]);
    assert.deepEqual(c.log, ["delete web-2", "create web-2", "delete web-1", "create web-1", "delete web-0", "create web-0"]);
    const after = (await c.revisions.list({ namespace: "default" })).items;
    assert.equal(after.length, 2, "the old revision is re-used, not copied");
    assert.equal(after.find((r) => r.metadata.name === previous.metadata.name)?.revision, 3);
    const live = await c.get();
    assert.equal(goJsonString(revisionData(live)), JSON.stringify(previous.data), "kubectl rollout undo would now say the template already matches");
  } finally {
    await c.stop();
  }
});

test("StatefulSetController never creates a pod while its terminating predecessor exists", async () => {
  const c = await startCluster();
  try {
    await c.sets.create("default", webSet(2));
    await eventually(() => c.settled(2), "two ready pods");
    c.pauseKubelet(true);
    await c.pods.delete("default", "web-1");
    await sleep(100);
    const web1 = await c.pods.get("default", "web-1");
    assert.ok(web1.metadata.deletionTimestamp, "still terminating, not replaced");
    c.pauseKubelet(false);
    await eventually(async () => (await c.settled(2)) && (await c.pods.get("default", "web-1")).metadata.uid !== web1.metadata.uid, "web-1 replaced");
  } finally {
    await c.stop();
  }
});

test("StatefulSetController re-syncs after minReadySeconds so availableReplicas catches up (R22)", async () => {
  const c = await startCluster();
  try {
    const set = webSet(1);
    (set.spec as { minReadySeconds: number }).minReadySeconds = 1;
    await c.sets.create("default", set);
    await eventually(async () => ((await c.get()).status?.readyReplicas ?? 0) === 1, "web-0 ready");
    assert.equal((await c.get()).status?.availableReplicas ?? 0, 0);
    await eventually(async () => ((await c.get()).status?.availableReplicas ?? 0) === 1, "web-0 available", 5000);
  } finally {
    await c.stop();
  }
});

test("StatefulSetController adopts matching orphans and releases pods that stop matching (R14,R16)", async () => {
  const c = await startCluster();
  try {
    c.pauseKubelet(true);
    await c.pods.create("default", { metadata: { name: "web-0", labels: { app: "nginx" } }, spec: { nodeName: "node-1", containers: [{ name: "nginx", image: "nginx:1.25" }] } });
    await c.revisions.create("default", { metadata: { name: "web-orphan", labels: { app: "nginx" } }, data: { spec: { template: { $patch: "replace" } } }, revision: 7 });
    c.pauseKubelet(false);
    const withoutClaims = webSet(1);
    // The orphan has no claim volume, and pod volumes cannot be changed after creation (R8).
    delete (withoutClaims.spec as { volumeClaimTemplates?: unknown }).volumeClaimTemplates;
    delete (withoutClaims.spec as { template: { spec: { containers: { volumeMounts?: unknown }[] } } }).template.spec.containers[0].volumeMounts;
    await c.sets.create("default", withoutClaims);
    const set = await c.get();
    // The adopted orphan carries no revision label, so the rolling update may replace it: web-0 can
    // be briefly absent while that happens.
    const ownerOfWeb0 = async () => (await c.pods.get("default", "web-0").catch((e) => { if (isNotFound(e)) return undefined; throw e; }))?.metadata.ownerReferences?.[0]?.uid;
    await eventually(async () => (await ownerOfWeb0()) === set.metadata.uid, "web-0 adopted");
    await eventually(async () => (await c.revisions.get("default", "web-orphan")).metadata.ownerReferences?.[0]?.uid === set.metadata.uid, "revision adopted");
    await eventually(() => c.settled(1), "settled");
    const pod = await c.pods.get("default", "web-0");
    await c.pods.patch("default", "web-0", "merge", { metadata: { labels: { app: "detached" } } });
    await eventually(async () => !(await c.pods.get("default", "web-0")).metadata.ownerReferences?.length, "web-0 released");
    assert.equal((await c.pods.get("default", "web-0")).metadata.uid, pod.metadata.uid);
    await c.pods.patch("default", "web-0", "merge", { metadata: { labels: { app: "nginx" } } });
    await eventually(async () => (await ownerOfWeb0()) === set.metadata.uid, "web-0 adopted again");
  } finally {
    await c.stop();
  }
});
