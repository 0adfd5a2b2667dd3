import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { FakeEventRecorder } from "../client/event-recorder.ts";
import { PodWorkerEvents } from "./pod-worker-events.ts";
import type { RuntimeContainerStatus, RuntimePodStatus } from "./runtime/pod-runtime.ts";

const pod: KubeObject = { metadata: { name: "web-0", namespace: "default", uid: "u1" }, spec: { containers: [{ name: "app", image: "nginx" }] } };

const running = (over: Partial<RuntimeContainerStatus> = {}): RuntimePodStatus => ({
  uid: "u1",
  namespace: "default",
  name: "web-0",
  sandbox: "ready",
  podIP: "10.244.0.2",
  createdAt: 0,
  containers: [{ name: "app", containerID: "sim://c1", image: "nginx", imageID: "x", state: "running", attempt: 0, createdAt: 0, ready: false, ...over }],
});

test("PodWorkerEvents records Unhealthy once, unless the runtime records probe events itself", () => {
  const failing = running({ readinessFailure: "Readiness probe failed: HTTP probe failed with statuscode: 503" });
  for (const recordsProbeEvents of [false, true]) {
    const recorder = new FakeEventRecorder();
    const events = new PodWorkerEvents({ events: recorder, recordsProbeEvents, startedBefore: ["sim://c1"] });
    events.synced(pod, failing, new Map(), new Map());
    events.synced(pod, failing, new Map(), new Map());
    assert.deepEqual(recorder.events, recordsProbeEvents ? [] : ["Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 503"], `recordsProbeEvents ${recordsProbeEvents}`);
  }
});

test("PodWorkerEvents records a container's start once, and none for one an earlier agent reported", () => {
  const recorder = new FakeEventRecorder();
  const events = new PodWorkerEvents({ events: recorder, recordsProbeEvents: false, startedBefore: ["sim://old"] });
  events.synced(pod, running({ containerID: "sim://old" }), new Map(), new Map());
  assert.deepEqual(recorder.events, []);
  events.synced(pod, running(), new Map(), new Map());
  events.synced(pod, running(), new Map(), new Map());
  assert.deepEqual(recorder.events, ['Normal Pulled Container image "nginx" already present on machine', "Normal Created Created container: app", "Normal Started Started container app"]);
});

test("PodWorkerEvents records a pull back-off once per failed pull", () => {
  const recorder = new FakeEventRecorder();
  const events = new PodWorkerEvents({ events: recorder, recordsProbeEvents: false, startedBefore: [] });
  const backingOff = new Map([["app", { reason: "ImagePullBackOff", message: 'Back-off pulling image "nginx"' }]]);
  const failed = (at: number) => new Map([["app", { reason: "ErrImagePull", message: "x", image: "nginx", at, retryAt: at + 10_000 }]]);
  const empty = { ...running(), containers: [] };
  events.synced(pod, empty, backingOff, failed(0));
  events.synced(pod, empty, backingOff, failed(0));
  events.synced(pod, empty, backingOff, failed(10_000));
  assert.deepEqual(recorder.events, [
    'Normal BackOff Back-off pulling image "nginx"',
    "Warning Failed Error: ImagePullBackOff",
    'Normal BackOff Back-off pulling image "nginx"',
    "Warning Failed Error: ImagePullBackOff",
  ]);
});
