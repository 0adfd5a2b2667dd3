import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { pod, statefulSet, waitingContainer, type SetOptions } from "./_fixtures.ts";
import { HEAL_ANNOTATION, findStuckPod } from "./find-stuck-pod.ts";

interface Case {
  name: string;
  set: SetOptions;
  pods: KubeObject[];
  /** The pod to delete, or undefined for none. */
  want: string | undefined;
}

const broken = { rev: "web-b", phase: "Pending", ready: false, containers: [waitingContainer("ImagePullBackOff", 'Back-off pulling image "nginx:bad"')] };
const reverted: SetOptions = { current: "web-a", update: "web-a" };
const fixedForward: SetOptions = { current: "web-a", update: "web-c" };
const healthy = [pod(0), pod(1)];

const cases: Case[] = [
  { name: "deletes a never-Ready pod left behind by a reverted rollout", set: reverted, pods: [...healthy, pod(2, broken)], want: "web-2" },
  { name: "deletes a never-Ready pod left behind when the rollout is fixed forward", set: fixedForward, pods: [...healthy, pod(2, broken)], want: "web-2" },
  { name: "deletes a Running but unready pod of an abandoned revision", set: fixedForward, pods: [...healthy, pod(2, { rev: "web-b", ready: false })], want: "web-2" },
  { name: "never touches an unready pod at the current revision", set: fixedForward, pods: [...healthy, pod(2, { ready: false })], want: undefined },
  { name: "never touches an unready pod at the update revision", set: fixedForward, pods: [...healthy, pod(2, { ...broken, rev: "web-c" })], want: undefined },
  { name: "leaves a Ready pod of an old revision to the rolling update", set: fixedForward, pods: [...healthy, pod(2, { rev: "web-b" })], want: undefined },
  { name: "leaves a terminating pod alone", set: reverted, pods: [...healthy, pod(2, { ...broken, terminating: true })], want: undefined },
  { name: "leaves a Failed pod to the StatefulSet controller", set: reverted, pods: [...healthy, pod(2, { ...broken, phase: "Failed" })], want: undefined },
  { name: "does nothing for Parallel", set: { ...reverted, policy: "Parallel" }, pods: [...healthy, pod(2, broken)], want: undefined },
  { name: "does nothing for OnDelete", set: { ...reverted, strategy: { type: "OnDelete" } }, pods: [...healthy, pod(2, broken)], want: undefined },
  { name: "waits until the controller observed the latest generation", set: { ...reverted, generation: 3, observedGeneration: 2 }, pods: [...healthy, pod(2, broken)], want: undefined },
  { name: "does nothing while the set is being deleted", set: { ...reverted, deleting: true }, pods: [...healthy, pod(2, broken)], want: undefined },
  { name: "does nothing when the set opts out", set: { ...reverted, annotations: { [HEAL_ANNOTATION]: "false" } }, pods: [...healthy, pod(2, broken)], want: undefined },
  { name: "does nothing before the controller wrote revisions", set: { current: "", update: "" }, pods: [...healthy, pod(2, broken)], want: undefined },
  { name: "ignores a pod without a revision label", set: reverted, pods: [...healthy, pod(2, { ...broken, rev: "" })], want: undefined },
  { name: "ignores a pod controlled by another owner", set: reverted, pods: [...healthy, pod(2, { ...broken, owner: "uid-other" })], want: undefined },
  { name: "ignores condemned pods beyond the replica count", set: { ...reverted, replicas: 2 }, pods: [...healthy, pod(2, broken)], want: undefined },
  { name: "deletes the lowest stuck ordinal first, one at a time", set: fixedForward, pods: [pod(0), pod(1, broken), pod(2, broken)], want: "web-1" },
  { name: "honours ordinals.start", set: { ...reverted, start: 5, replicas: 2 }, pods: [pod(5), pod(6, broken)], want: "web-6" },
];

for (const c of cases) {
  test(`findStuckPod() ${c.name}`, () => {
    assert.equal(findStuckPod(statefulSet(c.set), c.pods)?.pod.metadata.name, c.want);
  });
}

test("findStuckPod() explains the pod, its revision and why in the message", () => {
  assert.equal(
    findStuckPod(statefulSet(fixedForward), [...healthy, pod(2, broken)])?.message,
    'Deleted pod web-2: not Ready (ImagePullBackOff: Back-off pulling image "nginx:bad") at revision web-b, ' +
      "which is neither the current revision web-a nor the update revision web-c; OrderedReady would wait forever for this pod of an abandoned rollout",
  );
  assert.equal(
    findStuckPod(statefulSet(reverted), [...healthy, pod(2, { rev: "web-b", ready: false, conditions: [{ type: "Ready", status: "False" }] })])?.message,
    "Deleted pod web-2: not Ready at revision web-b, which is neither the current nor the update revision (both web-a); " +
      "OrderedReady would wait forever for this pod of an abandoned rollout",
  );
});
