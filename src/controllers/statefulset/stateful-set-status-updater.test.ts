import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import { ids, inMemoryApi } from "./_registry.ts";
import { ApiStatusUpdater } from "./stateful-set-status-updater.ts";
import type { StatefulSet } from "./stateful-set-types.ts";

const web = {
  metadata: { name: "web" },
  spec: { selector: { matchLabels: { app: "nginx" } }, template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } } },
};

/** The client, counting GETs of statefulsets and running `beforeStatusWrite` before each status write. */
function instrumented(client: Client, beforeStatusWrite: (attempt: number) => Promise<void>): { client: Client; gets: () => number } {
  let gets = 0;
  let writes = 0;
  const wrapped: Client = {
    resource(id) {
      const inner = client.resource(id);
      if (id.plural !== "statefulsets") return inner;
      const sets: ResourceClient = Object.create(inner);
      sets.get = (namespace, name) => (gets++, inner.get(namespace, name));
      sets.updateStatus = async (o: KubeObject) => {
        await beforeStatusWrite(++writes);
        return inner.updateStatus(o);
      };
      return sets;
    },
  };
  return { client: wrapped, gets: () => gets };
}

async function setup() {
  const client = await inMemoryApi();
  const sets = client.resource(ids.sets);
  const created = (await sets.create("default", web)) as StatefulSet;
  return { client, sets, created };
}

const status = { replicas: 0, observedGeneration: 1, collisionCount: 0, availableReplicas: 0 };

test("ApiStatusUpdater writes the status subresource", async () => {
  const { client, sets, created } = await setup();
  await new ApiStatusUpdater(client).updateStatefulSetStatus(created, status);
  assert.deepEqual((await sets.get("default", "web")).status, status);
});

test("ApiStatusUpdater re-reads the live set after a conflict and retries at once (R70)", async () => {
  const { client, sets, created } = await setup();
  // The cached copy is stale: someone annotated the set since.
  await sets.patch("default", "web", "merge", { metadata: { annotations: { "ordinal.dev/waiting-for": "web-0 is Pending" } } });
  const api = instrumented(client, async () => {});
  await new ApiStatusUpdater(api.client).updateStatefulSetStatus(created, status);
  const written = (await sets.get("default", "web")) as StatefulSet;
  assert.deepEqual(written.status, status);
  assert.equal(written.metadata.annotations?.["ordinal.dev/waiting-for"], "web-0 is Pending", "the other writer's change survives");
  assert.equal(api.gets(), 1);
});

test("ApiStatusUpdater gives up after its attempts and reports the conflict", async () => {
  const { client, sets, created } = await setup();
  // Every write loses a race: the set changes between the read and the write.
  const api = instrumented(client, async (attempt) => void (await sets.patch("default", "web", "merge", { metadata: { labels: { touched: String(attempt) } } })));
  await assert.rejects(new ApiStatusUpdater(api.client, { attempts: 3 }).updateStatefulSetStatus(created, status), /the object has been modified/);
  assert.equal(api.gets(), 2, "one read before each retry");
});

test("ApiStatusUpdater does not write the status of a set recreated under the same name", async () => {
  const { client, sets, created } = await setup();
  await sets.delete("default", "web");
  const again = await sets.create("default", web);
  await assert.rejects(new ApiStatusUpdater(client).updateStatefulSetStatus(created, status), /the object has been modified/);
  assert.equal((await sets.get("default", "web")).metadata.uid, again.metadata.uid);
  assert.equal(((await sets.get("default", "web")) as StatefulSet).status?.observedGeneration, undefined);
});
