import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { isNotFound } from "../../api/status-error.ts";
import { allStrategies } from "../../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../../apiserver/registry/resource-registry.ts";
import { InProcessClient } from "../../client/in-process-client.ts";
import { MemoryBackend } from "../../store/memory/memory-backend.ts";
import { GarbageCollector } from "./garbage-collector.ts";

const setsId = { group: "apps", version: "v1", plural: "statefulsets" };
const podsId = { group: "", version: "v1", plural: "pods" };

async function setup() {
  const backend = new MemoryBackend();
  const registry = new ResourceRegistry(backend, allStrategies(backend));
  const client = new InProcessClient(registry);
  await client.resource({ group: "", version: "v1", plural: "namespaces" }).create(undefined, { metadata: { name: "default" } });
  const gc = new GarbageCollector(
    client,
    registry.all().map((s) => ({ id: { group: s.strategy.names.group, version: s.strategy.names.version, plural: s.strategy.names.plural }, kind: s.strategy.names.kind, namespaced: s.strategy.namespaced })),
  );
  await gc.start();
  const sets = client.resource(setsId);
  const pods = client.resource(podsId);
  const owner = await sets.create("default", {
    metadata: { name: "web" },
    spec: {
      serviceName: "nginx",
      selector: { matchLabels: { app: "nginx" } },
      template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } },
    },
  });
  const ref = { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
  await pods.create("default", { metadata: { name: "web-0", ownerReferences: [ref] }, spec: { containers: [{ name: "nginx", image: "nginx" }] } });
  return { gc, sets, pods, close: () => gc.stop() };
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const gone = (get: () => Promise<KubeObject>) => async () => {
  try {
    await get();
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
};

test("GarbageCollector deletes dependents of an owner deleted in the background", async () => {
  const { sets, pods, close } = await setup();
  try {
    await sets.delete("default", "web", { propagationPolicy: "Background" });
    await eventually(gone(() => pods.get("default", "web-0")), "web-0 to be deleted");
  } finally {
    close();
  }
});

test("GarbageCollector orphans dependents and then lets the owner go", async () => {
  const { sets, pods, close } = await setup();
  try {
    await sets.delete("default", "web", { propagationPolicy: "Orphan" });
    await eventually(gone(() => sets.get("default", "web")), "web to be deleted");
    const orphan = await pods.get("default", "web-0");
    assert.equal(orphan.metadata.ownerReferences, undefined);
  } finally {
    close();
  }
});

test("GarbageCollector deletes blocking dependents before a foreground-deleted owner", async () => {
  const { sets, pods, close } = await setup();
  try {
    const marked = await sets.delete("default", "web", { propagationPolicy: "Foreground" });
    assert.deepEqual(marked.metadata.finalizers, ["foregroundDeletion"]);
    await eventually(gone(() => sets.get("default", "web")), "web to be deleted");
    await assert.rejects(pods.get("default", "web-0"), (e) => isNotFound(e));
  } finally {
    close();
  }
});
