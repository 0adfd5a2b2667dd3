import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import type { JsonObject } from "../../api/validation/json-access.ts";
import { FakeEventRecorder } from "../../client/event-recorder.ts";
import { ManualTimerClock } from "../manual-timer-clock.ts";
import { ScriptedTarget } from "./_scripted-target.ts";
import { ProberManager, type ContainerProbeState, type RestartRequest } from "./prober-manager.ts";
import type { ProbeOutcome } from "./probe-target.ts";

const pass = { exitCode: 0, output: "" };
const fail = (output: string) => ({ exitCode: 1, output });

function pod(spec: JsonObject = {}, meta: Partial<KubeObject["metadata"]> = {}): KubeObject {
  return { metadata: { name: "web-0", namespace: "db", uid: "u1", ...meta }, spec: { restartPolicy: "Always", terminationGracePeriodSeconds: 30, ...spec } };
}

const execProbe = (command: string, extra: JsonObject = {}) => ({ exec: { command: [command] }, periodSeconds: 10, ...extra });

function setup(opts: { runner?: (probe: JsonObject) => Promise<ProbeOutcome> } = {}) {
  const clock = new ManualTimerClock(0);
  const target = new ScriptedTarget(clock);
  const events = new FakeEventRecorder();
  const restarts: RestartRequest[] = [];
  const changes: string[] = [];
  const manager = new ProberManager({ clock, events, onRestart: (r) => restarts.push(r), runner: opts.runner && ((p) => opts.runner!(p)) });
  manager.subscribe((s: ContainerProbeState) => changes.push(`${clock.now().getTime() / 1000}s started=${s.started} ready=${s.ready}${s.readinessFailure ? ` (${s.readinessFailure})` : ""}`));
  const add = (container: JsonObject, p = pod(), sidecar = false) => manager.add({ pod: p, container: { name: "web", ...container }, containerID: "sim://c1", startedAt: 0, target, sidecar });
  const done = async () => {
    await manager.close();
    assert.equal(manager.workerCount, 0);
    assert.equal(clock.pending, 0, "timers left behind");
  };
  return { clock, target, events, restarts, changes, manager, add, done };
}

test("ProberManager: a container without probes is started and ready at once", async () => {
  const t = setup();
  assert.deepEqual(t.add({}), { uid: "u1", name: "web", containerID: "sim://c1", started: true, ready: true });
  assert.equal(t.manager.workerCount, 0);
  await t.done();
});

test("ProberManager: readiness is false until a probe succeeds and shows the last failure", async () => {
  const t = setup();
  t.target.on("ready", fail("not yet\n"), fail("not yet\n"), pass);
  const first = t.add({ readinessProbe: execProbe("ready", { failureThreshold: 1 }) });
  assert.equal(first.started, true);
  assert.equal(first.ready, false);
  await t.clock.tick(25_000);
  assert.deepEqual(t.changes, ["0s started=true ready=false (Readiness probe failed: not yet\n)", "20s started=true ready=true"]);
  assert.deepEqual(t.events.events, ["Warning Unhealthy Readiness probe failed: not yet\n", "Warning Unhealthy Readiness probe failed: not yet\n"]);
  assert.equal(t.manager.get("sim://c1")?.ready, true);
  await t.done();
});

test("ProberManager: liveness and readiness wait for the startup probe; readiness runs right after it", async () => {
  const t = setup();
  t.target.on("start", fail(""), fail(""), pass).on("live", pass).on("ready", pass);
  const state = t.add({
    startupProbe: execProbe("start", { failureThreshold: 30 }),
    livenessProbe: execProbe("live", { periodSeconds: 7 }),
    readinessProbe: execProbe("ready", { periodSeconds: 15 }),
  });
  assert.deepEqual([state.started, state.ready], [false, false]);
  await t.clock.tick(21_000);
  const at = (cmd: string) => t.target.calls.filter((c) => c.command === cmd).map((c) => c.at / 1000);
  assert.deepEqual(at("start"), [0, 10, 20]);
  assert.deepEqual(at("ready"), [20]);
  assert.deepEqual(at("live"), [21]);
  assert.deepEqual(t.changes, ["20s started=true ready=false", "20s started=true ready=true"]);
  await t.clock.tick(30_000);
  assert.deepEqual(at("start"), [0, 10, 20], "startup stops once it succeeded");
  await t.done();
});

interface RestartCase {
  name: string;
  container: JsonObject;
  pod?: KubeObject;
  sidecar?: boolean;
  seconds: number;
  message: string;
  probe: "liveness" | "startup";
  grace: number;
}

