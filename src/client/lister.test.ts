import { test } from "node:test";
import assert from "node:assert/strict";
import { selectorFromSet } from "../api/selectors/label-selector.ts";
import { allStrategies } from "../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../apiserver/registry/resource-registry.ts";
import { MemoryBackend } from "../store/memory/memory-backend.ts";
import { InProcessClient } from "./in-process-client.ts";
import { Informer } from "./informer.ts";
import { Lister } from "./lister.ts";

const configMaps = { group: "", version: "v1", plural: "configmaps" };

async function setup() {
  const backend = new MemoryBackend();
  const client = new InProcessClient(new ResourceRegistry(backend, allStrategies(backend)));
  const namespaces = client.resource({ group: "", version: "v1", plural: "namespaces" });
  for (const name of ["default", "other"]) await namespaces.create(undefined, { metadata: { name } });
  const maps = client.resource(configMaps);
  const owner = { apiVersion: "v1", kind: "ConfigMap", name: "o", uid: "owner-1" };
  await maps.create("default", { metadata: { name: "a", labels: { app: "web" }, ownerReferences: [owner] } });
  await maps.create("default", { metadata: { name: "b", labels: { app: "db" } } });
  await maps.create("other", { metadata: { name: "c", labels: { app: "web" }, ownerReferences: [owner] } });
  const informer = new Informer(maps);
  const lister = new Lister(informer);
  await informer.start();
  return { maps, informer, lister };
}

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check());
}

const names = (objs: { metadata: { name?: string } }[]) => objs.map((o) => o.metadata.name).sort();

test("Lister indexes by namespace, owner uid and label selector", async () => {
  const { informer, lister } = await setup();
  try {
    assert.deepEqual(names(lister.byNamespace("default")), ["a", "b"]);
    assert.deepEqual(names(lister.byOwnerUid("owner-1")), ["a", "c"]);
    assert.deepEqual(names(lister.matching(selectorFromSet({ app: "web" }))), ["a", "c"]);
    assert.deepEqual(names(lister.matching(selectorFromSet({ app: "web" }), "other")), ["c"]);
    assert.equal(lister.get("default", "b")?.metadata.labels?.app, "db");
    assert.equal(lister.get("default", "c"), undefined);
    assert.ok(lister.hasSynced);
  } finally {
    informer.stop();
  }
});

test("Lister follows updates and deletes from the watch", async () => {
  const { maps, informer, lister } = await setup();
  try {
    const a = await maps.get("default", "a");
    const { ownerReferences: _dropped, ...meta } = a.metadata;
    await maps.update({ ...a, metadata: meta });
    await maps.delete("other", "c");
    await eventually(() => lister.byOwnerUid("owner-1").length === 0);
    assert.deepEqual(names(lister.list()), ["a", "b"]);
    assert.deepEqual(names(lister.byNamespace("other")), []);
  } finally {
    informer.stop();
  }
});

test("Informer resync hands every cached object to update handlers unchanged", async () => {
  const { informer } = await setup();
  try {
    const seen: string[] = [];
    informer.on({ update: (old, cur) => void (old === cur && seen.push(cur.metadata.name!)) });
    informer.resync();
    assert.deepEqual(seen.sort(), ["a", "b", "c"]);
  } finally {
    informer.stop();
  }
});
