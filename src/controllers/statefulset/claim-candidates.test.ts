import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { Informer } from "../../client/informer.ts";
import { ClaimCandidates } from "./claim-candidates.ts";
import { ids, inMemoryApi } from "./_registry.ts";
import type { StatefulSet } from "./stateful-set-types.ts";

const set = { metadata: { name: "web", namespace: "default", uid: "web-uid" }, spec: {} } as StatefulSet;
const ref = (name: string, uid: string, controller = true) => ({ apiVersion: "apps/v1", kind: "StatefulSet", name, uid, controller });

function pod(name: string, namespace: string, owners: ReturnType<typeof ref>[] = []): KubeObject {
  return { metadata: { name, namespace, ...(owners.length ? { ownerReferences: owners } : {}) }, spec: { containers: [{ name: "c", image: "nginx" }] } };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), "timed out");
}

test("ClaimCandidates.of() lists the set's pods and the orphans in its namespace, following changes", async () => {
  const client = await inMemoryApi();
  await client.resource({ group: "", version: "v1", plural: "namespaces" }).create(undefined, { metadata: { name: "other" } });
  const pods = client.resource(ids.pods);
  await pods.create("default", pod("web-0", "default", [ref("web", "web-uid")]));
  await pods.create("default", pod("loose", "default"));
  await pods.create("default", pod("only-an-owner", "default", [ref("web", "web-uid", false)]));
  await pods.create("default", pod("db-0", "default", [ref("db", "db-uid")]));
  await pods.create("other", pod("stray", "other", [ref("web", "web-uid")]));
  await pods.create("other", pod("loose-elsewhere", "other"));
  const informer = new Informer(pods);
  const candidates = new ClaimCandidates(informer);
  await informer.start();
  const names = () => candidates.of(set).map((p) => p.metadata.name).sort();
  try {
    assert.deepEqual(names(), ["loose", "only-an-owner", "web-0"]);
    // Adopted by another controller: no longer a candidate; released: an orphan again.
    await pods.patch("default", "loose", "merge", { metadata: { ownerReferences: [ref("db", "db-uid")] } });
    await until(() => !names().includes("loose"));
    await pods.patch("default", "web-0", "merge", { metadata: { ownerReferences: null } });
    await until(() => names().includes("web-0"));
    await pods.delete("default", "web-0", { gracePeriodSeconds: 0 });
    await until(() => !names().includes("web-0"));
    assert.deepEqual(names(), ["only-an-owner"]);
  } finally {
    informer.stop();
  }
});
