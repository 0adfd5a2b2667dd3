// A pod's network sandbox: a named network namespace (/run/netns/<prefix><short uid>) holding lo
// and eth0, eth0 being one end of a veth pair whose host end joins the node bridge. runc joins
// containers to the namespace by path. Host-side facts come from sysfs (no process start); the pod
// side takes one `ip -n` call, made only when the namespace already exists.
import { readFileSync, readlinkSync, statfsSync } from "node:fs";
import { basename } from "node:path";
import { ipBatch } from "./_ip.ts";
import { ipToInt, parseCidr } from "./_ipv4.ts";
import { ensureNetnsDir } from "./netns-dir.ts";
import {
  DEFAULT_POD_NETWORK,
  netnsName,
  netnsPath,
  subnetInfo,
  vethAlias,
  vethName,
  type PodNetworkConfig,
} from "./pod-network-config.ts";
import { planSandbox, planTeardown, parsePodSide, type HostVethState, type PodSideState, type SandboxSpec, type SandboxState } from "./sandbox-plan.ts";

export interface PodNetworkRequest {
  podUid: string;
  /** From the node's pod subnet (see PodIPAM). */
  ip: string;
  network?: PodNetworkConfig;
  /** Called once the namespace and the veth pair exist, before the pod side is configured: runc may join the namespace from then on. */
  namespaceReady?: () => void;
}

export interface PodNetwork {
  /** For runc's `linux.namespaces` entry of type "network". */
  netnsPath: string;
  ip: string;
  vethHost: string;
}

const NSFS_MAGIC = 0x6e736673;

function readSys(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
}

export function netnsState(path: string): SandboxState["netns"] {
  try {
    return statfsSync(path).type === NSFS_MAGIC ? "mounted" : "stale";
  } catch {
    return "absent";
  }
}

export function hostVethState(name: string): HostVethState | undefined {
  const dir = `/sys/class/net/${name}`;
  const ifindex = readSys(`${dir}/ifindex`);
  if (ifindex === undefined) return undefined;
  let master: string | undefined;
  try {
    master = basename(readlinkSync(`${dir}/master`));
  } catch {
    master = undefined;
  }
  return {
    ifindex: Number(ifindex),
    alias: readSys(`${dir}/ifalias`) ?? "",
    master,
    up: (Number.parseInt(readSys(`${dir}/flags`) ?? "0", 16) & 1) === 1,
    hairpin: readSys(`${dir}/brport/hairpin_mode`) === "1",
  };
}

async function podSideState(netns: string): Promise<PodSideState> {
  return parsePodSide(await ipBatch(["addr show", "route show default"], { netns, json: true }));
}

// UIDs and names end up in `ip -batch` lines, where a space or newline would change the command.
function checkToken(what: string, value: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(value)) throw new Error(`pod network: ${what} ${JSON.stringify(value)} has characters we do not pass to ip`);
}

function sandboxSpec(req: PodNetworkRequest, network: PodNetworkConfig): SandboxSpec {
  checkToken("pod uid", req.podUid);
  checkToken("network prefix", network.prefix);
  checkToken("bridge", network.bridge);
  const subnet = subnetInfo(network);
  const c = parseCidr(subnet.cidr);
  const n = ipToInt(req.ip);
  if (n <= c.network + 1 || n >= c.broadcast) throw new Error(`pod network: ${req.ip} is not a pod address in ${subnet.cidr}`);
  return {
    netns: netnsName(network, req.podUid),
    veth: vethName(req.podUid),
    alias: vethAlias(network, req.podUid),
    bridge: network.bridge,
    address: `${req.ip}/${subnet.prefixLength}`,
    gateway: subnet.gateway,
  };
}

export async function observeSandbox(network: PodNetworkConfig, uid: string): Promise<SandboxState> {
  const netns = netnsState(netnsPath(network, uid));
  return {
    netns,
    hostVeth: hostVethState(vethName(uid)),
    pod: netns === "mounted" ? await podSideState(netnsName(network, uid)) : undefined,
  };
}

/**
 * Creates the pod's sandbox, or completes one a previous run left half made; a complete one is left
 * alone. The bridge must exist (ensureBridge). Calls for one pod must not overlap (the agent's
 * per-pod worker sees to that); calls for different pods may.
 */
export async function setupPodNetwork(req: PodNetworkRequest): Promise<PodNetwork> {
  const network = req.network ?? DEFAULT_POD_NETWORK;
  const spec = sandboxSpec(req, network);
  const state = await observeSandbox(network, req.podUid);
  const plan = planSandbox(state, spec);
  if (state.netns !== "mounted") await ensureNetnsDir();
  for (const step of plan.first) await ipBatch(step.lines, step.where === "pod" ? { netns: spec.netns } : {});
  req.namespaceReady?.();
  await Promise.all([ipBatch(plan.host), ipBatch(plan.pod, { netns: spec.netns })]);
  return { netnsPath: netnsPath(network, req.podUid), ip: req.ip, vethHost: spec.veth };
}

/** Removes the pod's veth pair and namespace; nothing to do when they are gone already. */
export async function teardownPodNetwork(podUid: string, network: PodNetworkConfig = DEFAULT_POD_NETWORK): Promise<void> {
  checkToken("pod uid", podUid);
  const state = { netns: netnsState(netnsPath(network, podUid)), hostVeth: hostVethState(vethName(podUid)) };
  await ipBatch(planTeardown(state, { netns: netnsName(network, podUid), veth: vethName(podUid), alias: vethAlias(network, podUid) }));
}
