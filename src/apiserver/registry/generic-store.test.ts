import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import { MemoryBackend } from "../../store/memory/memory-backend.ts";
import { GenericStore } from "./generic-store.ts";
import { pods } from "./kinds/pods.ts";
import { statefulSets } from "./kinds/statefulsets.ts";
import { namespaces } from "./kinds/namespaces.ts";

const now = new Date("2026-11-22T10:00:00Z");
const ctx = { now };

function setup() {
  const backend = new MemoryBackend();
  return { backend, sets: new GenericStore(backend, statefulSets), pods: new GenericStore(backend, pods), namespaces: new GenericStore(backend, namespaces) };
}

function web(replicas = 1): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web" },
    spec: {
      replicas,
      serviceName: "nginx",
      selector: { matchLabels: { app: "nginx" } },
      template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25" }] } },
    },
  };
}

function pod(name: string, nodeName?: string): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "busybox" }] } };
}

async function rejects(p: Promise<unknown>, code: number, reason: string): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof StatusError, `expected a StatusError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.reason, reason);
    return e;
  }
  assert.fail(`expected ${code} ${reason}`);
}

test("create() fills uid, resourceVersion, creationTimestamp and generation 1", async () => {
  const { sets } = setup();
  const created = await sets.create("default", web(), ctx);
  assert.match(created.metadata.uid!, /^[0-9a-f-]{36}$/);
  assert.equal(created.metadata.creationTimestamp, "2026-11-22T10:00:00Z");
  assert.equal(created.metadata.generation, 1);
  assert.equal(created.metadata.namespace, "default");
  assert.ok(Number(created.metadata.resourceVersion) > 0);
});

test("create() of an existing name is 409 AlreadyExists", async () => {
  const { sets } = setup();
  await sets.create("default", web(), ctx);
  const e = await rejects(sets.create("default", web(), ctx), 409, "AlreadyExists");
  assert.equal(e.message, 'statefulsets.apps "web" already exists');
});

test("create() with generateName picks a random suffix", async () => {
  const { sets } = setup();
  const obj = web();
  obj.metadata = { generateName: "web-" };
  const created = await sets.create("default", obj, ctx);
  assert.match(created.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test("update() with a stale resourceVersion is 409 Conflict", async () => {
  const { sets } = setup();
  const created = await sets.create("default", web(), ctx);
  await sets.update("default", "web", web(2), ctx);
  const stale = { ...web(3), metadata: { ...created.metadata } };
  const e = await rejects(sets.update("default", "web", stale, ctx), 409, "Conflict");
  assert.match(e.message, /the object has been modified; please apply your changes to the latest version and try again/);
});

test("update() bumps generation on spec changes only and keeps status", async () => {
  const { sets } = setup();
  await sets.create("default", web(), ctx);
  const withStatus = await sets.update("default", "web", { ...web(), status: { replicas: 7 } }, ctx, "status");
  assert.equal(withStatus.metadata.generation, 1);
  assert.deepEqual(withStatus.status, { replicas: 7 });
  const labelled = await sets.update("default", "web", { ...web(), metadata: { name: "web", labels: { a: "b" } }, status: { replicas: 1 } }, ctx);
  assert.equal(labelled.metadata.generation, 1);
  assert.deepEqual(labelled.status, { replicas: 7 });
  const scaled = await sets.update("default", "web", web(4), ctx);
  assert.equal(scaled.metadata.generation, 2);
});

test("update() without changes writes nothing", async () => {
  const { sets } = setup();
  const created = await sets.create("default", web(), ctx);
  const same = await sets.update("default", "web", web(), ctx);
  assert.equal(same.metadata.resourceVersion, created.metadata.resourceVersion);
});

test("delete() of a pod on a node is graceful; a zero grace period removes it", async () => {
  const { pods: store } = setup();
  await store.create("default", pod("p", "node-a"), ctx);
  const first = await store.delete("default", "p", {}, ctx);
  assert.equal(first.deleted, false);
  assert.equal(first.object.metadata.deletionGracePeriodSeconds, 30);
  assert.equal(first.object.metadata.deletionTimestamp, "2026-11-22T10:00:30Z");
  const second = await store.delete("default", "p", { gracePeriodSeconds: 0 }, ctx);
  assert.equal(second.deleted, true);
  await rejects(Promise.resolve().then(() => store.get("default", "p")), 404, "NotFound");
});

test("delete() of an unscheduled pod is immediate", async () => {
  const { pods: store } = setup();
  await store.create("default", pod("p"), ctx);
  assert.equal((await store.delete("default", "p", {}, ctx)).deleted, true);
});

test("delete() with a wrong uid precondition is 409", async () => {
  const { pods: store } = setup();
  await store.create("default", pod("p"), ctx);
  const e = await rejects(store.delete("default", "p", { preconditions: { uid: "x" } }, ctx), 409, "Conflict");
  assert.match(e.message, /Precondition failed: UID in precondition: x, UID in object meta: /);
});

test("delete() with Orphan and Foreground adds the finalizer and keeps the object", async () => {
  for (const [policy, finalizer] of [
    ["Orphan", "orphan"],
    ["Foreground", "foregroundDeletion"],
  ] as const) {
    const { sets } = setup();
    await sets.create("default", web(), ctx);
    const r = await sets.delete("default", "web", { propagationPolicy: policy }, ctx);
    assert.equal(r.deleted, false);
    assert.deepEqual(r.object.metadata.finalizers, [finalizer]);
    assert.equal(r.object.metadata.deletionTimestamp, "2026-11-22T10:00:00Z");
    const rest = { ...r.object, metadata: { ...r.object.metadata, finalizers: [] } };
    await sets.update("default", "web", rest, ctx);
    await rejects(Promise.resolve().then(() => sets.get("default", "web")), 404, "NotFound");
  }
});

test("a deleting object cannot gain finalizers", async () => {
  const { sets } = setup();
  await sets.create("default", web(), ctx);
  const r = await sets.delete("default", "web", { propagationPolicy: "Orphan" }, ctx);
  const more = { ...r.object, metadata: { ...r.object.metadata, finalizers: ["orphan", "example.com/x"] } };
  const e = await rejects(sets.update("default", "web", more, ctx), 422, "Invalid");
  assert.match(e.message, /no new finalizers can be added if the object is being deleted/);
});

test("a deleted namespace stays Terminating until /finalize clears spec.finalizers", async () => {
  const { namespaces: store } = setup();
  await store.create(undefined, { metadata: { name: "foo" } }, ctx);
  const r = await store.delete(undefined, "foo", {}, ctx);
  assert.equal(r.deleted, false);
  assert.deepEqual(r.object.status, { phase: "Terminating" });
  await store.update(undefined, "foo", { metadata: { name: "foo" }, spec: { finalizers: [] } }, ctx, "finalize");
  await rejects(Promise.resolve().then(() => store.get(undefined, "foo")), 404, "NotFound");
});

test("list() pages with continue tokens in key order", async () => {
  const { pods: store } = setup();
  for (const name of ["c", "a", "b", "d"]) await store.create("default", pod(name), ctx);
  const first = store.list("default", { limit: 3 });
  assert.deepEqual(first.items.map((p) => p.metadata.name), ["a", "b", "c"]);
  assert.equal(first.remainingItemCount, 1);
  const second = store.list("default", { limit: 3, continueToken: first.continueToken });
  assert.deepEqual(second.items.map((p) => p.metadata.name), ["d"]);
  assert.equal(second.continueToken, undefined);
});
