import { test } from "node:test";
import assert from "node:assert/strict";
import type { NetworkInterfaceInfo } from "node:os";
import { detectHost, primaryIPv4 } from "./host-info.ts";

const iface = (address: string, family: "IPv4" | "IPv6", internal = false) => ({ address, family, internal }) as NetworkInterfaceInfo;

test("primaryIPv4() picks the first external IPv4 address of a host interface", () => {
  const cases: Array<[string, NodeJS.Dict<NetworkInterfaceInfo[]>, string]> = [
    ["loopback only", { lo: [iface("127.0.0.1", "IPv4", true)] }, "127.0.0.1"],
    ["eth0", { lo: [iface("127.0.0.1", "IPv4", true)], eth0: [iface("fe80::1", "IPv6"), iface("192.168.1.5", "IPv4")] }, "192.168.1.5"],
    ["our bridge is skipped", { ordinal0: [iface("10.244.0.1", "IPv4")], eth0: [iface("192.168.1.5", "IPv4")] }, "192.168.1.5"],
    ["veth only", { veth12: [iface("10.244.0.7", "IPv4")] }, "127.0.0.1"],
  ];
  for (const [name, interfaces, want] of cases) assert.equal(primaryIPv4(interfaces), want, name);
});

test("detectHost() reports the machine in the node's terms", () => {
  const host = detectHost();
  assert.ok(host.cpus >= 1);
  assert.ok(host.memoryBytes > 0);
  assert.equal(host.operatingSystem, "linux");
  assert.match(host.architecture, /^(amd64|arm64|arm|386|ppc64le|s390x)$/);
});
