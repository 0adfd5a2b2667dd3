import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import type { JsonObject } from "../../api/validation/json-access.ts";
import { FakeEventRecorder } from "../../client/event-recorder.ts";
import { ManualTimerClock } from "../manual-timer-clock.ts";
import { FakeProcess, ScriptedTarget, type ExecStep } from "./_scripted-target.ts";
import { runLifecycleHandler } from "./lifecycle-handler.ts";
import { gracefulStop, runPostStart, type GracefulStopResult } from "./lifecycle-hooks.ts";

const pod: KubeObject = { metadata: { name: "web-0", namespace: "db", uid: "u1" }, spec: { terminationGracePeriodSeconds: 30 } };

function context(container: JsonObject, script: Record<string, ExecStep[]> = {}) {
  const clock = new ManualTimerClock(0);
  const target = new ScriptedTarget(clock, "");
  for (const [command, steps] of Object.entries(script)) target.on(command, ...steps);
  const events = new FakeEventRecorder();
  return { clock, target, events, ctx: { clock, target, pod, container: { name: "web", ...container }, events } };
}

test("runLifecycleHandler() reports failures with upstream's messages", async () => {
  const cases: Array<[string, JsonObject, Record<string, ExecStep[]>, string | undefined]> = [
    ["exec exit 0", { exec: { command: ["touch", "/ready"] } }, { "touch /ready": [{ exitCode: 0, output: "" }] }, undefined],
    [
      "exec non-zero exit",
      { exec: { command: ["sh", "-c", "exit 3"] } },
      { "sh -c exit 3": [{ exitCode: 3, output: "out\nerr\n", stderr: "err\n" }] },
      `Exec lifecycle hook ([sh -c exit 3]) for Container "web" in Pod "web-0_db(u1)" failed - error: command 'sh -c exit 3' exited with 3: err\n, message: "out\\nerr\\n"`,
    ],
    [
      "exec the runtime refuses",
      { exec: { command: ["nope"] } },
      { nope: [{ refuse: "container not running" }] },
      `Exec lifecycle hook ([nope]) for Container "web" in Pod "web-0_db(u1)" failed - error: container not running, message: ""`,
    ],
    ["httpGet without a pod IP", { httpGet: { path: "/stop", port: 80 } }, {}, `HTTP lifecycle hook (/stop) for Container "web" in Pod "web-0_db(u1)" failed - error: failed to find networking container: the pod has no IP`],
    ["tcpSocket never runs", { tcpSocket: { port: 80 } }, {}, 'Cannot run handler: invalid handler: {"tcpSocket":{"port":80}}'],
  ];
  for (const [name, handler, script, want] of cases) {
    const { ctx } = context({}, script);
    assert.equal(await runLifecycleHandler(handler, ctx), want, name);
  }
});

test("runLifecycleHandler() sleep waits on the clock and stops when aborted", async () => {
  const { clock, ctx } = context({});
  let done = false;
  const sleeping = runLifecycleHandler({ sleep: { seconds: 5 } }, ctx).then((r) => (done = r === undefined));
  await clock.tick(4_999);
  assert.equal(done, false);
  await clock.tick(1);
  await sleeping;
  assert.equal(done, true);
  const abort = new AbortController();
  const cut = runLifecycleHandler({ sleep: { seconds: 5 } }, { ...ctx, signal: abort.signal });
  abort.abort();
  await assert.rejects(cut, { name: "AbortError" });
  assert.equal(clock.pending, 0);
});

interface StopCase {
  name: string;
  preStop?: JsonObject;
  script?: Record<string, ExecStep[]>;
  grace: number;
  /** When the process exits after the stop signal; undefined: it ignores it. */
  exitAfterMs?: number;
  runPreStop?: boolean;
  stopSignal?: string;
  /** Abort the stop's signal this long after it began. */
  abortAtMs?: number;
  signals: string[];
  result: GracefulStopResult;
  events?: string[];
}

