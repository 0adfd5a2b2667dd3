import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { defaultNode, validateNode, validateNodeStatusUpdate, validateNodeUpdate } from "./node.ts";

type Obj = Record<string, any>;

function node(spec: Obj = {}, status?: Obj): KubeObject {
  const n: KubeObject = { apiVersion: "v1", kind: "Node", metadata: { name: "node-1", uid: "u", resourceVersion: "1" }, spec };
  if (status) n.status = status;
  defaultNode(n);
  return n;
}

test("defaultNode() copies capacity to allocatable and pairs podCIDR with podCIDRs", () => {
  const n = node({ podCIDR: "10.244.0.0/24" }, { capacity: { cpu: "4", memory: "8192Mi" } });
  assert.deepEqual(n.spec, { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"] });
  assert.deepEqual(n.status, { capacity: { cpu: "4", memory: "8Gi" }, allocatable: { cpu: "4", memory: "8Gi" } });
});

const cases: Array<[string, KubeObject, string[]]> = [
  ["a valid node", node({ taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] }), []],
  ["a namespaced node", { ...node(), metadata: { name: "n", namespace: "x" } }, ["metadata.namespace: Forbidden: not allowed on this type"]],
  [
    "a taint with an unknown effect",
    node({ taints: [{ key: "k", effect: "Never" }] }),
    ['metadata.taints[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
  ],
  [
    "duplicate taints",
    node({ taints: [{ key: "k", effect: "NoSchedule" }, { key: "k", value: "v", effect: "NoSchedule" }] }),
    ['metadata.taints[1]: Duplicate value: core.Taint{Key:"k", Value:"v", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair'],
  ],
  ["a bad pod CIDR", node({ podCIDRs: ["10.0.0.0/33"] }), ['spec.podCIDRs[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  ["negative capacity", node({}, { capacity: { cpu: "-1" } }), [
    'status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0',
    'status.allocatable.cpu: Invalid value: "-1": must be greater than or equal to 0',
  ]],
];

for (const [name, n, want] of cases) {
  test(`validateNode() ${name}`, () => assert.deepEqual(messages(validateNode(n)), want));
}

test("validateNodeUpdate() lets the pod CIDR be set once", () => {
  const old = node();
  assert.deepEqual(messages(validateNodeUpdate(node({ podCIDRs: ["10.244.0.0/24"] }), old)), []);
  assert.deepEqual(messages(validateNodeUpdate(node({ podCIDRs: ["10.244.1.0/24"] }), node({ podCIDRs: ["10.244.0.0/24"] }))), [
    'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
  ]);
});

test("validateNodeStatusUpdate() rejects duplicate addresses", () => {
  const address = { type: "InternalIP", address: "192.168.1.10" };
  assert.deepEqual(messages(validateNodeStatusUpdate(node({}, { addresses: [address, address] }), node())), [
    'status.addresses[1]: Duplicate value: core.NodeAddress{Type:"InternalIP", Address:"192.168.1.10"}',
  ]);
});
