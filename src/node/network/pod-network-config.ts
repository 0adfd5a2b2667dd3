// Where pod sandboxes live on this node and what their pieces are called. Every name derives from
// the pod UID, so a restarted agent finds the netns and veth of a pod it re-adopts, and cleanup can
// tell ours from anything else on the machine (CNI plugins also name host veths "veth<8 hex>").
import { createHash } from "node:crypto";
import { intToIP, parseCidr } from "./_ipv4.ts";

export interface PodNetworkConfig {
  /** The Linux bridge every pod's host-side veth joins; it holds the gateway address. */
  bridge: string;
  /** The node's pod range; the gateway is its first host address. */
  subnet: string;
  /** Named network namespaces are "<prefix><short uid>"; host veths carry "<prefix><uid>" as ifalias. */
  prefix: string;
}

export const DEFAULT_POD_NETWORK: PodNetworkConfig = { bridge: "ordinal0", subnet: "10.244.0.0/24", prefix: "ordinal-" };

/** Where `ip netns add` puts named namespaces. */
export const NETNS_DIR = "/run/netns";

export interface SubnetInfo {
  cidr: string;
  gateway: string;
  prefixLength: number;
}

export function subnetInfo(config: PodNetworkConfig): SubnetInfo {
  const c = parseCidr(config.subnet);
  if (c.prefixLength > 30) throw new Error(`pod network: subnet ${config.subnet} has no room for a gateway and pods`);
  return { cidr: c.cidr, gateway: intToIP(c.network + 1), prefixLength: c.prefixLength };
}

/**
 * Eight hex digits naming the pod's sandbox. Kubernetes UIDs are random UUIDs, so their first eight
 * digits are as good as a hash and match what `kubectl get pod -o yaml` shows; other strings
 * (tests, hand-made objects) are hashed.
 */
export function shortPodId(uid: string): string {
  const lower = uid.toLowerCase();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(lower)) return lower.slice(0, 8);
  return createHash("sha256").update(uid).digest("hex").slice(0, 8);
}

export function netnsName(config: PodNetworkConfig, uid: string): string {
  return `${config.prefix}${shortPodId(uid)}`;
}

export function netnsPath(config: PodNetworkConfig, uid: string): string {
  return `${NETNS_DIR}/${netnsName(config, uid)}`;
}

/** 12 characters: within IFNAMSIZ (15). */
export function vethName(uid: string): string {
  return `veth${shortPodId(uid)}`;
}

/** Marks a host veth as ours and names its pod: cleanup reads it back from sysfs. */
export function vethAlias(config: PodNetworkConfig, uid: string): string {
  return `${config.prefix}${uid}`;
}

/** The pod UID a host veth alias names, when the alias is one of ours. */
export function uidFromAlias(config: PodNetworkConfig, alias: string): string | undefined {
  return alias.startsWith(config.prefix) && alias.length > config.prefix.length ? alias.slice(config.prefix.length) : undefined;
}

/** The pod side of every veth pair. */
export const POD_INTERFACE = "eth0";
