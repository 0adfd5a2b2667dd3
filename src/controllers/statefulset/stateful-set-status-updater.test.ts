import { test } from "node:test";
import assert from "node:assert/strict";
import { Informer } from "../../client/informer.ts";
import { Lister } from "../../client/lister.ts";
import { ids, inMemoryApi } from "./_registry.ts";
import { ApiStatusUpdater } from "./stateful-set-status-updater.ts";
import type { StatefulSet } from "./stateful-set-types.ts";

const web = {
  metadata: { name: "web" },
  spec: { selector: { matchLabels: { app: "nginx" } }, template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } } },
};

async function setup() {
  const client = await inMemoryApi();
  const sets = client.resource(ids.sets);
  const created = (await sets.create("default", web)) as StatefulSet;
  const informer = new Informer(sets);
  const lister = new Lister<StatefulSet>(informer);
  await informer.start();
  const sleeps: number[] = [];
  const updater = new ApiStatusUpdater(client, lister, { sleep: async (ms) => void sleeps.push(ms) });
  return { client, sets, created, informer, updater, sleeps };
}

test("ApiStatusUpdater writes the status subresource", async () => {
  const { sets, created, informer, updater } = await setup();
  try {
    await updater.updateStatefulSetStatus(created, { replicas: 0, observedGeneration: 1, collisionCount: 0, availableReplicas: 0 });
    assert.deepEqual((await sets.get("default", "web")).status, { replicas: 0, observedGeneration: 1, collisionCount: 0, availableReplicas: 0 });
  } finally {
    informer.stop();
  }
});

test("ApiStatusUpdater retries a conflict with the cached set (R70)", async () => {
  const { sets, created, informer, updater, sleeps } = await setup();
  try {
    await sets.patch("default", "web", "merge", { metadata: { labels: { touched: "yes" } } });
    for (let i = 0; i < 100 && informer.get("default/web")?.metadata.labels?.touched !== "yes"; i++) await new Promise((r) => setTimeout(r, 5));
    await updater.updateStatefulSetStatus(created, { replicas: 0, observedGeneration: 1, collisionCount: 0, availableReplicas: 0 });
    assert.equal(((await sets.get("default", "web")) as StatefulSet).status?.observedGeneration, 1);
    assert.deepEqual(sleeps, [10]);
  } finally {
    informer.stop();
  }
});

test("ApiStatusUpdater gives up after its attempts and reports the conflict", async () => {
  const { client, sets, created, informer, sleeps } = await setup();
  try {
    await sets.patch("default", "web", "merge", { metadata: { labels: { touched: "yes" } } });
    const emptyCache = new Lister<StatefulSet>(new Informer(sets));
    const updater = new ApiStatusUpdater(client, emptyCache, { attempts: 3, sleep: async (ms) => void sleeps.push(ms) });
    await assert.rejects(updater.updateStatefulSetStatus(created, { replicas: 0 }), /the object has been modified/);
    assert.deepEqual(sleeps, [10, 10]);
  } finally {
    informer.stop();
  }
});
