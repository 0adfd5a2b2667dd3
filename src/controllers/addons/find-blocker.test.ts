import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { NOW, claim, claimsOf, pod, statefulSet, waitingContainer, type SetOptions } from "./_fixtures.ts";
import { findBlocker, type WaitState } from "./find-blocker.ts";

interface Case {
  name: string;
  set?: SetOptions;
  pods: KubeObject[];
  claims?: Map<string, KubeObject>;
  want: WaitState;
}

const clear: WaitState = { kind: "clear" };
const waiting = (pod: string, message: string, recheckAfterMs?: number): WaitState =>
  recheckAfterMs === undefined ? { kind: "waiting", pod, message } : { kind: "waiting", pod, message, recheckAfterMs };
const imagePull = waitingContainer("ErrImagePull", 'failed to pull image "nginx:bad": not found');
const parallel: SetOptions = { policy: "Parallel" };
const rollout: SetOptions = { current: "web-a", update: "web-b" };

const orderedReady: Case[] = [
  { name: "all pods healthy at the update revision is clear", pods: [pod(0), pod(1), pod(2)], want: clear },
  { name: "a spec the controller has not observed yet is unknown", set: { generation: 2, observedGeneration: 1 }, pods: [pod(0, { ready: false })], want: { kind: "unknown" } },
  { name: "a set that was never synced is unknown", set: { observedGeneration: 0 }, pods: [], want: { kind: "unknown" } },
  { name: "a set being deleted is unknown", set: { deleting: true }, pods: [pod(0, { ready: false })], want: { kind: "unknown" } },
  { name: "a missing pod after healthy ones is being created, not waited for", pods: [pod(0)], want: clear },
  {
    name: "a starting pod holds back its successors",
    pods: [pod(0, { phase: "Pending", ready: false, containers: [waitingContainer("ContainerCreating")] })],
    want: waiting("web-0", "web-0 is Pending: ContainerCreating"),
  },
  {
    name: "the lowest unready pod is the one named",
    pods: [pod(0), pod(1, { ready: false, readyMessage: "readiness probe failed: connection refused" }), pod(2, { ready: false })],
    want: waiting("web-1", "web-1 is not Ready: readiness probe failed: connection refused"),
  },
  { name: "a terminating pod blocks until it is gone", pods: [pod(0), pod(1, { terminating: true }), pod(2)], want: waiting("web-1", "web-1 is Terminating") },
  {
    name: "a failed pod is reported while it is replaced",
    pods: [pod(0), pod(1, { phase: "Failed", ready: false, status: { reason: "Evicted", message: "low on memory" } })],
    want: waiting("web-1", "web-1 is Failed: Evicted: low on memory; it is being replaced"),
  },
  {
    name: "a pod inside minReadySeconds blocks and asks for a recheck",
    set: { minReadySeconds: 30 },
    pods: [pod(0), pod(1, { readySince: "2025-01-01T00:09:45Z" })],
    want: waiting("web-1", "web-1 is not available yet (minReadySeconds 30)", 15_000),
  },
  {
    name: "a Pending pod waits for its claim to be bound",
    set: { claims: ["www"] },
    pods: [pod(0, { phase: "Pending", ready: false, claims: ["www"] })],
    claims: claimsOf(claim("www-web-0", { phase: "Pending" })),
    want: waiting("web-0", "web-0 is Pending: waiting for claim www-web-0 to be bound"),
  },
  {
    name: "a claim being deleted keeps its pod from being created",
    set: { claims: ["www"] },
    pods: [pod(0)],
    claims: claimsOf(claim("www-web-0"), claim("www-web-1", { deleting: true })),
    want: waiting("web-1", "web-1 cannot be created: claim www-web-1 is being deleted"),
  },
  {
    name: "a claim still owned by an old pod blocks creation when whenScaled is Delete",
    set: { claims: ["www"], whenScaled: "Delete" },
    pods: [pod(0)],
    claims: claimsOf(claim("www-web-0"), claim("www-web-1", { podOwner: "web-1" })),
    want: waiting("web-1", "web-1 cannot be created: claim www-web-1 still belongs to the previous web-1 and is waiting for garbage collection"),
  },
  {
    name: "a claim owned by an old pod is ignored when whenScaled is Retain",
    set: { claims: ["www"] },
    pods: [pod(0)],
    claims: claimsOf(claim("www-web-0"), claim("www-web-1", { podOwner: "web-1" })),
    want: clear,
  },
  { name: "ordinals.start shifts the names walked", set: { start: 2, replicas: 2 }, pods: [pod(2), pod(3, { ready: false })], want: waiting("web-3", "web-3 is not Ready: containers with unready status: [nginx]") },
  { name: "scale-down of a healthy pod is progress", set: { replicas: 2 }, pods: [pod(0), pod(1), pod(2)], want: clear },
  { name: "scale-down waits for the condemned pod to terminate", set: { replicas: 2 }, pods: [pod(0), pod(1), pod(2, { terminating: true })], want: waiting("web-2", "web-2 is Terminating") },
  {
    name: "scale-down deletes the first unhealthy condemned pod",
    set: { replicas: 2 },
    pods: [pod(0), pod(1), pod(2, { ready: false })],
    want: clear,
  },
  {
    name: "scale-down halts at an unhealthy pod that is not the first unhealthy one",
    set: { replicas: 1 },
    pods: [pod(0), pod(1, { ready: false }), pod(2, { ready: false, containers: [imagePull] })],
    want: waiting("web-2", 'web-2 is not Ready: ErrImagePull: failed to pull image "nginx:bad": not found'),
  },
  { name: "a rolling update replacing an old pod is progress", set: rollout, pods: [pod(0), pod(1), pod(2, { rev: "web-b" })], want: clear },
  { name: "a partition is not a block", set: { ...rollout, strategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } } }, pods: [pod(0), pod(1), pod(2, { rev: "web-b" })], want: clear },
  { name: "OnDelete never waits on old pods", set: { ...rollout, strategy: { type: "OnDelete" } }, pods: [pod(0), pod(1), pod(2)], want: clear },
  {
    name: "a never-Ready pod of an abandoned revision blocks the rollback",
    set: { current: "web-a", update: "web-a" },
    pods: [pod(0), pod(1), pod(2, { rev: "web-b", phase: "Pending", ready: false, containers: [imagePull] })],
    want: waiting("web-2", 'web-2 is Pending: ErrImagePull: failed to pull image "nginx:bad": not found'),
  },
];

