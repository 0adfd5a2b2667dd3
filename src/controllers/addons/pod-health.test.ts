import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { NOW, claim, claimsOf, pod, waitingContainer } from "./_fixtures.ts";
import { podProblem, type PodProblem } from "./pod-health.ts";

interface Case {
  name: string;
  pod: KubeObject;
  minReadySeconds?: number;
  claims?: Map<string, KubeObject>;
  want: PodProblem | undefined;
}

const cases: Case[] = [
  { name: "a Running and Ready pod has no problem", pod: pod(0), want: undefined },
  { name: "terminating wins over everything else", pod: pod(0, { terminating: true, ready: false }), want: { message: "web-0 is Terminating" } },
  {
    name: "a pod being created says so",
    pod: pod(0, { phase: "Pending", ready: false, containers: [waitingContainer("ContainerCreating")] }),
    want: { message: "web-0 is Pending: ContainerCreating" },
  },
  { name: "a pod without status reads as Pending", pod: pod(0, { phase: "", ready: false, conditions: [] }), want: { message: "web-0 is Pending" } },
  {
    name: "an image pull failure carries its message",
    pod: pod(1, { phase: "Pending", ready: false, containers: [waitingContainer("ErrImagePull", 'failed to pull image "nginx:bad": not found')] }),
    want: { message: 'web-1 is Pending: ErrImagePull: failed to pull image "nginx:bad": not found' },
  },
  {
    name: "an unscheduled pod quotes the scheduler",
    pod: pod(0, { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/1 nodes are available" }] }),
    want: { message: "web-0 is Pending: Unschedulable: 0/1 nodes are available" },
  },
  {
    name: "an unbound claim explains a Pending pod first",
    pod: pod(0, { phase: "Pending", claims: ["www"], conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable" }] }),
    claims: claimsOf(claim("www-web-0", { phase: "Pending" })),
    want: { message: "web-0 is Pending: waiting for claim www-web-0 to be bound" },
  },
  {
    name: "a missing claim explains a Pending pod",
    pod: pod(0, { phase: "Pending", claims: ["www"] }),
    claims: claimsOf(),
    want: { message: "web-0 is Pending: waiting for claim www-web-0 to be created" },
  },
  {
    name: "a bound claim is not a reason",
    pod: pod(0, { phase: "Pending", claims: ["www"], containers: [waitingContainer("ContainerCreating")] }),
    claims: claimsOf(claim("www-web-0")),
    want: { message: "web-0 is Pending: ContainerCreating" },
  },
  {
    name: "a failing init container names itself when the pod has several containers",
    pod: pod(0, {
      phase: "Pending",
      ready: false,
      initContainers: [{ name: "init", ready: false, state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 20s" } }, lastState: { terminated: { exitCode: 2, reason: "Error" } } }],
      containers: [waitingContainer("PodInitializing")],
    }),
    want: { message: "web-0 is Pending: container init: CrashLoopBackOff: exited with code 2 (Error)" },
  },
  {
    name: "a crash loop is described by its last exit, not the changing back-off",
    pod: pod(1, { ready: false, containers: [waitingContainer("CrashLoopBackOff", "back-off 40s restarting failed container", { lastState: { terminated: { exitCode: 1, reason: "Error" } } })] }),
    want: { message: "web-1 is not Ready: CrashLoopBackOff: exited with code 1 (Error)" },
  },
  {
    name: "a running but unready container falls back to the Ready condition message",
    pod: pod(1, { ready: false, readyMessage: "readiness probe failed: connection refused", containers: [{ name: "nginx", ready: false, state: { running: {} } }] }),
    want: { message: "web-1 is not Ready: readiness probe failed: connection refused" },
  },
  {
    name: "a Ready condition without a message gives its reason",
    pod: pod(1, { conditions: [{ type: "Ready", status: "False", reason: "ReadinessGatesNotReady" }] }),
    want: { message: "web-1 is not Ready: ReadinessGatesNotReady" },
  },
  {
    name: "an evicted pod quotes the eviction",
    pod: pod(2, { phase: "Failed", ready: false, status: { reason: "Evicted", message: "The node was low on resource: memory." } }),
    want: { message: "web-2 is Failed: Evicted: The node was low on resource: memory." },
  },
  {
    name: "a pod Ready for less than minReadySeconds is not available yet",
    pod: pod(2, { readySince: "2025-01-01T00:09:50Z" }),
    minReadySeconds: 30,
    want: { message: "web-2 is not available yet (minReadySeconds 30)", recheckAfterMs: 20_000 },
  },
  { name: "a pod Ready for exactly minReadySeconds is available", pod: pod(2, { readySince: "2025-01-01T00:09:30Z" }), minReadySeconds: 30, want: undefined },
  {
    name: "long details are cut to one short line",
    pod: pod(0, { phase: "Pending", containers: [waitingContainer("ErrImagePull", `x\n${"y".repeat(400)}`)] }),
    want: { message: `web-0 is Pending: ErrImagePull: x ${"y".repeat(300 - "ErrImagePull: x ".length - 1)}…` },
  },
];

for (const c of cases) {
  test(`podProblem() ${c.name}`, () => {
    assert.deepEqual(podProblem(c.pod, c.minReadySeconds ?? 0, NOW, c.claims), c.want);
  });
}
