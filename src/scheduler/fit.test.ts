import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { fitErrorMessage, placePod, unfitReasons, type NodeInfo } from "./fit.ts";
import { parseResources, podRequests } from "./pod-requests.ts";

function node(name: string, over: { labels?: Record<string, string>; spec?: Record<string, unknown>; ready?: string; allocatable?: Record<string, string> } = {}): KubeObject {
  return {
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...over.labels } },
    spec: over.spec ?? {},
    status: {
      allocatable: over.allocatable ?? { cpu: "2", memory: "4Gi", pods: "110" },
      conditions: [{ type: "Ready", status: over.ready ?? "True" }],
    },
  };
}

function pod(spec: Record<string, unknown> = {}, requests?: Record<string, string>): KubeObject {
  return {
    metadata: { name: "web-0", namespace: "default" },
    spec: { containers: [{ name: "app", image: "nginx", ...(requests ? { resources: { requests } } : {}) }], ...spec },
  };
}

const info = (n: KubeObject, requested: Record<string, string> = {}, pods = 0): NodeInfo => ({ node: n, requested: parseResources(requested), pods });

test("unfitReasons() explains each filter in upstream's words", () => {
  const cases: Array<{ name: string; pod: KubeObject; info: NodeInfo; want: string[] }> = [
    { name: "fits", pod: pod(), info: info(node("n1")), want: [] },
    { name: "cordoned", pod: pod(), info: info(node("n1", { spec: { unschedulable: true } })), want: ["node(s) were unschedulable"] },
    {
      name: "cordoned but tolerated",
      pod: pod({ tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] }),
      info: info(node("n1", { spec: { unschedulable: true } })),
      want: [],
    },
    {
      name: "tainted",
      pod: pod(),
      info: info(node("n1", { spec: { taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] } })),
      want: ["node(s) had untolerated taint {dedicated: db}"],
    },
    {
      name: "taint tolerated by Equal",
      pod: pod({ tolerations: [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }] }),
      info: info(node("n1", { spec: { taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] } })),
      want: [],
    },
    {
      name: "PreferNoSchedule does not filter",
      pod: pod(),
      info: info(node("n1", { spec: { taints: [{ key: "soft", effect: "PreferNoSchedule" }] } })),
      want: [],
    },
    {
      name: "wildcard toleration",
      pod: pod({ tolerations: [{ operator: "Exists" }] }),
      info: info(node("n1", { spec: { taints: [{ key: "a", effect: "NoExecute" }] } })),
      want: [],
    },
    { name: "not ready", pod: pod(), info: info(node("n1", { ready: "False" })), want: ["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"] },
    { name: "unknown readiness", pod: pod(), info: info(node("n1", { ready: "Unknown" })), want: ["node(s) had untolerated taint {node.kubernetes.io/unreachable: }"] },
    { name: "nodeSelector mismatch", pod: pod({ nodeSelector: { disk: "ssd" } }), info: info(node("n1")), want: ["node(s) didn't match Pod's node affinity/selector"] },
    { name: "nodeSelector match", pod: pod({ nodeSelector: { disk: "ssd" } }), info: info(node("n1", { labels: { disk: "ssd" } })), want: [] },
    {
      name: "required affinity In",
      pod: pod({
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }] }] } } },
      }),
      info: info(node("n1", { labels: { zone: "c" } })),
      want: ["node(s) didn't match Pod's node affinity/selector"],
    },
    {
      name: "required affinity: any term, matchFields on the name",
      pod: pod({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] },
                { matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] },
              ],
            },
          },
        },
      }),
      info: info(node("n1")),
      want: [],
    },
    { name: "cpu", pod: pod({}, { cpu: "1500m" }), info: info(node("n1"), { cpu: "1" }), want: ["Insufficient cpu"] },
    { name: "cpu and memory", pod: pod({}, { cpu: "3", memory: "5Gi" }), info: info(node("n1")), want: ["Insufficient cpu", "Insufficient memory"] },
    { name: "exactly full", pod: pod({}, { cpu: "1" }), info: info(node("n1"), { cpu: "1" }), want: [] },
    { name: "pods", pod: pod(), info: info(node("n1"), {}, 110), want: ["Too many pods"] },
    { name: "extended resource", pod: pod({}, { "example.com/gpu": "1" }), info: info(node("n1")), want: ["Insufficient example.com/gpu"] },
  ];
  for (const c of cases) assert.deepEqual(unfitReasons(c.pod, c.info), c.want, c.name);
});

test("podRequests() adds containers, sidecars and overhead and takes the init peak", () => {
  const p: KubeObject = {
    metadata: { name: "p" },
    spec: {
      initContainers: [
        { name: "proxy", restartPolicy: "Always", resources: { requests: { cpu: "100m" } } },
        { name: "migrate", resources: { requests: { cpu: "2", memory: "64Mi" } } },
      ],
      containers: [
        { name: "a", resources: { requests: { cpu: "250m", memory: "128Mi" } } },
        { name: "b", resources: { requests: { cpu: "250m" } } },
      ],
      overhead: { cpu: "10m" },
    },
  };
  assert.deepEqual(Object.fromEntries(podRequests(p)), { cpu: 2110, memory: 128 * 1024 * 1024 * 1000 });
});

test("fitErrorMessage() summarises reasons per node as the scheduler does", () => {
  const cases: Array<[string[][], string]> = [
    [[], "no nodes available to schedule pods"],
    [
      [["Insufficient cpu"]],
      "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    ],
    [
      [["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"]],
      "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    ],
    [
      [["Insufficient cpu", "Insufficient memory"], ["node(s) were unschedulable"], ["Insufficient cpu"]],
      "0/3 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    ],
  ];
  for (const [perNode, want] of cases) assert.equal(fitErrorMessage(perNode), want);
});

test("placePod() picks the least allocated fitting node", () => {
  const nodes = [info(node("a"), { cpu: "1500m" }), info(node("b"), { cpu: "500m" }), info(node("c", { spec: { unschedulable: true } }))];
  assert.deepEqual(placePod(pod({}, { cpu: "100m" }), nodes), { node: "b" });
  assert.deepEqual(placePod(pod(), [info(node("b")), info(node("a"))]), { node: "a" }, "ties go by name");
  assert.deepEqual(placePod(pod({}, { cpu: "4" }), nodes.slice(0, 1)), {
    message: "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
  });
});
