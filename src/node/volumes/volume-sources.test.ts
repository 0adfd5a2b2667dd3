import { test } from "node:test";
import assert from "node:assert/strict";
import { inProcessCluster } from "../_registry.ts";
import { ApiVolumeSources, ObjectVolumeSources } from "./volume-sources.ts";

test("ApiVolumeSources reads objects through the API and absent ones as undefined", async () => {
  const { client } = await inProcessCluster();
  await client.resource({ group: "", version: "v1", plural: "configmaps" }).create("default", { metadata: { name: "app" }, data: { k: "v" } });
  await client.resource({ group: "", version: "v1", plural: "secrets" }).create("default", { metadata: { name: "creds" }, data: { p: "cA==" } });
  const sources = new ApiVolumeSources(client);
  assert.deepEqual((await sources.configMap("default", "app"))?.data, { k: "v" });
  assert.deepEqual((await sources.secret("default", "creds"))?.data, { p: "cA==" });
  assert.equal(await sources.configMap("default", "nope"), undefined);
  assert.equal(await sources.claim("default", "www"), undefined);
  assert.equal(await sources.volume("pv-1"), undefined);
});

test("ObjectVolumeSources finds objects by kind, namespace and name", async () => {
  const sources = new ObjectVolumeSources([
    { kind: "ConfigMap", metadata: { namespace: "a", name: "x" } },
    { kind: "PersistentVolume", metadata: { name: "pv-1" } },
  ]);
  assert.equal((await sources.configMap("a", "x"))?.metadata.name, "x");
  assert.equal(await sources.configMap("b", "x"), undefined);
  assert.equal(await sources.secret("a", "x"), undefined);
  assert.equal((await sources.volume("pv-1"))?.metadata.name, "pv-1");
  sources.remove("ConfigMap", "a", "x");
  assert.equal(await sources.configMap("a", "x"), undefined);
});
