import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import type { JsonObject } from "../api/validation/json-access.ts";
import { FakeEventRecorder } from "../client/event-recorder.ts";
import { ManualTimerClock, settle } from "./manual-timer-clock.ts";
import { NameFence } from "./name-fence.ts";
import { PodIPAM } from "./network/ipam.ts";
import { PodWorker, type PodWorkerContext } from "./pod-worker.ts";
import type { PodWriter } from "./pod-writer.ts";
import { RestartBackoff } from "./restart-backoff.ts";
import type { PodRuntime, RuntimePodStatus } from "./runtime/pod-runtime.ts";

/** A runtime that records calls; stopPod resolves when the test says so. */
class ScriptedRuntime implements PodRuntime {
  readonly type = "fake";
  readonly version = "0";
  readonly recordsProbeEvents = false;
  readonly calls: string[] = [];
  held: RuntimePodStatus | undefined;
  stopSignal: AbortSignal | undefined;
  finishStop: (() => void) | undefined;

  async runSandbox(): Promise<void> {
    this.calls.push("runSandbox");
  }
  async startContainer(): Promise<void> {
    this.calls.push("startContainer");
  }
  update(): void {}
  stopPod(_uid: string, grace: number, signal?: AbortSignal): Promise<void> {
    this.calls.push(`stopPod ${grace}`);
    this.stopSignal = signal;
    return new Promise((resolve) => {
      this.finishStop = () => {
        for (const c of this.held?.containers ?? []) {
          c.state = "exited";
          c.termination = { exitCode: 0, reason: "Completed", startedAt: 0, finishedAt: 1, containerID: c.containerID };
        }
        resolve();
      };
    });
  }
  async removePod(): Promise<void> {
    this.calls.push("removePod");
    this.held = undefined;
  }
  async reattach(pod: KubeObject, podIP: string): Promise<boolean> {
    this.calls.push(`reattach ${podIP}`);
    this.held = {
      uid: pod.metadata.uid!,
      namespace: "default",
      name: "par-0",
      sandbox: "ready",
      podIP,
      createdAt: 0,
      containers: [{ name: "app", containerID: "fake://c1", image: "nginx", imageID: "x", state: "running", attempt: 0, createdAt: 0, ready: true }],
    };
    return true;
  }
  async status(): Promise<RuntimePodStatus | undefined> {
    return this.held && structuredClone(this.held);
  }
  async list(): Promise<RuntimePodStatus[]> {
    return this.held ? [this.held] : [];
  }
  subscribe(): () => void {
    return () => {};
  }
}

class RecordingWriter implements PodWriter {
  readonly statuses: JsonObject[] = [];
  readonly confirmed: string[] = [];
  async writeStatus(pod: KubeObject, build: (pod: KubeObject) => JsonObject): Promise<KubeObject | undefined> {
    const status = build(pod);
    this.statuses.push(status);
    return { ...pod, metadata: { ...pod.metadata, resourceVersion: String(Number(pod.metadata.resourceVersion) + 1) }, status };
  }
  async confirmDeletion(pod: KubeObject): Promise<void> {
    this.confirmed.push(pod.metadata.uid!);
  }
}

function setup() {
  const runtime = new ScriptedRuntime();
  const writer = new RecordingWriter();
  const errors: unknown[] = [];
  const ipam = new PodIPAM("10.244.0.0/24");
  const ctx: PodWorkerContext = {
    hostIP: "192.168.1.5",
    runtime,
    clock: new ManualTimerClock(),
    ipam,
    backoff: new RestartBackoff(),
    writer,
    events: new FakeEventRecorder(),
    claims: { blocking: async () => [] },
    fence: new NameFence(),
    onError: (_key, e) => errors.push(e),
  };
  return { runtime, writer, errors, ipam, ctx };
}

/** par-0 being deleted, its status showing `app` running (or, with `running` false, never started). */
function terminating(running = true, grace = 30): KubeObject {
  const state = running ? { running: { startedAt: "2025-01-01T00:00:00Z" } } : { waiting: { reason: "ContainerCreating" } };
  return {
    metadata: { name: "par-0", namespace: "default", uid: "u1", resourceVersion: "5", deletionTimestamp: "2025-01-01T00:01:00Z", deletionGracePeriodSeconds: grace },
    spec: { containers: [{ name: "app", image: "nginx" }] },
    status: {
      phase: "Running",
      podIP: "10.244.0.7",
      containerStatuses: [{ name: "app", state, ready: running, restartCount: 0, image: "nginx", ...(running ? { containerID: "fake://c1" } : {}) }],
    },
  };
}

test("PodWorker takes over a terminating pod its runtime forgot, stops it, then confirms the deletion", async () => {
  const { runtime, writer, ipam, ctx } = setup();
  ipam.reserve("u1", "10.244.0.7");
  const worker = new PodWorker(terminating(), true, ctx);
  await settle();
  assert.deepEqual(runtime.calls, ["reattach 10.244.0.7", "stopPod 30"]);
  assert.deepEqual(writer.confirmed, [], "not before the containers stopped");
  assert.equal(ctx.fence.holder("default/par-0"), "u1", "a replacement waits for it");
  runtime.finishStop!();
  await worker.done;
  assert.deepEqual(runtime.calls, ["reattach 10.244.0.7", "stopPod 30", "removePod"]);
  const final = writer.statuses.at(-1)!.containerStatuses as Array<{ state: { terminated?: { exitCode: number } } }>;
  assert.equal(final[0].state.terminated?.exitCode, 0);
  assert.deepEqual(writer.confirmed, ["u1"]);
  assert.equal(ctx.fence.holder("default/par-0"), undefined);
});

test("PodWorker confirms at once the deletion of a pod whose status shows nothing running", async () => {
  const { runtime, writer, ctx } = setup();
  const worker = new PodWorker(terminating(false), true, ctx);
  await worker.done;
  assert.deepEqual(runtime.calls, ["removePod"]);
  assert.deepEqual(writer.confirmed, ["u1"]);
});

test("PodWorker.stop() during a graceful stop neither cuts it short nor confirms the deletion", async () => {
  const { runtime, writer, errors, ctx } = setup();
  const worker = new PodWorker(terminating(), true, ctx);
  await settle();
  assert.deepEqual(runtime.calls, ["reattach 10.244.0.2", "stopPod 30"]);
  worker.stop();
  await worker.done;
  assert.equal(runtime.stopSignal?.aborted, false, "the grace period stands");
  assert.deepEqual(runtime.calls, ["reattach 10.244.0.2", "stopPod 30"], "the pod stays in the runtime");
  assert.deepEqual(writer.confirmed, []);
  assert.deepEqual(writer.statuses, []);
  assert.deepEqual(errors, []);
});

test("PodWorker.update() cuts a graceful stop short only for a shorter grace period or a vanished pod", async () => {
  const cases = [
    { name: "same grace", next: terminating(true, 30), aborted: false },
    { name: "shorter grace", next: terminating(true, 1), aborted: true },
    { name: "pod gone", next: undefined, aborted: true },
  ];
  for (const c of cases) {
    const { runtime, ctx } = setup();
    const worker = new PodWorker(terminating(), true, ctx);
    await settle();
    if (c.next) c.next.metadata.resourceVersion = "9";
    worker.update(c.next);
    assert.equal(runtime.stopSignal?.aborted, c.aborted, c.name);
    runtime.finishStop!();
    await worker.done;
  }
});
