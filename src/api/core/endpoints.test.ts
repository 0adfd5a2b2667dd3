import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { defaultEndpoints, validateEndpoints, validateEndpointsUpdate } from "./endpoints.ts";

function endpoints(subsets: unknown[]): KubeObject {
  const ep: KubeObject = { apiVersion: "v1", kind: "Endpoints", metadata: { name: "nginx", namespace: "default", uid: "u", resourceVersion: "1" }, subsets };
  defaultEndpoints(ep);
  return ep;
}

test("defaultEndpoints() defaults port protocols to TCP", () => {
  assert.deepEqual(endpoints([{ addresses: [{ ip: "10.1.0.4" }], ports: [{ port: 80 }] }]).subsets, [
    { addresses: [{ ip: "10.1.0.4" }], ports: [{ port: 80, protocol: "TCP" }] },
  ]);
});

const cases: Array<[string, unknown[], string[]]> = [
  ["a ready address", [{ addresses: [{ ip: "10.1.0.4", hostname: "web-0" }], ports: [{ port: 80 }] }], []],
  ["a subset without addresses", [{ ports: [{ port: 80 }] }], ["subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"]],
  [
    "a loopback address",
    [{ addresses: [{ ip: "127.0.0.1" }] }],
    ['subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
  ],
  ["two unnamed ports", [{ addresses: [{ ip: "10.1.0.4" }], ports: [{ port: 80 }, { port: 81 }] }], [
    "subsets[0].ports[0].name: Required value",
    "subsets[0].ports[1].name: Required value",
  ]],
];

for (const [name, subsets, want] of cases) {
  test(`validateEndpoints() ${name}`, () => assert.deepEqual(messages(validateEndpoints(endpoints(subsets))), want));
}

test("validateEndpointsUpdate() re-checks the subsets", () => {
  const old = endpoints([{ addresses: [{ ip: "10.1.0.4" }] }]);
  assert.deepEqual(messages(validateEndpointsUpdate(endpoints([{ addresses: [{ ip: "bad" }] }]), old)), [
    'subsets[0].addresses[0].ip: Invalid value: "bad": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    'subsets[0].addresses[0].ip: Invalid value: "bad": must be a valid IP address',
  ]);
});
