// Rules of the controller loop against the in-process registry: name length (R12), overlapping
// selectors (R17) and unreadable selectors (R20).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { allStrategies } from "../../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../../apiserver/registry/resource-registry.ts";
import { InProcessClient } from "../../client/in-process-client.ts";
import { MemoryBackend } from "../../store/memory/memory-backend.ts";
import { ids } from "./_registry.ts";
import { StatefulSetController } from "./stateful-set-controller.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean> | boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(5);
  }
  assert.fail(`timed out waiting for ${what}`);
}

async function startController() {
  const backend = new MemoryBackend();
  const client = new InProcessClient(new ResourceRegistry(backend, allStrategies(backend)));
  await client.resource({ group: "", version: "v1", plural: "namespaces" }).create(undefined, { metadata: { name: "default" } });
  const logged: string[] = [];
  const controller = new StatefulSetController(client, { log: (m) => logged.push(m) });
  await controller.start();
  return {
    backend, controller, logged,
    sets: client.resource(ids.sets),
    pods: client.resource(ids.pods),
    events: client.resource({ group: "", version: "v1", plural: "events" }),
    async stop() {
      controller.stop();
      await controller.stopped();
    },
  };
}

const set = (name: string, replicas: number, app = "nginx"): KubeObject => ({
  metadata: { name },
  spec: {
    replicas,
    serviceName: "nginx",
    selector: { matchLabels: { app } },
    template: { metadata: { labels: { app } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25" }] } },
  },
});

test("StatefulSetController creates pods for a name whose revision label fits, and records FailedCreate and retries for one that does not (R12)", async () => {
  const c = await startController();
  const fits = "f".repeat(40);
  // `<name>-0` is 62 characters, but `<name>-<revision hash>` is longer than a label value may be.
  const tooLong = "l".repeat(60);
  try {
    await c.sets.create("default", set(fits, 1, "fits"));
    await c.sets.create("default", set(tooLong, 1, "long"));
    await eventually(async () => (await c.pods.list({ namespace: "default" })).items.some((p) => p.metadata.name === `${fits}-0`), `${fits}-0 created`);
    const failures = async () => (await c.events.list({ namespace: "default" })).items.filter((e) => e.reason === "FailedCreate");
    await eventually(async () => (await failures()).some((e) => (e.count as number) >= 2), "a retried FailedCreate");
    const [event] = await failures();
    assert.equal(event.type, "Warning");
    assert.match(event.message as string, new RegExp(`^create Pod ${tooLong}-0 in StatefulSet ${tooLong} failed error: Pod "${tooLong}-0" is invalid: metadata.labels: Invalid value: "${tooLong}-\\w+": must be no more than 63 characters$`));
    assert.deepEqual((await c.pods.list({ namespace: "default" })).items.map((p) => p.metadata.name), [`${fits}-0`]);
  } finally {
    await c.stop();
  }
});

test("StatefulSetController logs sets that select the same orphan pod and leaves owned pods to their controller (R17)", async () => {
  const c = await startController();
  try {
    await c.sets.create("default", set("a", 1, "shared"));
    await eventually(async () => (await c.pods.list({ namespace: "default" })).items.length === 1, "a-0 created");
    assert.deepEqual(c.logged, [], "an owned pod is no one else's business");
    await c.sets.create("default", set("b", 0, "shared"));
    await c.pods.create("default", { metadata: { name: "stray", labels: { app: "shared" } }, spec: { containers: [{ name: "c", image: "busybox" }] } });
    await eventually(() => c.logged.length > 0, "the overlap to be logged");
    assert.match(c.logged[0], /^user error: more than one StatefulSet is selecting pods with labels: \{"app":"shared"\}\. Sets: \[(a b|b a)\]$/);
    await sleep(50);
    const owners = Object.fromEntries((await c.pods.list({ namespace: "default" })).items.map((p) => [p.metadata.name, p.metadata.ownerReferences?.map((r) => r.name) ?? []]));
    assert.deepEqual(owners, { "a-0": ["a"], stray: [] }, "a name that no set's ordinals produce is never adopted");
  } finally {
    await c.stop();
  }
});

test("StatefulSetController.sync() logs a set whose selector cannot be converted and does not retry it (R20)", async () => {
  const c = await startController();
  try {
    await c.sets.create("default", set("web", 0));
    await eventually(async () => ((await c.sets.get("default", "web")).status as { observedGeneration?: number } | undefined)?.observedGeneration === 1, "the first sync");
    // Validation rejects such a selector, so it is written past the registry, as an older server might have stored it.
    const stored = c.backend.get("/registry/apps/statefulsets/default/web")!;
    const value = structuredClone(stored.value) as { spec: { selector: unknown } };
    value.spec.selector = { matchExpressions: [{ key: "app", operator: "Near", values: ["nginx"] }] };
    await c.backend.txn([{ op: "update", key: stored.key, value: value as never, expectRev: stored.rev }]);
    await eventually(() => c.logged.length > 0, "the worker's sync to log");
    await sleep(200);
    assert.equal(c.logged.length, 1, "a rate-limited requeue would have synced again within 200ms");
    assert.match(c.logged[0], /^error converting StatefulSet default\/web selector: "Near" is not a valid label selector operator$/);
    await c.controller.sync("default/web");
    assert.equal(c.logged.length, 2, "sync() returns instead of throwing");
  } finally {
    await c.stop();
  }
});
