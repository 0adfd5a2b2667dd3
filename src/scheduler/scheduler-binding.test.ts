// Binding while other decisions go on: several binds in flight, room assumed before each bind is
// written and given back when one fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { StatusError } from "../api/status-error.ts";
import { obj, str } from "../api/validation/json-access.ts";
import { InProcessPodBinder, type PodBinder } from "../client/binder.ts";
import { FakeEventRecorder } from "../client/event-recorder.ts";
import { inProcessCluster } from "../node/_registry.ts";
import { ManualTimerClock, settle } from "../node/manual-timer-clock.ts";
import { Scheduler } from "./scheduler.ts";

const node: KubeObject = {
  metadata: { name: "ordinal-0", labels: { "kubernetes.io/hostname": "ordinal-0" } },
  spec: {},
  status: {
    capacity: { cpu: "4", memory: "8Gi", pods: "110" },
    allocatable: { cpu: "4", memory: "8Gi", pods: "110" },
    conditions: [{ type: "Ready", status: "True" }],
  },
};

const pod = (name: string): KubeObject => ({ metadata: { name }, spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "1" } } }] } });

/** Holds every bind until the test lets it through, or fails it. */
class GatedBinder implements PodBinder {
  readonly #inner: PodBinder;
  readonly waiting: { name: string; pass: () => void; fail: (e: unknown) => void }[] = [];

  constructor(inner: PodBinder) {
    this.#inner = inner;
  }

  bind(namespace: string, name: string, nodeName: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ name, pass: () => resolve(this.#inner.bind(namespace, name, nodeName)), fail: reject });
    });
  }

  take(name: string) {
    const i = this.waiting.findIndex((w) => w.name === name);
    assert.ok(i >= 0, `no bind of ${name} waiting`);
    return this.waiting.splice(i, 1)[0];
  }
}

async function setup() {
  const clock = new ManualTimerClock();
  const { registry, client } = await inProcessCluster(() => clock.now());
  const binder = new GatedBinder(new InProcessPodBinder(registry, () => clock.now()));
  const events = new FakeEventRecorder();
  const scheduler = new Scheduler({ client, binder, events, clock, workers: 8 });
  const pods = client.resource({ group: "", version: "v1", plural: "pods" });
  await client.resource({ group: "", version: "v1", plural: "nodes" }).create(undefined, node);
  await scheduler.start();
  const nodeOf = async (name: string) => str(obj((await pods.get("default", name)).spec)?.nodeName);
  const until = async (what: string, check: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await settle();
    }
    assert.fail(`timed out waiting for ${what}`);
  };
  return { binder, events, pods, nodeOf, until, stop: () => scheduler.stop() };
}

test("Scheduler binds several pods at once and counts those in flight, so a node is never overcommitted", async () => {
  const s = await setup();
  try {
    for (let i = 0; i < 6; i++) await s.pods.create("default", pod(`web-${i}`));
    // Four 1-CPU pods fit on the 4-CPU node: their binds are all in flight before any is written.
    await s.until("four binds in flight", () => s.binder.waiting.length === 4);
    await s.until("two pods refused", () => s.events.events.filter((e) => e.startsWith("Warning FailedScheduling")).length === 2);
    for (const w of s.binder.waiting.splice(0)) w.pass();
    await s.until("four pods bound", async () => (await Promise.all([0, 1, 2, 3, 4, 5].map((i) => s.nodeOf(`web-${i}`)))).filter(Boolean).length === 4);
    assert.equal(s.events.events.filter((e) => e.startsWith("Normal Scheduled")).length, 4);
  } finally {
    s.stop();
  }
});

test("Scheduler gives the room back when a bind fails, and a waiting pod takes it", async () => {
  const s = await setup();
  try {
    for (let i = 0; i < 5; i++) await s.pods.create("default", pod(`web-${i}`));
    await s.until("four binds in flight", () => s.binder.waiting.length === 4);
    await s.until("web-4 marked unschedulable", async () => JSON.stringify(obj((await s.pods.get("default", "web-4")).status)?.conditions ?? []).includes("Unschedulable"));
    await settle();
    const failed = s.binder.waiting[0].name;
    s.binder.take(failed).fail(StatusError.conflict({ group: "", resource: "pods" }, failed, "the pod changed"));
    await s.until("web-4 in flight", () => s.binder.waiting.some((w) => w.name === "web-4"));
    for (const w of s.binder.waiting.splice(0)) w.pass();
    await s.until("web-4 bound", async () => (await s.nodeOf("web-4")) === "ordinal-0");
    assert.equal(await s.nodeOf(failed), "");
  } finally {
    s.stop();
  }
});
