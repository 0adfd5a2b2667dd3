// The node bridge: every pod's host veth is a port, and the bridge holds the pod subnet's gateway
// address, so the host reaches pod IPs through its own routing table and pods reach each other
// over the bridge.
//
// Egress NAT is left out on purpose: pods talk only to the host, each other and (later) Service
// VIPs. When they need the outside world, add the masquerade beside ensureBridge's caller, in our
// own nftables table so it never touches anyone else's rules:
//   table ip ordinal-nat { chain postrouting { type nat hook postrouting priority srcnat;
//     ip saddr <subnet> ip daddr != <subnet> masquerade } }
import { readFileSync, writeFileSync } from "node:fs";
import { ipBatch } from "./_ip.ts";
import { ipToInt } from "./_ipv4.ts";
import { DEFAULT_POD_NETWORK, subnetInfo, type PodNetworkConfig } from "./pod-network-config.ts";

const IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";

export function bridgeExists(name: string): boolean {
  try {
    readFileSync(`/sys/class/net/${name}/bridge/bridge_id`);
    return true;
  } catch {
    return false;
  }
}

/**
 * A fixed, locally administered MAC from the gateway address ("0a:58" and the four octets, as
 * OVN-Kubernetes does). A bridge without one takes the lowest port MAC and changes it as pods come
 * and go, and every pod's ARP entry for the gateway goes stale each time.
 */
export function gatewayMac(gateway: string): string {
  const n = ipToInt(gateway);
  const octets = [0x0a, 0x58, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return octets.map((o) => o.toString(16).padStart(2, "0")).join(":");
}

export function bridgeLines(config: PodNetworkConfig, exists: boolean): string[] {
  const { gateway, prefixLength } = subnetInfo(config);
  return [
    ...(exists ? [] : [`link add ${config.bridge} address ${gatewayMac(gateway)} type bridge`]),
    `addr replace ${gateway}/${prefixLength} dev ${config.bridge}`,
    `link set ${config.bridge} up`,
  ];
}

/** Creates the bridge (or completes it) with the gateway address, up, and turns on IPv4 forwarding. */
export async function ensureBridge(config: PodNetworkConfig = DEFAULT_POD_NETWORK): Promise<void> {
  await ipBatch(bridgeLines(config, bridgeExists(config.bridge)));
  // Service VIPs (DNAT) and traffic between nodes' pod subnets are routed, not bridged.
  if (readFileSync(IP_FORWARD, "utf8").trim() !== "1") writeFileSync(IP_FORWARD, "1\n");
}

/** Deletes the bridge; its remaining ports fall off it. */
export async function removeBridge(config: PodNetworkConfig = DEFAULT_POD_NETWORK): Promise<void> {
  if (bridgeExists(config.bridge)) await ipBatch([`link del ${config.bridge}`]);
}
