import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { admitPod, podQOSClass } from "./pod.ts";

type Obj = Record<string, any>;

function pod(spec: Obj): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec };
}

const notReady = { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 };
const unreachable = { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 };

test("admitPod() adds priority, preemption policy, service account and the default tolerations", () => {
  const p = pod({ containers: [] });
  assert.equal(admitPod(p), undefined);
  assert.deepEqual(p.spec, {
    containers: [],
    priority: 0,
    preemptionPolicy: "PreemptLowerPriority",
    serviceAccountName: "default",
    serviceAccount: "default",
    tolerations: [notReady, unreachable],
  });
});

const tolerationCases: Array<[string, Obj[], Obj[]]> = [
  ["keeps an existing not-ready toleration", [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 }], [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 },
    unreachable,
  ]],
  ["adds nothing when everything is tolerated", [{ operator: "Exists" }], [{ operator: "Exists" }]],
  ["adds both after unrelated tolerations", [{ key: "gpu", operator: "Exists", effect: "NoSchedule" }], [
    { key: "gpu", operator: "Exists", effect: "NoSchedule" },
    notReady,
    unreachable,
  ]],
];

for (const [name, given, want] of tolerationCases) {
  test(`admitPod() ${name}`, () => {
    const p = pod({ tolerations: given });
    admitPod(p);
    assert.deepEqual((p.spec as Obj).tolerations, want);
  });
}

test("admitPod() resolves the built-in priority classes and rejects unknown ones", () => {
  const critical = pod({ priorityClassName: "system-node-critical" });
  assert.equal(admitPod(critical), undefined);
  assert.equal((critical.spec as Obj).priority, 2000001000);
  assert.equal(admitPod(pod({ priorityClassName: "gold" })), "no PriorityClass with name gold was found");
  assert.equal(
    admitPod(pod({ priority: 5 })),
    "the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name",
  );
});

const qos: Array<[string, Obj[], string]> = [
  ["no resources", [{}], "BestEffort"],
  ["equal requests and limits for cpu and memory", [{ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "1000m", memory: "1024Mi" } }], "Guaranteed"],
  ["only a cpu limit", [{ limits: { cpu: "1" }, requests: { cpu: "1" } }], "Burstable"],
  ["requests below limits", [{ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m", memory: "1Gi" } }], "Burstable"],
  ["one guaranteed and one best-effort container", [{ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "1", memory: "1Gi" } }, {}], "Burstable"],
  ["zero requests only", [{ requests: { cpu: "0" } }], "BestEffort"],
];

for (const [name, resources, want] of qos) {
  test(`podQOSClass() is ${want} with ${name}`, () => {
    const p = pod({ containers: resources.map((r, i) => ({ name: `c${i}`, image: "i", resources: r })) });
    assert.equal(podQOSClass(p), want);
  });
}
