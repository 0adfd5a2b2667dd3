import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import type { RuntimeContainerStatus, RuntimePodStatus } from "../runtime/pod-runtime.ts";
import { buildPodStatus } from "./pod-status.ts";

const T0 = Date.parse("2025-01-01T00:00:00Z");

const pod = (status: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: "web-0", namespace: "default", uid: "u1" },
  spec: { restartPolicy: "Always", containers: [{ name: "app", image: "nginx" }], ...spec },
  status: { phase: "Pending", qosClass: "BestEffort", ...status },
});

function runtime(...containers: Partial<RuntimeContainerStatus>[]): RuntimePodStatus {
  return {
    uid: "u1",
    namespace: "default",
    name: "web-0",
    sandbox: "ready",
    podIP: "10.244.0.2",
    createdAt: T0,
    containers: containers.map((c) => ({
      name: "app",
      containerID: "sim://c1",
      image: "docker.io/library/nginx:latest",
      imageID: "docker.io/library/nginx@sha256:00",
      state: "running",
      attempt: 0,
      createdAt: T0,
      startedAt: T0 + 1000,
      ready: true,
      ...c,
    })),
  };
}

const build = (p: KubeObject, rs: RuntimePodStatus | undefined, waiting = new Map(), terminal = false) =>
  buildPodStatus({ pod: p, runtime: rs, waiting, hostIP: "192.168.1.5", now: T0 + 5000, terminal });

test("buildPodStatus() before the sandbox: Pending, ContainerCreating, no IP", () => {
  const s = build(pod(), undefined);
  assert.equal(s.phase, "Pending");
  assert.equal(s.podIP, undefined);
  assert.equal(s.startTime, "2025-01-01T00:00:05Z");
  assert.deepEqual(s.hostIPs, [{ ip: "192.168.1.5" }]);
  assert.equal(s.qosClass, "BestEffort");
  assert.deepEqual(s.containerStatuses, [
    { name: "app", state: { waiting: { reason: "ContainerCreating" } }, lastState: {}, ready: false, restartCount: 0, image: "nginx", imageID: "", started: false },
  ]);
});

test("buildPodStatus() for a running, ready container", () => {
  const s = build(pod({ startTime: "2025-01-01T00:00:00Z" }), runtime({}));
  assert.equal(s.phase, "Running");
  assert.deepEqual([s.podIP, s.podIPs, s.startTime], ["10.244.0.2", [{ ip: "10.244.0.2" }], "2025-01-01T00:00:00Z"]);
  assert.deepEqual(s.containerStatuses, [
    {
      name: "app",
      state: { running: { startedAt: "2025-01-01T00:00:01Z" } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: "docker.io/library/nginx:latest",
      imageID: "docker.io/library/nginx@sha256:00",
      containerID: "sim://c1",
      started: true,
    },
  ]);
});

test("buildPodStatus() shows CrashLoopBackOff with the last termination", () => {
  const termination = { exitCode: 1, reason: "Error", startedAt: T0 + 1000, finishedAt: T0 + 2000, containerID: "sim://c1" };
  const waiting = new Map([["app", { reason: "CrashLoopBackOff", message: "back-off 10s restarting failed container=app pod=web-0_default(u1)" }]]);
  const s = build(pod({ phase: "Running" }), runtime({ state: "exited", ready: false, attempt: 1, termination }), waiting);
  const cs = (s.containerStatuses as Record<string, unknown>[])[0];
  assert.equal(s.phase, "Running");
  assert.deepEqual(cs.state, { waiting: waiting.get("app") });
  assert.deepEqual(cs.lastState, {
    terminated: { exitCode: 1, reason: "Error", startedAt: "2025-01-01T00:00:01Z", finishedAt: "2025-01-01T00:00:02Z", containerID: "sim://c1" },
  });
  assert.deepEqual([cs.restartCount, cs.ready, cs.started], [1, false, false]);
});

test("buildPodStatus() keeps a terminal phase, other owners' fields and the phase's reason", () => {
  const s = build(pod({ phase: "Failed", reason: "Evicted", message: "low memory", nominatedNodeName: "n1", resize: "Proposed" }), undefined);
  assert.deepEqual([s.phase, s.reason, s.message, s.nominatedNodeName, s.resize], ["Failed", "Evicted", "low memory", "n1", "Proposed"]);
});

test("buildPodStatus() waits containers with PodInitializing while init containers run", () => {
  const p = pod({}, { initContainers: [{ name: "seed", image: "busybox" }] });
  const s = build(p, runtime({ name: "seed", state: "running", ready: false }));
  assert.equal(s.phase, "Pending");
  assert.equal(((s.initContainerStatuses as Record<string, unknown>[])[0].state as Record<string, unknown>).running !== undefined, true);
  assert.deepEqual((s.containerStatuses as Record<string, unknown>[])[0].state, { waiting: { reason: "PodInitializing" } });
});

test("buildPodStatus() shows why a container that was never created cannot start", () => {
  const waiting = new Map([["app", { reason: "ErrImagePull", message: 'failed to pull image "nginx": not found' }]]);
  const s = build(pod(), { ...runtime(), containers: [] }, waiting);
  assert.equal(s.phase, "Pending");
  assert.deepEqual((s.containerStatuses as Record<string, unknown>[])[0], {
    name: "app",
    state: { waiting: { reason: "ErrImagePull", message: 'failed to pull image "nginx": not found' } },
    lastState: {},
    ready: false,
    restartCount: 0,
    image: "nginx",
    imageID: "",
    started: false,
  });
});

test("buildPodStatus() reports started as the runtime does, running meaning started by default", () => {
  const started = (rc: Partial<RuntimeContainerStatus>) => (build(pod(), runtime(rc)).containerStatuses as Record<string, unknown>[])[0].started;
  assert.equal(started({}), true);
  assert.equal(started({ started: false, ready: false }), false);
  assert.equal(started({ started: true }), true);
});

test("buildPodStatus() keeps a pod initializing until its sidecar has started", () => {
  const p = pod({}, { initContainers: [{ name: "proxy", image: "envoy", restartPolicy: "Always" }] });
  const initialized = (s: Record<string, unknown>) => (s.conditions as Record<string, unknown>[]).find((c) => c.type === "Initialized");
  const starting = build(p, runtime({ name: "proxy", started: false, ready: false }));
  assert.equal(starting.phase, "Pending");
  assert.equal((starting.initContainerStatuses as Record<string, unknown>[])[0].started, false);
  assert.deepEqual([initialized(starting)?.status, initialized(starting)?.message], ["False", "containers with incomplete status: [proxy]"]);
  assert.equal(initialized(build(p, runtime({ name: "proxy", ready: false })))?.status, "True");
});
