// Finds the sandboxes of ours that no live pod owns and removes them: at agent start (pods deleted
// while no agent ran) and for `down --purge`. Ours means a named namespace with our prefix, or a
// host veth whose alias carries our prefix or that hangs on our bridge; anything else on the
// machine is never touched.
import { readdirSync, rmSync } from "node:fs";
import { ipBatch } from "./_ip.ts";
import { removeBridge } from "./bridge.ts";
import { readAllocations, type PodIPAM } from "./ipam.ts";
import { releaseNetnsDir } from "./netns-dir.ts";
import { hostVethState } from "./pod-network.ts";
import { DEFAULT_POD_NETWORK, NETNS_DIR, netnsName, uidFromAlias, vethName, type PodNetworkConfig } from "./pod-network-config.ts";

export interface NetworkInventory {
  netns: string[];
  veths: Array<{ name: string; alias: string; master: string | undefined }>;
}

export interface CleanupReport {
  netns: string[];
  veths: string[];
  ips: string[];
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

export function isOurVeth(config: PodNetworkConfig, veth: NetworkInventory["veths"][number]): boolean {
  return uidFromAlias(config, veth.alias) !== undefined || veth.master === config.bridge;
}

/** Every namespace and host veth of ours on this machine. */
export function listPodNetworks(config: PodNetworkConfig = DEFAULT_POD_NETWORK): NetworkInventory {
  const netns = listDir(NETNS_DIR).filter((n) => n.startsWith(config.prefix));
  const veths: NetworkInventory["veths"] = [];
  for (const name of listDir("/sys/class/net")) {
    if (!name.startsWith("veth")) continue;
    const state = hostVethState(name);
    if (!state) continue;
    const veth = { name, alias: state.alias, master: state.master };
    if (isOurVeth(config, veth)) veths.push(veth);
  }
  return { netns: netns.sort(), veths: veths.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

/** What no live pod owns. A veth without an alias (setup cut short) is matched by its name. */
export function orphans(inventory: NetworkInventory, live: Iterable<string>, config: PodNetworkConfig): Omit<CleanupReport, "ips"> {
  const uids = new Set(live);
  const liveNetns = new Set([...uids].map((uid) => netnsName(config, uid)));
  const liveVeths = new Set([...uids].map(vethName));
  return {
    netns: inventory.netns.filter((n) => !liveNetns.has(n)),
    veths: inventory.veths
      .filter((v) => {
        const uid = uidFromAlias(config, v.alias);
        return uid === undefined ? !liveVeths.has(v.name) : !uids.has(uid);
      })
      .map((v) => v.name),
  };
}

export interface CleanupOptions {
  /** UIDs of the pods that keep their sandboxes. */
  live: Iterable<string>;
  network?: PodNetworkConfig;
  /** Also frees addresses no live pod owns. */
  ipam?: PodIPAM;
}

export async function cleanupPodNetworks(opts: CleanupOptions): Promise<CleanupReport> {
  const network = opts.network ?? DEFAULT_POD_NETWORK;
  const live = [...opts.live];
  const doomed = orphans(listPodNetworks(network), live, network);
  // -force runs every line even if one fails (a sandbox torn down meanwhile); what is left is checked below.
  const lines = [...doomed.veths.map((v) => `link del ${v}`), ...doomed.netns.map((n) => `netns del ${n}`)];
  await ipBatch(lines, { force: true, ignoreExit: true });
  const left = orphans(listPodNetworks(network), live, network);
  if (left.netns.length > 0 || left.veths.length > 0) {
    throw new Error(`pod network cleanup: could not remove ${[...left.veths, ...left.netns].join(", ")}`);
  }
  return { ...doomed, ips: opts.ipam?.reconcile(live) ?? [] };
}

/** Everything of ours: every sandbox, the bridge, the IPAM directory. */
export async function purgePodNetworks(opts: { network?: PodNetworkConfig; ipamDir?: string } = {}): Promise<CleanupReport> {
  const network = opts.network ?? DEFAULT_POD_NETWORK;
  const report = await cleanupPodNetworks({ live: [], network });
  await removeBridge(network);
  if (opts.ipamDir) {
    report.ips = readAllocations(opts.ipamDir).map(([ip]) => ip);
    rmSync(opts.ipamDir, { recursive: true, force: true });
  }
  await releaseNetnsDir();
  return report;
}
