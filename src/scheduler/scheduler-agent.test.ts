import { test } from "node:test";
import assert from "node:assert/strict";
import { obj } from "../api/validation/json-access.ts";
import { InProcessPodBinder } from "../client/binder.ts";
import { FakeEventRecorder } from "../client/event-recorder.ts";
import { startHarness } from "../node/_agent-harness.ts";
import { Scheduler } from "./scheduler.ts";

test("Scheduler and NodeAgent together take a pod without a node to Running", async () => {
  const h = await startHarness();
  const events = new FakeEventRecorder();
  const scheduler = new Scheduler({ client: h.client, binder: new InProcessPodBinder(h.registry, () => h.clock.now()), events, clock: h.clock });
  await scheduler.start();
  try {
    await h.pods.create("default", { metadata: { name: "web-0" }, spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "100m" } } }] } });
    await h.until("web-0 ready", async () => (await h.shown("web-0")).ready === "1/1");
    const pod = await h.pods.get("default", "web-0");
    assert.equal(obj(pod.spec)?.nodeName, "ordinal-0");
    assert.equal(obj(pod.status)?.qosClass, "Burstable");
    assert.deepEqual(events.events, ["Normal Scheduled Successfully assigned default/web-0 to ordinal-0"]);
    await h.pods.create("default", { metadata: { name: "huge-0" }, spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "64" } } }] } });
    await h.until("huge-0 refused", () => events.events.length === 2);
    assert.equal(
      events.events[1],
      "Warning FailedScheduling 0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
    assert.equal((await h.shown("huge-0")).status, "Pending");
  } finally {
    scheduler.stop();
    await h.close();
  }
});
