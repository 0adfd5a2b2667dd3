import assert from "node:assert/strict";
import { test } from "node:test";
import { PodLatencyLog, type PodWatchObject } from "./pods-latency.ts";

const pod = (name: string, phase?: string, podIP?: string, ready = false): PodWatchObject => ({
  metadata: { name },
  status: { phase, podIP, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});

test("PodLatencyLog.latencies() counts from the create to the first Running with an IP and the first Ready", () => {
  const log = new PodLatencyLog();
  log.created("a", 100);
  log.observe(pod("a", "Pending"), 110);
  log.observe(pod("a", "Running"), 120); // no IP yet
  log.observe(pod("a", "Running", "10.0.0.2"), 150);
  log.observe(pod("a", "Running", "10.0.0.2", true), 170);
  log.observe(pod("a", "Running", "10.0.0.2", true), 900);
  assert.deepEqual(log.latencies(["a"]), { running: [50], ready: [70], missing: [] });
  assert.equal(log.isReady("a"), true);
});

test("PodLatencyLog.latencies() names the pods that never became Ready or were never created", () => {
  const log = new PodLatencyLog();
  log.created("a", 0);
  log.observe(pod("a", "Running", "10.0.0.2"), 40);
  log.observe(pod("b", "Running", "10.0.0.3", true), 50);
  assert.deepEqual(log.latencies(["a", "b"]), { running: [40], ready: [], missing: ["a", "b"] });
  assert.equal(log.isReady("a"), false);
});

test("PodLatencyLog.lastReady() is the latest Ready of all the pods, NaN while one is missing", () => {
  const log = new PodLatencyLog();
  for (const n of ["a", "b"]) log.created(n, 0);
  log.observe(pod("b", "Running", "10.0.0.3", true), 80);
  assert.ok(Number.isNaN(log.lastReady(["a", "b"])));
  log.observe(pod("a", "Running", "10.0.0.2", true), 60);
  assert.equal(log.lastReady(["a", "b"]), 80);
});
