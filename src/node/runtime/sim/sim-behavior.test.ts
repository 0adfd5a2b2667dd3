import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultSimDelays, simBehavior, simDelaysFromEnv } from "./sim-behavior.ts";

const withAnnotations = (annotations: Record<string, string>) => simBehavior({ metadata: { annotations } }, defaultSimDelays);

test("simBehavior() reads the sim annotations", () => {
  const cases: Array<[string, Record<string, string>, Record<string, unknown>]> = [
    ["defaults", {}, { createDelayMs: 50, readyDelayMs: 50, neverReady: false, readinessFailure: undefined, crashAfterMs: undefined, exitCode: 1, stopDelayMs: 0 }],
    ["start delay", { "sim.ordinal.dev/start-delay-ms": "0" }, { createDelayMs: 0 }],
    ["ready delay", { "sim.ordinal.dev/ready-delay-ms": "2500" }, { readyDelayMs: 2500 }],
    ["never ready", { "sim.ordinal.dev/never-ready": "true" }, { neverReady: true }],
    ["readiness fail", { "sim.ordinal.dev/readiness": "fail" }, { readinessFailure: 'Readiness probe failed: sim.ordinal.dev/readiness is "fail"' }],
    ["crash", { "sim.ordinal.dev/crash-after-seconds": "1.5" }, { crashAfterMs: 1500, exitCode: 1 }],
    ["crash with code", { "sim.ordinal.dev/crash-after-seconds": "3", "sim.ordinal.dev/exit-code": "0" }, { crashAfterMs: 3000, exitCode: 0 }],
    ["exit code alone exits at once", { "sim.ordinal.dev/exit-code": "2" }, { crashAfterMs: 0, exitCode: 2 }],
    ["stop delay", { "sim.ordinal.dev/stop-delay-ms": "700" }, { stopDelayMs: 700 }],
    ["start error", { "sim.ordinal.dev/start-error": "CreateContainerConfigError" }, { startError: "CreateContainerConfigError" }],
  ];
  for (const [name, annotations, want] of cases) {
    const got = withAnnotations(annotations) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(want)) assert.equal(got[k], v, `${name}: ${k}`);
  }
});

test("simBehavior() names a bad annotation", () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ "sim.ordinal.dev/crash-after-seconds": "-1" }, /crash-after-seconds: "-1" is not a number >= 0/],
    [{ "sim.ordinal.dev/exit-code": "1.5" }, /exit-code: "1.5" is not an integer >= 0/],
    [{ "sim.ordinal.dev/never-ready": "yes" }, /never-ready: "yes" is not supported \(use "true"\)/],
    [{ "sim.ordinal.dev/readiness": "ok" }, /readiness: "ok" is not supported \(use "fail"\)/],
    [{ "sim.ordinal.dev/stop-delay-ms": "" }, /stop-delay-ms: "" is not a number/],
    [{ "sim.ordinal.dev/start-error": "Nope" }, /start-error: "Nope" is not supported \(use one of ErrImagePull, ErrImageNeverPull, InvalidImageName, CreateContainerConfigError, CreateContainerError\)/],
  ];
  for (const [annotations, want] of cases) assert.throws(() => withAnnotations(annotations), want);
});

test("simDelaysFromEnv() reads ORDINAL_SIM_* and allows 0", () => {
  assert.deepEqual(simDelaysFromEnv({ ORDINAL_SIM_CREATE_DELAY_MS: "0", ORDINAL_SIM_READY_DELAY_MS: "5", ORDINAL_SIM_INIT_DURATION_MS: "" }), {
    createDelayMs: 0,
    readyDelayMs: 5,
  });
  assert.throws(() => simDelaysFromEnv({ ORDINAL_SIM_READY_DELAY_MS: "fast" }), /ORDINAL_SIM_READY_DELAY_MS: "fast" is not a number of milliseconds >= 0/);
});
