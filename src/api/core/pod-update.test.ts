import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { defaultPod, validatePodStatusUpdate, validatePodUpdate } from "./pod.ts";
import { updatablePodSpecFields } from "./pod-update.ts";

type Obj = Record<string, any>;

function stored(): KubeObject {
  const p: KubeObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-0", namespace: "default", uid: "u1", resourceVersion: "5", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      containers: [{ name: "nginx", image: "nginx:1.25" }],
      tolerations: [{ key: "k", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }],
      activeDeadlineSeconds: 100,
    },
    status: { phase: "Running", qosClass: "BestEffort" },
  };
  defaultPod(p);
  return p;
}

function updated(edit: (spec: Obj, p: KubeObject) => void): KubeObject {
  const p = structuredClone(stored());
  edit(p.spec as Obj, p);
  defaultPod(p);
  return p;
}

const forbiddenPrefix = `spec: Forbidden: pod updates may not change fields other than ${updatablePodSpecFields}\n`;

const cases: Array<[string, (s: Obj, p: KubeObject) => void, string[]]> = [
  ["a new image", (s) => (s.containers[0].image = "nginx:1.26"), []],
  ["a shorter activeDeadlineSeconds", (s) => (s.activeDeadlineSeconds = 50), []],
  ["an added toleration", (s) => s.tolerations.push({ key: "x", operator: "Exists" }), []],
  ["a changed tolerationSeconds", (s) => (s.tolerations[0].tolerationSeconds = 30), []],
  // Upstream reports this twice (spec validation and the update rules); its message text dedups.
  ["an empty image", (s) => (s.containers[0].image = ""), ["spec.containers[0].image: Required value", "spec.containers[0].image: Required value"]],
  ["an added container", (s) => s.containers.push({ name: "b", image: "b" }), ["spec.containers: Forbidden: pod updates may not add or remove containers"]],
  ["a longer activeDeadlineSeconds", (s) => (s.activeDeadlineSeconds = 200), ["spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value"]],
  ["a removed activeDeadlineSeconds", (s) => delete s.activeDeadlineSeconds, ['spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value']],
  ["a removed toleration", (s) => (s.tolerations = []), ["spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"]],
  ["a changed hostname", (s) => (s.hostname = "other"), [`${forbiddenPrefix}- spec.hostname: null\n+ spec.hostname: "other"`]],
  [
    "a changed container port",
    (s) => (s.containers[0].ports = [{ containerPort: 80, protocol: "TCP" }]),
    [`${forbiddenPrefix}- spec.containers[0].ports: null\n+ spec.containers[0].ports: [{"containerPort":80,"protocol":"TCP"}]`],
  ],
  ["a renamed pod", (_s, p) => (p.metadata.name = "web-1"), ['metadata.name: Invalid value: "web-1": field is immutable']],
  ["an added mirror annotation", (s, p) => {
    s.nodeName = "n1";
    p.metadata.annotations = { "kubernetes.io/config.mirror": "x" };
  }, [`metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod annotation`, `${forbiddenPrefix}- spec.nodeName: null\n+ spec.nodeName: "n1"`]],
];

for (const [name, edit, want] of cases) {
  test(`validatePodUpdate() ${name}`, () => assert.deepEqual(messages(validatePodUpdate(updated(edit), stored())), want));
}

test("validatePodUpdate() lets a gated pod add node selectors but not change them", () => {
  const old = structuredClone(stored());
  (old.spec as Obj).schedulingGates = [{ name: "example.com/gate" }];
  (old.spec as Obj).nodeSelector = { disk: "ssd" };
  const added = structuredClone(old);
  (added.spec as Obj).nodeSelector = { disk: "ssd", zone: "a" };
  assert.deepEqual(messages(validatePodUpdate(added, old)), []);
  const changed = structuredClone(old);
  (changed.spec as Obj).nodeSelector = { disk: "hdd" };
  assert.deepEqual(messages(validatePodUpdate(changed, old)), [
    'spec.nodeSelector: Invalid value: map[string]string{"disk":"hdd"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)',
  ]);
  const gate = structuredClone(old);
  (gate.spec as Obj).schedulingGates = [{ name: "example.com/gate" }, { name: "example.com/new" }];
  assert.deepEqual(messages(validatePodUpdate(gate, old)), [
    "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/new'",
  ]);
});

function withStatus(status: Obj, edit: (p: KubeObject) => void = () => {}): KubeObject {
  const p = structuredClone(stored());
  p.status = status;
  edit(p);
  return p;
}

const statusCases: Array<[string, KubeObject, KubeObject, string[]]> = [
  ["a running pod becoming ready", withStatus({ phase: "Running", qosClass: "BestEffort", podIP: "10.0.0.1", podIPs: [{ ip: "10.0.0.1" }] }), stored(), []],
  ["a changed qosClass", withStatus({ qosClass: "Burstable" }), stored(), ['status.qosClass: Invalid value: "Burstable": field is immutable']],
  [
    "a bad pod IP",
    withStatus({ qosClass: "BestEffort", podIPs: [{ ip: "10.0.0" }] }),
    stored(),
    ['status.podIPs[0]: Invalid value: "10.0.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
  ],
  [
    "two IPv4 pod IPs",
    withStatus({ qosClass: "BestEffort", podIPs: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }] }),
    stored(),
    ['status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"10.0.0.2"}}: may specify no more than one IP for each IP family'],
  ],
  ["a changed node name", withStatus({ qosClass: "BestEffort" }, (p) => ((p.spec as Obj).nodeName = "n2")), stored(), ["status.nodeName: Forbidden: may not be changed directly"]],
  [
    "a custom condition type that is not a qualified name",
    withStatus({ qosClass: "BestEffort", conditions: [{ type: "bad type", status: "True" }] }),
    stored(),
    [
      'metadata.conditions[0].Type: Invalid value: "bad type": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    ],
  ],
];

for (const [name, next, prev, want] of statusCases) {
  test(`validatePodStatusUpdate() ${name}`, () => assert.deepEqual(messages(validatePodStatusUpdate(next, prev)), want));
}

test("validatePodStatusUpdate() keeps a finished container finished under restartPolicy Never", () => {
  const terminated = { name: "nginx", state: { terminated: { exitCode: 0 } } };
  const old = withStatus({ qosClass: "BestEffort", containerStatuses: [terminated] }, (p) => ((p.spec as Obj).restartPolicy = "Never"));
  const next = withStatus({ qosClass: "BestEffort", containerStatuses: [{ name: "nginx", state: { running: {} } }] }, (p) => ((p.spec as Obj).restartPolicy = "Never"));
  assert.deepEqual(messages(validatePodStatusUpdate(next, old)), [
    "status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state",
  ]);
});