const parallelCases: Case[] = [
  { name: "Parallel does not wait for readiness while scaling", set: parallel, pods: [pod(0, { ready: false }), pod(1, { phase: "Pending", ready: false })], want: clear },
  { name: "Parallel waits for a terminating pod to free its name", set: parallel, pods: [pod(0), pod(1, { terminating: true }), pod(2)], want: waiting("web-1", "web-1 is Terminating") },
  { name: "Parallel scale-down does not wait for unhealthy pods", set: { ...parallel, replicas: 1 }, pods: [pod(0), pod(1, { ready: false }), pod(2, { ready: false })], want: clear },
  {
    name: "a Parallel rolling update waits for the updated pod to become Ready",
    set: { ...parallel, ...rollout },
    pods: [pod(0), pod(1), pod(2, { rev: "web-b", ready: false, containers: [imagePull] })],
    want: waiting("web-2", 'web-2 is not Ready: ErrImagePull: failed to pull image "nginx:bad": not found'),
  },
  {
    name: "an unready updated pod with nothing left to update is not a block",
    set: { ...parallel, ...rollout },
    pods: [pod(0, { rev: "web-b" }), pod(1, { rev: "web-b" }), pod(2, { rev: "web-b", ready: false })],
    want: clear,
  },
  {
    name: "an unready updated pod above the partition with only older pods below it is not a block",
    set: { ...parallel, ...rollout, strategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } } },
    pods: [pod(0), pod(1), pod(2, { rev: "web-b", ready: false })],
    want: clear,
  },
  {
    name: "maxUnavailable reached names the unavailable pod",
    set: { ...parallel, ...rollout, strategy: { type: "RollingUpdate", rollingUpdate: { partition: 0, maxUnavailable: 1 } } },
    pods: [pod(0), pod(1), pod(2, { rev: "web-b", ready: false })],
    want: waiting("web-2", "web-2 is not Ready: containers with unready status: [nginx] (maxUnavailable 1 reached)"),
  },
  {
    name: "maxUnavailable with budget left is progress",
    set: { ...parallel, ...rollout, strategy: { type: "RollingUpdate", rollingUpdate: { partition: 0, maxUnavailable: "67%" } } },
    pods: [pod(0), pod(1), pod(2, { rev: "web-b", ready: false })],
    want: clear,
  },
  {
    name: "maxUnavailable never holds back replacing an unavailable old pod",
    set: { ...parallel, ...rollout, strategy: { type: "RollingUpdate", rollingUpdate: { partition: 0, maxUnavailable: 1 } } },
    pods: [pod(0), pod(1, { ready: false }), pod(2, { rev: "web-b" })],
    want: clear,
  },
  {
    name: "maxUnavailable counts a missing pod as unavailable",
    set: { ...parallel, ...rollout, strategy: { type: "RollingUpdate", rollingUpdate: { partition: 0, maxUnavailable: 1 } } },
    pods: [pod(0), pod(1)],
    want: waiting("web-2", "web-2 does not exist yet (maxUnavailable 1 reached)"),
  },
];

for (const c of [...orderedReady, ...parallelCases]) {
  test(`findBlocker() ${c.name}`, () => {
    assert.deepEqual(findBlocker(statefulSet(c.set), c.pods, c.claims ?? new Map(), NOW), c.want);
  });
}

test("findBlocker() ignores pods whose names are not ordinals of the set", () => {
  const stranger = { ...pod(0, { ready: false }), metadata: { ...pod(0).metadata, name: "web-x" } };
  const padded = { ...pod(1, { ready: false }), metadata: { ...pod(1).metadata, name: "web-01" } };
  assert.deepEqual(findBlocker(statefulSet({ replicas: 1 }), [pod(0), stranger, padded], new Map(), NOW), clear);
});
