import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { allStrategies } from "../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../apiserver/registry/resource-registry.ts";
import { MemoryBackend } from "../store/memory/memory-backend.ts";
import { ManualClock } from "./clock.ts";
import { ApiEventRecorder, FakeEventRecorder } from "./event-recorder.ts";
import { InProcessClient } from "./in-process-client.ts";

const web: KubeObject = {
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "web", namespace: "default", uid: "uid-web", resourceVersion: "7" },
};

async function setup() {
  const backend = new MemoryBackend();
  const client = new InProcessClient(new ResourceRegistry(backend, allStrategies(backend)));
  await client.resource({ group: "", version: "v1", plural: "namespaces" }).create(undefined, { metadata: { name: "default" } });
  const clock = new ManualClock(new Date("2026-05-01T10:00:00Z"));
  const recorder = new ApiEventRecorder(client, { component: "statefulset-controller", clock });
  const events = client.resource({ group: "", version: "v1", plural: "events" });
  return { recorder, events, clock };
}

test("ApiEventRecorder writes a core/v1 Event about the involved object", async () => {
  const { recorder, events } = await setup();
  recorder.event(web, "Normal", "SuccessfulCreate", "create Pod web-0 in StatefulSet web successful");
  await recorder.flush();
  const { items } = await events.list({ namespace: "default" });
  assert.equal(items.length, 1);
  const e = items[0];
  assert.match(e.metadata.name!, /^web\.[0-9a-f]+$/);
  assert.deepEqual(e.involvedObject, { kind: "StatefulSet", namespace: "default", name: "web", uid: "uid-web", apiVersion: "apps/v1", resourceVersion: "7" });
  assert.equal(e.type, "Normal");
  assert.equal(e.reason, "SuccessfulCreate");
  assert.equal(e.message, "create Pod web-0 in StatefulSet web successful");
  assert.deepEqual(e.source, { component: "statefulset-controller" });
  assert.equal(e.reportingComponent, "statefulset-controller");
  assert.equal(e.count, 1);
  assert.equal(e.firstTimestamp, "2026-05-01T10:00:00Z");
  assert.equal(e.lastTimestamp, "2026-05-01T10:00:00Z");
});

test("ApiEventRecorder aggregates identical events into count and lastTimestamp", async () => {
  const { recorder, events, clock } = await setup();
  recorder.event(web, "Warning", "FailedCreate", "create Pod web-0 in StatefulSet web failed error: quota");
  clock.tick(5000);
  recorder.event(web, "Warning", "FailedCreate", "create Pod web-0 in StatefulSet web failed error: quota");
  recorder.event(web, "Normal", "SuccessfulCreate", "create Pod web-0 in StatefulSet web successful");
  await recorder.flush();
  const { items } = await events.list({ namespace: "default" });
  assert.equal(items.length, 2);
  const failed = items.find((e) => e.reason === "FailedCreate")!;
  assert.equal(failed.count, 2);
  assert.equal(failed.firstTimestamp, "2026-05-01T10:00:00Z");
  assert.equal(failed.lastTimestamp, "2026-05-01T10:00:05Z");
});

test("ApiEventRecorder starts a new Event when the aggregated one was deleted", async () => {
  const { recorder, events } = await setup();
  recorder.event(web, "Normal", "SuccessfulDelete", "delete Pod web-2 in StatefulSet web successful");
  await recorder.flush();
  const [first] = (await events.list({ namespace: "default" })).items;
  await events.delete("default", first.metadata.name!);
  recorder.event(web, "Normal", "SuccessfulDelete", "delete Pod web-2 in StatefulSet web successful");
  await recorder.flush();
  const { items } = await events.list({ namespace: "default" });
  assert.equal(items.length, 1);
  assert.equal(items[0].count, 1);
});

test("FakeEventRecorder keeps type, reason and message lines", () => {
  const fake = new FakeEventRecorder();
  fake.event(web, "Normal", "SuccessfulCreate", "create Claim www-web-0 Pod web-0 in StatefulSet web success");
  assert.deepEqual(fake.events, ["Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success"]);
});