const stopCases: StopCase[] = [
  { name: "TERM, and the process exits in time", grace: 30, exitAfterMs: 3_000, signals: ["SIGTERM@0s"], result: { killed: false } },
  { name: "TERM, then KILL when the grace period runs out", grace: 30, signals: ["SIGTERM@0s", "SIGKILL@30s"], result: { killed: true } },
  {
    name: "preStop runs first and its time comes off the grace period",
    preStop: { exec: { command: ["drain"] } },
    script: { drain: [{ exitCode: 0, output: "", delayMs: 5_000 }] },
    grace: 30,
    signals: ["SIGTERM@5s", "SIGKILL@30s"],
    result: { preStop: "completed", killed: true },
  },
  {
    name: "only whole seconds of preStop are taken off, as upstream truncates",
    preStop: { exec: { command: ["drain"] } },
    script: { drain: [{ exitCode: 0, output: "", delayMs: 2_500 }] },
    grace: 10,
    signals: ["SIGTERM@2.5s", "SIGKILL@10.5s"],
    result: { preStop: "completed", killed: true },
  },
  {
    name: "a preStop that outlasts the grace period is cut off; the process still gets 2 s",
    preStop: { exec: { command: ["drain"] } },
    script: { drain: [{ hang: true }] },
    grace: 10,
    signals: ["SIGTERM@10s", "SIGKILL@12s"],
    result: { preStop: "timed out", killed: true },
  },
  {
    name: "a preStop sleep action uses the budget",
    preStop: { sleep: { seconds: 8 } },
    grace: 10,
    exitAfterMs: 1_000,
    signals: ["SIGTERM@8s"],
    result: { preStop: "completed", killed: false },
  },
  {
    name: "a failing preStop records FailedPreStopHook and the stop goes on",
    preStop: { exec: { command: ["drain"] } },
    script: { drain: [{ exitCode: 1, output: "boom" }] },
    grace: 30,
    exitAfterMs: 0,
    signals: ["SIGTERM@0s"],
    result: { preStop: "failed", killed: false },
    events: ["Warning FailedPreStopHook PreStopHook failed"],
  },
  { name: "a grace period of 0 kills at once without preStop", preStop: { sleep: { seconds: 5 } }, grace: 0, signals: ["SIGKILL@0s"], result: { killed: true } },
  { name: "runPreStop false skips preStop", preStop: { sleep: { seconds: 5 } }, runPreStop: false, grace: 30, exitAfterMs: 0, signals: ["SIGTERM@0s"], result: { killed: false } },
  { name: "the container's stop signal replaces SIGTERM", grace: 30, stopSignal: "SIGQUIT", exitAfterMs: 0, signals: ["SIGQUIT@0s"], result: { killed: false } },
  { name: "aborting cuts the grace period short", grace: 30, abortAtMs: 4_000, signals: ["SIGTERM@0s", "SIGKILL@4s"], result: { killed: true } },
  {
    name: "aborting during preStop kills at once",
    preStop: { sleep: { seconds: 20 } },
    grace: 30,
    abortAtMs: 3_000,
    signals: ["SIGKILL@3s"],
    result: { preStop: "interrupted", killed: true },
  },
];

for (const c of stopCases) {
  test(`gracefulStop(): ${c.name}`, async () => {
    const { clock, events, ctx } = context(c.preStop ? { lifecycle: { preStop: c.preStop } } : {}, c.script);
    const proc = new FakeProcess(clock, c.exitAfterMs);
    const abort = new AbortController();
    if (c.abortAtMs !== undefined) clock.after(c.abortAtMs, () => abort.abort());
    const stopping = gracefulStop({ ...ctx, signal: abort.signal }, c.grace, {
      sendSignal: (s) => proc.sendSignal(s),
      waitExit: (s) => proc.waitExit(s),
      runPreStop: c.runPreStop,
      stopSignal: c.stopSignal,
    });
    await clock.tick(60_000);
    assert.deepEqual(await stopping, c.result);
    assert.deepEqual(proc.signals.map((s) => `${s.signal}@${s.at / 1000}s`), c.signals);
    assert.equal(proc.exited, true);
    assert.deepEqual(events.events, c.events ?? []);
    assert.equal(clock.pending, 0);
  });
}

test("runPostStart() returns nothing when there is no hook or it succeeds", async () => {
  assert.equal(await runPostStart(context({}).ctx), undefined);
  const { ctx, target } = context({ lifecycle: { postStart: { exec: { command: ["init"] } } } }, { init: [{ exitCode: 0, output: "" }] });
  assert.equal(await runPostStart(ctx), undefined);
  assert.deepEqual(target.calls.map((c) => c.command), ["init"]);
});

test("runPostStart() failing records FailedPostStartHook, kills the container and returns the message", async () => {
  const { clock, events, ctx } = context(
    { lifecycle: { postStart: { exec: { command: ["init"] } }, preStop: { exec: { command: ["drain"] } } } },
    { init: [{ exitCode: 1, output: "nope\n", stderr: "nope\n" }], drain: [{ exitCode: 0, output: "" }] },
  );
  const proc = new FakeProcess(clock, 1_000);
  const running = runPostStart(ctx, { sendSignal: (s) => proc.sendSignal(s), waitExit: (s) => proc.waitExit(s) });
  await clock.tick(5_000);
  assert.equal(await running, `Exec lifecycle hook ([init]) for Container "web" in Pod "web-0_db(u1)" failed - error: command 'init' exited with 1: nope\n, message: "nope\\n"`);
  assert.deepEqual(events.events, ["Warning FailedPostStartHook PostStartHook failed", "Normal Killing FailedPostStartHook"]);
  assert.deepEqual(proc.signals.map((s) => s.signal), ["SIGTERM"]);
  assert.equal(proc.exited, true);
});
