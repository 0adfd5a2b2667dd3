import { test } from "node:test";
import assert from "node:assert/strict";
import { selectorFromSet } from "../../api/selectors/label-selector.ts";
import { Informer } from "../../client/informer.ts";
import { Lister } from "../../client/lister.ts";
import { ApiControllerHistory } from "./controller-history.ts";
import { ids, inMemoryApi } from "./_registry.ts";
import type { ControllerRevision, StatefulSet } from "./stateful-set-types.ts";

const set = { metadata: { name: "web", namespace: "default", uid: "web-uid" }, spec: {} } as StatefulSet;
const owner = { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "web-uid", controller: true, blockOwnerDeletion: true };

async function setup() {
  const client = await inMemoryApi();
  const revisions = client.resource(ids.revisions);
  const make = (name: string, extra: Record<string, unknown> = {}) =>
    revisions.create("default", { metadata: { name, labels: { app: "nginx" }, ...extra }, data: { spec: { template: { $patch: "replace" } } }, revision: 1 });
  await make("web-mine", { ownerReferences: [owner] });
  await make("web-orphan");
  await make("web-theirs", { ownerReferences: [{ ...owner, name: "other", uid: "other-uid" }] });
  await revisions.create("default", { metadata: { name: "web-unlabelled" }, data: {}, revision: 1 });
  const informer = new Informer(revisions);
  const lister = new Lister<ControllerRevision>(informer);
  await informer.start();
  return { revisions, informer, history: new ApiControllerHistory(client, lister) };
}

test("ApiControllerHistory lists revisions the set controls or nobody does (R16)", async () => {
  const { informer, history } = await setup();
  try {
    assert.deepEqual(history.list(set, selectorFromSet({ app: "nginx" })).map((r) => r.metadata.name).sort(), ["web-mine", "web-orphan"]);
  } finally {
    informer.stop();
  }
});

test("ApiControllerHistory adopts orphans only (R16)", async () => {
  const { revisions, informer, history } = await setup();
  try {
    const orphan = (await revisions.get("default", "web-orphan")) as ControllerRevision;
    const adopted = await history.adopt(set, orphan);
    assert.deepEqual(adopted.metadata.ownerReferences, [owner]);
    await assert.rejects(history.adopt(set, adopted), /attempt to adopt revision owned by StatefulSet\/web/);
  } finally {
    informer.stop();
  }
});

test("ApiControllerHistory renumbers a revision, retrying a conflict with the cached copy (R42)", async () => {
  const { revisions, informer, history } = await setup();
  try {
    const stale = (await revisions.get("default", "web-mine")) as ControllerRevision;
    await revisions.patch("default", "web-mine", "merge", { metadata: { annotations: { touched: "yes" } } });
    for (let i = 0; i < 100 && !informer.get("default/web-mine")?.metadata.annotations?.touched; i++) await new Promise((r) => setTimeout(r, 5));
    const updated = await history.updateRevision(stale, 5);
    assert.equal(updated.revision, 5);
    assert.equal((await revisions.get("default", "web-mine")).revision, 5);
  } finally {
    informer.stop();
  }
});

test("ApiControllerHistory creates, gets and deletes through the API", async () => {
  const { revisions, informer, history } = await setup();
  try {
    const created = await history.create({ metadata: { name: "web-new", namespace: "default" }, data: { a: 1 }, revision: 2 });
    assert.equal((await history.get("default", "web-new")).metadata.uid, created.metadata.uid);
    await assert.rejects(history.create({ metadata: { name: "web-new", namespace: "default" }, data: {}, revision: 3 }), /already exists/);
    await history.delete(created);
    await assert.rejects(revisions.get("default", "web-new"), /not found/);
  } finally {
    informer.stop();
  }
});
