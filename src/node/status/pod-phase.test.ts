import { test } from "node:test";
import assert from "node:assert/strict";
import { podPhase } from "./pod-phase.ts";

const running = (name: string, extra = {}) => ({ name, state: { running: {} }, ...extra });
const waiting = (name: string, reason: string, lastExit?: number) => ({
  name,
  state: { waiting: { reason } },
  ...(lastExit !== undefined ? { lastState: { terminated: { exitCode: lastExit } } } : {}),
});
const exited = (name: string, exitCode: number) => ({ name, state: { terminated: { exitCode } } });

test("podPhase() follows the kubelet's rules", () => {
  const one = { containers: [{ name: "a" }] };
  const two = { containers: [{ name: "a" }, { name: "b" }] };
  const withInit = { initContainers: [{ name: "i" }], containers: [{ name: "a" }] };
  const withSidecar = { initContainers: [{ name: "s", restartPolicy: "Always" }], containers: [{ name: "a" }] };
  const cases = [
    { name: "no statuses", spec: one, statuses: [], want: "Pending" },
    { name: "creating", spec: one, statuses: [waiting("a", "ContainerCreating")], want: "Pending" },
    { name: "running", spec: one, statuses: [running("a")], want: "Running" },
    { name: "one of two running", spec: two, statuses: [running("a"), waiting("b", "ContainerCreating")], want: "Pending" },
    { name: "crash loop under Always", spec: one, statuses: [waiting("a", "CrashLoopBackOff", 1)], want: "Running" },
    { name: "exited 0 under Always restarts", spec: one, statuses: [exited("a", 0)], want: "Running" },
    { name: "exited 0 under Never", spec: { ...one, restartPolicy: "Never" }, statuses: [exited("a", 0)], want: "Succeeded" },
    { name: "exited 1 under Never", spec: { ...one, restartPolicy: "Never" }, statuses: [exited("a", 1)], want: "Failed" },
    { name: "exited 1 under OnFailure restarts", spec: { ...one, restartPolicy: "OnFailure" }, statuses: [exited("a", 1)], want: "Running" },
    { name: "terminal after deletion, clean", spec: one, statuses: [exited("a", 0)], terminal: true, want: "Succeeded" },
    { name: "terminal after deletion, killed", spec: one, statuses: [exited("a", 137)], terminal: true, want: "Failed" },
    { name: "init running", spec: withInit, statuses: [running("i"), waiting("a", "PodInitializing")], want: "Pending" },
    { name: "init done", spec: withInit, statuses: [exited("i", 0), running("a")], want: "Running" },
    { name: "init failed under Never", spec: { ...withInit, restartPolicy: "Never" }, statuses: [exited("i", 1), waiting("a", "PodInitializing")], want: "Failed" },
    { name: "sidecar not started", spec: withSidecar, statuses: [running("s"), waiting("a", "PodInitializing")], want: "Pending" },
    { name: "sidecar and app running", spec: withSidecar, statuses: [running("s", { started: true }), running("a")], want: "Running" },
  ];
  for (const c of cases) assert.equal(podPhase(c.spec, c.statuses, c.terminal ?? false), c.want, c.name);
});
