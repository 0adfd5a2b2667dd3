import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import { containerResources, milliCpuToQuota, milliCpuToShares, oomScoreAdj } from "./oci-resources.ts";

test("milliCpuToShares() and milliCpuToQuota() have the kubelet's floors", () => {
  assert.deepEqual([0, 1, 100, 1000, 2500].map(milliCpuToShares), [2, 2, 102, 1024, 2560]);
  assert.deepEqual([0, 1, 10, 500, 2000].map((m) => milliCpuToQuota(m)), [0, 1000, 1000, 50000, 200000]);
});

const resourceCases: Array<[string, JsonObject, boolean, number | undefined, JsonObject]> = [
  ["no resources", {}, true, undefined, { cpu: { shares: 2 } }],
  ["requests only", { requests: { cpu: "500m", memory: "1Gi" } }, true, undefined, { cpu: { shares: 512 } }],
  ["limits", { limits: { cpu: "1", memory: "128Mi" } }, true, undefined, { cpu: { shares: 1024, quota: 100000, period: 100000 }, memory: { limit: 134217728, swap: 134217728 } }],
  ["no swap accounting", { limits: { memory: "1M" } }, false, undefined, { cpu: { shares: 2 }, memory: { limit: 1000000 } }],
  ["pids limit", {}, true, 4096, { cpu: { shares: 2 }, pids: { limit: 4096 } }],
];

for (const [name, resources, swapAccounting, pidsLimit, want] of resourceCases) {
  test(`containerResources() ${name}`, () => {
    const got = containerResources({ resources }, { swapAccounting, pidsLimit });
    assert.deepEqual(got, { devices: [{ allow: false, access: "rwm" }], ...want });
  });
}

const GiB = 2 ** 30;
const podWith = (resources: JsonObject): JsonObject => ({ spec: { containers: [{ name: "c", resources }] } });

const oomCases: Array<[string, JsonObject, number]> = [
  ["BestEffort", {}, 1000],
  ["Guaranteed", { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }, -997],
  ["Burstable by memory share", { requests: { memory: "1Gi" } }, 875],
  ["Burstable with no memory request", { requests: { cpu: "1" } }, 999],
  ["Burstable asking for all memory", { requests: { memory: "8Gi" } }, 3],
];

for (const [name, resources, want] of oomCases) {
  test(`oomScoreAdj() ${name}`, () => {
    const pod = podWith(resources);
    assert.equal(oomScoreAdj(pod, (pod.spec as { containers: JsonObject[] }).containers[0], 8 * GiB), want);
  });
}
