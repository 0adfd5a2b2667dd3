import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { parseQuantity } from "../../api/validation/quantity.ts";
import { containerResourceValue, divideQuantity, formatMap, metadataFieldValue, podFieldValue, resourceFieldValue, sortLines, withAllocatableLimits } from "./downward-api.ts";

const pod: KubeObject = {
  metadata: {
    name: "web-0",
    namespace: "prod",
    uid: "5b1e0c1e-0000-4000-8000-000000000001",
    labels: { app: "web", "app.kubernetes.io/name": "web", tier: "front end" },
    annotations: { "note/multi": "line1\nline2", quote: 'say "hi"', "a-b": "1", a: "2" },
  },
  spec: {
    nodeName: "ordinal-0",
    serviceAccountName: "builder",
    containers: [
      { name: "app", resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "250m", memory: "64Mi" } } },
      { name: "sidecar", resources: {} },
    ],
    initContainers: [{ name: "init", resources: { limits: { "hugepages-2Mi": "4Mi" } } }],
  },
};

test("formatMap() writes sorted key=\"value\" lines with Go quoting and no trailing newline", () => {
  assert.equal(formatMap(pod.metadata.labels), 'app="web"\napp.kubernetes.io/name="web"\ntier="front end"');
  assert.equal(formatMap({}), "");
  assert.equal(formatMap(undefined), "");
});

test("sortLines() re-sorts whole lines, so 'a-b=' comes before 'a=' as in the kubelet's files", () => {
  assert.equal(formatMap({ a: "2", "a-b": "1" }), 'a="2"\na-b="1"');
  assert.equal(sortLines(formatMap({ a: "2", "a-b": "1" })), 'a-b="1"\na="2"');
});

const metadataCases: Array<[string, string]> = [
  ["metadata.name", "web-0"],
  ["metadata.namespace", "prod"],
  ["metadata.uid", "5b1e0c1e-0000-4000-8000-000000000001"],
  ["metadata.labels", 'app="web"\napp.kubernetes.io/name="web"\ntier="front end"'],
  ["metadata.annotations", 'a="2"\na-b="1"\nnote/multi="line1\\nline2"\nquote="say \\"hi\\""'],
  ["metadata.labels['tier']", "front end"],
  ["metadata.labels['missing']", ""],
  ["metadata.annotations['note/multi']", "line1\nline2"],
];

for (const [path, want] of metadataCases) {
  test(`metadataFieldValue() ${path}`, () => {
    assert.equal(metadataFieldValue(pod, path), want);
  });
}

test("metadataFieldValue() rejects other fields and bad subscripts with upstream's messages", () => {
  assert.throws(() => metadataFieldValue(pod, "spec.nodeName"), { message: "unsupported fieldPath: spec.nodeName" });
  assert.throws(() => metadataFieldValue(pod, "metadata.name['x']"), { message: `fieldPath "metadata.name['x']" does not support subscript` });
  assert.throws(() => metadataFieldValue(pod, "metadata.labels['-bad-']"), /^Error: invalid key subscript in metadata.labels\['-bad-'\]: name part must consist of/);
});

const addrs = { podIPs: ["10.244.0.7", "fd00::7"], hostIPs: ["192.168.1.5", "fd00::5"] };

const envCases: Array<[string, string]> = [
  ["metadata.name", "web-0"],
  ["metadata.labels['app']", "web"],
  ["spec.nodeName", "ordinal-0"],
  ["spec.host", "ordinal-0"],
  ["spec.serviceAccountName", "builder"],
  ["status.podIP", "10.244.0.7"],
  ["status.podIPs", "10.244.0.7,fd00::7"],
  ["status.hostIP", "192.168.1.5"],
  ["status.hostIPs", "192.168.1.5,fd00::5"],
];

for (const [path, want] of envCases) {
  test(`podFieldValue() ${path}`, () => {
    assert.equal(podFieldValue(pod, { apiVersion: "v1", fieldPath: path }, addrs), want);
  });
}