const restartCases: RestartCase[] = [
  {
    name: "a failing liveness probe restarts the container after failureThreshold",
    container: { livenessProbe: execProbe("live", { failureThreshold: 3 }) },
    seconds: 20,
    message: "Container web failed liveness probe, will be restarted",
    probe: "liveness",
    grace: 30,
  },
  {
    name: "the probe's terminationGracePeriodSeconds wins over the pod's",
    container: { livenessProbe: execProbe("live", { failureThreshold: 1, terminationGracePeriodSeconds: 5 }) },
    seconds: 0,
    message: "Container web failed liveness probe, will be restarted",
    probe: "liveness",
    grace: 5,
  },
  {
    name: "a deletion's grace period wins over both",
    container: { livenessProbe: execProbe("live", { failureThreshold: 1, terminationGracePeriodSeconds: 5 }) },
    pod: pod({}, { deletionGracePeriodSeconds: 1 }),
    seconds: 0,
    message: "Container web failed liveness probe, will be restarted",
    probe: "liveness",
    grace: 1,
  },
  {
    name: "with restartPolicy Never the container is only killed",
    container: { livenessProbe: execProbe("live", { failureThreshold: 1 }) },
    pod: pod({ restartPolicy: "Never", terminationGracePeriodSeconds: 10 }),
    seconds: 0,
    message: "Container web failed liveness probe",
    probe: "liveness",
    grace: 10,
  },
  {
    name: "a sidecar is named an init container",
    container: { livenessProbe: execProbe("live", { failureThreshold: 1 }) },
    sidecar: true,
    seconds: 0,
    message: "Init container web failed liveness probe",
    probe: "liveness",
    grace: 30,
  },
  {
    name: "a startup probe that never succeeds restarts the container",
    container: { startupProbe: execProbe("live", { failureThreshold: 2 }), livenessProbe: execProbe("never-runs") },
    seconds: 10,
    message: "Container web failed startup probe, will be restarted",
    probe: "startup",
    grace: 30,
  },
];

for (const c of restartCases) {
  test(`ProberManager: ${c.name}`, async () => {
    const t = setup();
    t.target.on("live", fail("dead\n"));
    t.add(c.container, c.pod ?? pod(), c.sidecar);
    await t.clock.tick(c.seconds * 1000 - 1);
    assert.equal(t.restarts.length, 0);
    await t.clock.tick(60_001);
    assert.equal(t.restarts.length, 1);
    const r = t.restarts[0];
    assert.deepEqual({ name: r.containerName, id: r.containerID, probe: r.probe, message: r.message, grace: r.gracePeriodSeconds }, { name: "web", id: "sim://c1", probe: c.probe, message: c.message, grace: c.grace });
    assert.equal(t.events.events.at(-1), `Normal Killing ${c.message}`);
    assert.ok(t.events.events.includes(`Warning Unhealthy ${c.probe === "liveness" ? "Liveness" : "Startup"} probe failed: dead\n`));
    assert.equal(t.target.calls.filter((x) => x.command === "never-runs").length, 0);
    await t.done();
  });
}

test("ProberManager: warnings and errors become ProbeWarning and Unhealthy events", async () => {
  const answers: ProbeOutcome[] = [
    { result: "warning", output: "Probe terminated redirects, Response body: moved" },
    { result: "unknown", output: "", error: 'strconv.Atoi: parsing "metrics": invalid syntax' },
  ];
  const t = setup({ runner: async () => answers.shift() ?? { result: "success", output: "" } });
  t.add({ readinessProbe: execProbe("ready") });
  await t.clock.tick(10_000);
  assert.deepEqual(t.events.events, [
    "Warning ProbeWarning Readiness probe warning: Probe terminated redirects, Response body: moved",
    'Warning Unhealthy Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "metrics": invalid syntax',
  ]);
  assert.equal(t.manager.get("sim://c1")?.ready, true, "a warning is a success");
  await t.done();
});

test("ProberManager: removing an instance or aborting its signal stops its workers", async () => {
  const t = setup();
  t.target.on("ready", pass);
  const abort = new AbortController();
  t.manager.add({ pod: pod(), container: { name: "a", readinessProbe: execProbe("ready") }, containerID: "sim://a", startedAt: 0, target: t.target }, abort.signal);
  t.manager.add({ pod: pod(), container: { name: "b", readinessProbe: execProbe("ready") }, containerID: "sim://b", startedAt: 0, target: t.target });
  await t.clock.tick(0);
  assert.equal(t.manager.workerCount, 2);
  abort.abort();
  t.manager.remove("sim://b");
  await t.clock.tick(0);
  assert.equal(t.manager.workerCount, 0);
  assert.equal(t.manager.get("sim://a"), undefined);
  await t.clock.tick(30_000);
  assert.equal(t.target.calls.length, 2);
  await t.done();
});

test("ProberManager.stopLivenessAndStartup() leaves readiness running while the pod terminates", async () => {
  const t = setup();
  t.target.on("live", fail("")).on("ready", pass, pass, fail("draining"));
  t.add({ livenessProbe: execProbe("live", { initialDelaySeconds: 5, failureThreshold: 1 }), readinessProbe: execProbe("ready", { failureThreshold: 1 }) });
  await t.clock.tick(1_000);
  t.manager.stopLivenessAndStartup("u1");
  await t.clock.tick(20_000);
  assert.deepEqual(t.restarts, []);
  assert.deepEqual(t.changes, ["0s started=true ready=true", "20s started=true ready=false (Readiness probe failed: draining)"]);
  await t.done();
});
