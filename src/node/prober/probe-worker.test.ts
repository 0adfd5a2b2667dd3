import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../api/validation/json-access.ts";
import { ManualTimerClock } from "../manual-timer-clock.ts";
import type { ProbeOutcome } from "./probe-target.ts";
import { ProbeWorker, type ProbeType } from "./probe-worker.ts";

const ok: ProbeOutcome = { result: "success", output: "" };
const bad: ProbeOutcome = { result: "failure", output: "HTTP probe failed with statuscode: 500" };
const warn: ProbeOutcome = { result: "warning", output: "Probe terminated redirects, Response body: " };
const errored: ProbeOutcome = { result: "unknown", output: "", error: "invalid port number: 0" };

interface Run {
  clock: ManualTimerClock;
  worker: ProbeWorker;
  abort: AbortController;
  /** "<seconds>s" per probe that ran. */
  probes: string[];
  /** "<seconds>s <result>" per verdict. */
  results: string[];
}

/** A worker whose probes answer from `script` in order (the last answer repeats). */
function start(type: ProbeType, probe: JsonObject, script: ProbeOutcome[], extra: { mayRun?: () => boolean; startedAt?: number; probeMs?: number } = {}): Run {
  const clock = new ManualTimerClock(0);
  const abort = new AbortController();
  const probes: string[] = [];
  const results: string[] = [];
  const at = () => `${clock.now().getTime() / 1000}s`;
  const answers = [...script];
  const worker = new ProbeWorker({
    type,
    probe,
    clock,
    startedAt: extra.startedAt ?? 0,
    signal: abort.signal,
    mayRun: extra.mayRun,
    run: async (signal) => {
      probes.push(at());
      if (extra.probeMs) await clock.sleep(extra.probeMs, signal);
      return answers.length > 1 ? answers.shift()! : answers[0];
    },
    onResult: (result) => results.push(`${at()} ${result}`),
  });
  return { clock, worker, abort, probes, results };
}

async function finish(r: Run): Promise<void> {
  r.abort.abort();
  await r.worker.done;
  assert.equal(r.clock.pending, 0, "timers left behind");
}

test("ProbeWorker probes first after initialDelaySeconds, then every periodSeconds", async () => {
  const r = start("readiness", { initialDelaySeconds: 5, periodSeconds: 10 }, [ok]);
  await r.clock.tick(4_999);
  assert.deepEqual(r.probes, []);
  await r.clock.tick(30_001);
  assert.deepEqual(r.probes, ["5s", "15s", "25s", "35s"]);
  assert.deepEqual(r.results, ["5s success", "15s success", "25s success", "35s success"]);
  await finish(r);
});

test("ProbeWorker counts initialDelaySeconds from the container's start", async () => {
  const r = start("readiness", { initialDelaySeconds: 10, periodSeconds: 10 }, [ok], { startedAt: -8_000 });
  await r.clock.tick(2_000);
  assert.deepEqual(r.probes, ["2s"]);
  await finish(r);
});

interface ThresholdCase {
  name: string;
  type: ProbeType;
  probe: JsonObject;
  script: ProbeOutcome[];
  seconds: number;
  results: string[];
  probes: number;
  ended?: boolean;
}

const thresholdCases: ThresholdCase[] = [
  {
    name: "liveness reports failure only at failureThreshold and then stops probing",
    type: "liveness",
    probe: { periodSeconds: 10, failureThreshold: 3 },
    script: [bad],
    seconds: 60,
    results: ["20s failure"],
    probes: 3,
    ended: true,
  },
  {
    name: "a success in between resets the failure run",
    type: "liveness",
    probe: { periodSeconds: 10, failureThreshold: 2 },
    script: [bad, ok, bad, bad],
    seconds: 30,
    results: ["10s success", "30s failure"],
    probes: 4,
    ended: true,
  },
  {
    name: "an errored probe counts for nothing",
    type: "liveness",
    probe: { periodSeconds: 10, failureThreshold: 3 },
    script: [bad, errored, bad, errored, bad],
    seconds: 40,
    results: ["40s failure"],
    probes: 5,
    ended: true,
  },
  {
    name: "readiness needs successThreshold successes and keeps probing after failure",
    type: "readiness",
    probe: { periodSeconds: 5, successThreshold: 2, failureThreshold: 2 },
    script: [ok, ok, bad, bad, ok],
    seconds: 30,
    results: ["5s success", "15s failure", "25s success", "30s success"],
    probes: 7,
  },
  {
    name: "a warning counts as a success",
    type: "readiness",
    probe: { periodSeconds: 10 },
    script: [warn],
    seconds: 0,
    results: ["0s success"],
    probes: 1,
  },
  {
    name: "startup ends once it succeeded",
    type: "startup",
    probe: { periodSeconds: 10, failureThreshold: 30 },
    script: [bad, bad, ok],
    seconds: 60,
    results: ["20s success"],
    probes: 3,
    ended: true,
  },
  {
    name: "defaults are period 10 s, failure threshold 3",
    type: "liveness",
    probe: {},
    script: [bad],
    seconds: 60,
    results: ["20s failure"],
    probes: 3,
    ended: true,
  },
];

for (const c of thresholdCases) {
  test(`ProbeWorker: ${c.name}`, async () => {
    const r = start(c.type, c.probe, c.script);
    let ended = false;
    void r.worker.done.then(() => (ended = true));
    await r.clock.tick(c.seconds * 1000);
    assert.deepEqual(r.results, c.results);
    assert.equal(r.probes.length, c.probes);
    assert.equal(ended, c.ended ?? false);
    await finish(r);
  });
}

test("ProbeWorker skips probes while mayRun() is false", async () => {
  let allowed = false;
  const r = start("liveness", { periodSeconds: 10 }, [ok], { mayRun: () => allowed });
  await r.clock.tick(25_000);
  assert.deepEqual(r.probes, []);
  allowed = true;
  await r.clock.tick(10_000);
  assert.deepEqual(r.probes, ["30s"]);
  await finish(r);
});

test("ProbeWorker.trigger() probes at once, but not within the initial delay", async () => {
  const r = start("readiness", { initialDelaySeconds: 10, periodSeconds: 10 }, [ok]);
  await r.clock.tick(3_000);
  r.worker.trigger();
  await r.clock.tick(0);
  assert.deepEqual(r.probes, []);
  await r.clock.tick(9_000);
  assert.deepEqual(r.probes, ["10s"]);
  r.worker.trigger();
  await r.clock.tick(0);
  assert.deepEqual(r.probes, ["10s", "12s"]);
  await r.clock.tick(8_000);
  assert.deepEqual(r.probes, ["10s", "12s", "20s"]);
  await finish(r);
});

test("ProbeWorker runs again at once after a probe longer than the period, then keeps its beat", async () => {
  const r = start("readiness", { periodSeconds: 10 }, [ok], { probeMs: 15_000 });
  await r.clock.tick(50_000);
  assert.deepEqual(r.probes, ["0s", "15s", "30s", "45s"]);
  await finish(r);
});

test("ProbeWorker ends when its signal aborts mid-probe, reporting nothing", async () => {
  const r = start("liveness", { periodSeconds: 10, failureThreshold: 1 }, [bad], { probeMs: 5_000 });
  await r.clock.tick(1_000);
  await finish(r);
  assert.deepEqual(r.results, []);
});
