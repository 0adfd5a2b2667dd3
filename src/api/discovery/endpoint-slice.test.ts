import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { defaultEndpointSlice, validateEndpointSlice, validateEndpointSliceUpdate } from "./endpoint-slice.ts";

function slice(fields: Record<string, unknown>): KubeObject {
  const s: KubeObject = {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "nginx-abc", namespace: "default", uid: "u", resourceVersion: "1" },
    addressType: "IPv4",
    endpoints: [{ addresses: ["10.1.0.4"] }],
    ports: [{ port: 80 }],
    ...fields,
  };
  defaultEndpointSlice(s);
  return s;
}

test("defaultEndpointSlice() names ports \"\" and defaults TCP", () => {
  assert.deepEqual(slice({}).ports, [{ port: 80, name: "", protocol: "TCP" }]);
});

const cases: Array<[string, Record<string, unknown>, string[]]> = [
  ["a valid slice", {}, []],
  ["no address type", { addressType: "" }, ["addressType: Required value"]],
  ["an unknown address type", { addressType: "IP" }, ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']],
  ["an endpoint without addresses", { endpoints: [{ addresses: [] }] }, ["endpoints[0].addresses: Required value: must contain at least 1 address"]],
  ["an IPv6 address in an IPv4 slice", { endpoints: [{ addresses: ["fd00::1"] }] }, ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address']],
  ["duplicate port names", { ports: [{ port: 80 }, { port: 81 }] }, ['ports[1].name: Duplicate value: ""']],
  ["too many endpoints", { endpoints: Array.from({ length: 1001 }, () => ({ addresses: ["10.1.0.4"] })) }, ["endpoints: Too many: 1001: must have at most 1000 items"]],
];

for (const [name, fields, want] of cases) {
  test(`validateEndpointSlice() ${name}`, () => assert.deepEqual(messages(validateEndpointSlice(slice(fields))), want));
}

test("validateEndpointSliceUpdate() keeps the address type", () => {
  assert.deepEqual(messages(validateEndpointSliceUpdate(slice({ addressType: "IPv6", endpoints: [{ addresses: ["fd00::1"] }] }), slice({}))), [
    'addressType: Invalid value: "IPv6": field is immutable',
  ]);
});
