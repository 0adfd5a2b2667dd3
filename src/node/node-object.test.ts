import { test } from "node:test";
import assert from "node:assert/strict";
import { testHost } from "./_agent-harness.ts";
import { buildNode, nodeConditions } from "./node-object.ts";

const NOW = Date.parse("2025-01-01T00:00:00Z");

test("buildNode() describes the host as the kubelet registers it", () => {
  const node = buildNode(
    { name: "ordinal-0", host: testHost, podCIDR: "10.244.0.0/24", maxPods: 110, kubeletVersion: "v1.33.0-ordinal", containerRuntimeVersion: "sim://0.1" },
    NOW,
  );
  assert.deepEqual(node.metadata.labels, {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": "ordinal-0",
    "kubernetes.io/os": "linux",
    "node-role.kubernetes.io/control-plane": "",
  });
  const status = node.status as Record<string, Record<string, unknown>>;
  assert.deepEqual(status.allocatable, {
    cpu: "4",
    "ephemeral-storage": String(Math.floor(100 * 1024 ** 3 * 0.9)),
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: `${8 * 1024 * 1024 - 100 * 1024}Ki`,
    pods: "110",
  });
  assert.deepEqual(status.addresses, [
    { type: "InternalIP", address: "192.168.1.5" },
    { type: "Hostname", address: "box" },
  ]);
  assert.deepEqual(status.nodeInfo, {
    machineID: "m",
    systemUUID: "s",
    bootID: "b",
    kernelVersion: "6.1.0-test",
    osImage: "Debian GNU/Linux 12 (bookworm)",
    containerRuntimeVersion: "sim://0.1",
    kubeletVersion: "v1.33.0-ordinal",
    operatingSystem: "linux",
    architecture: "amd64",
  });
});

test("nodeConditions() refreshes heartbeats and keeps transition times", () => {
  const first = nodeConditions(NOW);
  assert.deepEqual(
    first.map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`),
    [
      "MemoryPressure=False KubeletHasSufficientMemory: kubelet has sufficient memory available",
      "DiskPressure=False KubeletHasNoDiskPressure: kubelet has no disk pressure",
      "PIDPressure=False KubeletHasSufficientPID: kubelet has sufficient PID available",
      "Ready=True KubeletReady: kubelet is posting ready status",
    ],
  );
  const later = nodeConditions(NOW + 60_000, first);
  assert.equal(later[3].lastHeartbeatTime, "2025-01-01T00:01:00Z");
  assert.equal(later[3].lastTransitionTime, "2025-01-01T00:00:00Z");
  const recovered = nodeConditions(NOW + 60_000, [{ type: "Ready", status: "Unknown", lastTransitionTime: "2024-01-01T00:00:00Z" }]);
  assert.equal(recovered[3].lastTransitionTime, "2025-01-01T00:01:00Z");
});