test("podFieldValue() passes on conversion errors", () => {
  assert.throws(() => podFieldValue(pod, { apiVersion: "v2", fieldPath: "metadata.name" }, addrs), { message: "unsupported pod version: v2" });
  assert.throws(() => podFieldValue(pod, { apiVersion: "v1", fieldPath: "spec.containers" }, addrs), { message: "field label not supported: spec.containers" });
  assert.throws(() => podFieldValue(pod, { apiVersion: "v1", fieldPath: "spec.restartPolicy" }, addrs), { message: "unsupported fieldPath: spec.restartPolicy" });
});

test("divideQuantity() rounds up exactly and saturates at MaxInt64", () => {
  const q = parseQuantity;
  assert.equal(divideQuantity(q("500m"), q("1")), "1");
  assert.equal(divideQuantity(q("500m"), q("1m")), "500");
  assert.equal(divideQuantity(q("128Mi"), q("1Mi")), "128");
  assert.equal(divideQuantity(q("128Mi"), q("1M")), "135");
  assert.equal(divideQuantity(q("1"), q("1Gi")), "1");
  assert.equal(divideQuantity(q("0"), q("1")), "0");
  assert.equal(divideQuantity(q("1e30"), q("1m")), "9223372036854775807");
});

const allocatable = { cpu: "4", memory: "8Gi", "ephemeral-storage": "100Gi", pods: "110" };

test("withAllocatableLimits() fills unset cpu, memory and ephemeral-storage limits only", () => {
  const c = withAllocatableLimits({ name: "x", resources: { limits: { cpu: "0", memory: "1Gi" } } }, allocatable);
  assert.deepEqual(c.resources, { limits: { cpu: "4", memory: "1Gi", "ephemeral-storage": "100Gi" } });
});

const resourceCases: Array<[string, Record<string, unknown>, string]> = [
  ["limits.cpu in cores", { resource: "limits.cpu" }, "1"],
  ["limits.cpu in millicores", { resource: "limits.cpu", divisor: "1m" }, "500"],
  ["requests.cpu in millicores", { resource: "requests.cpu", divisor: "1m" }, "250"],
  ["limits.memory in bytes", { resource: "limits.memory" }, "134217728"],
  ["limits.memory in Mi", { resource: "limits.memory", divisor: "1Mi" }, "128"],
  ["requests.memory with a zero divisor", { resource: "requests.memory", divisor: "0" }, "67108864"],
  ["unset request", { resource: "requests.ephemeral-storage" }, "0"],
];

for (const [name, selector, want] of resourceCases) {
  test(`containerResourceValue() ${name}`, () => {
    const app = (pod.spec as { containers: Record<string, unknown>[] }).containers[0];
    assert.equal(containerResourceValue(selector, app), want);
  });
}

test("containerResourceValue() rejects unknown resources", () => {
  assert.throws(() => containerResourceValue({ resource: "limits.gpu" }, {}), { message: "unsupported container resource : limits.gpu" });
});

test("resourceFieldValue() uses the node's allocatable for a container without limits", () => {
  assert.equal(resourceFieldValue({ containerName: "sidecar", resource: "limits.cpu" }, pod, undefined, allocatable), "4");
  assert.equal(resourceFieldValue({ containerName: "sidecar", resource: "limits.memory", divisor: "1Gi" }, pod, undefined, allocatable), "8");
  assert.equal(resourceFieldValue({ resource: "limits.memory", divisor: "1Mi" }, pod, { name: "env-only" }, allocatable), "8192");
});

test("resourceFieldValue() finds init containers and hugepages", () => {
  assert.equal(resourceFieldValue({ containerName: "init", resource: "limits.hugepages-2Mi", divisor: "1Mi" }, pod, undefined, allocatable), "4");
});

test("resourceFieldValue() names a missing container", () => {
  assert.throws(() => resourceFieldValue({ containerName: "nope", resource: "limits.cpu" }, pod, undefined, allocatable), { message: "container nope not found" });
});
