// Removes what no pod the runtime knows owns: at start (ordinal died between creating a thing and
// recording it, or the pod was removed while nothing ran), and everything for `down --purge`.
// "Ours" is only ever: runc containers under our state root, directories under our pods
// directory, cgroups under our cgroup parent, files in our exit and socket directories, and the
// network sandboxes network/cleanup.ts recognises.
import { readdir, rm, rmdir } from "node:fs/promises";
import { mountsUnder, unmount } from "../../../images/mounts.ts";
import { cleanupPodNetworks, purgePodNetworks } from "../../network/cleanup.ts";
import { DEFAULT_POD_NETWORK, type PodNetworkConfig } from "../../network/pod-network-config.ts";
import { cgroupChildren, removeCgroup } from "./cgroups.ts";
import { removeInstance } from "./instance-cleanup.ts";
import { NodeLayout } from "./node-layout.ts";
import { RuncCli } from "./runc-cli.ts";

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTEMPTY") throw e;
  }
}

/** The runtime's own files of a pod: bundles (root filesystems unmounted first), etc, logs, record. */
export async function removePodFiles(layout: NodeLayout, runc: RuncCli, uid: string): Promise<void> {
  for (const id of await list(layout.bundlesDir(uid))) await removeInstance(layout, runc, layout.bundle(uid, id), id);
  for (const dir of [layout.bundlesDir(uid), layout.etcDir(uid), layout.logsDir(uid)]) await rm(dir, { recursive: true, force: true });
  await rm(layout.podRecord(uid), { force: true });
  await rm(`${layout.podRecord(uid)}.tmp`, { force: true });
}

export interface OrphanCleanup {
  layout: NodeLayout;
  runc: RuncCli;
  network: PodNetworkConfig;
  /** Container IDs each known pod owns. */
  live: ReadonlyMap<string, ReadonlySet<string>>;
  /** Pods whose network sandbox stays. */
  sandboxes: Iterable<string>;
  /** Unmounts and removes a pod's volumes (the volume manager's tearDown). */
  tearDownVolumes?: (uid: string) => Promise<void>;
}

/** Removes whatever the known pods do not own; returns what it removed, for the log. */
export async function cleanupOrphans(c: OrphanCleanup): Promise<string[]> {
  const removed: string[] = [];
  const owned = new Set([...c.live.values()].flatMap((ids) => [...ids]));
  for (const state of await c.runc.list()) {
    if (owned.has(state.id)) continue;
    await removeInstance(c.layout, c.runc, state.bundle, state.id);
    removed.push(`container ${state.id}`);
  }
  for (const uid of await list(c.layout.podsDir)) {
    const ids = c.live.get(uid);
    if (!ids) {
      await removePodFiles(c.layout, c.runc, uid);
      await c.tearDownVolumes?.(uid);
      await removeIfEmpty(c.layout.podDir(uid));
      removed.push(`pod ${uid}`);
      continue;
    }
    for (const id of await list(c.layout.bundlesDir(uid))) {
      if (ids.has(id)) continue;
      await removeInstance(c.layout, c.runc, c.layout.bundle(uid, id), id);
      removed.push(`bundle ${id}`);
    }
  }
  for (const name of cgroupChildren(c.layout.cgroupParent)) {
    if (c.live.has(name.replace(/^pod/, ""))) continue;
    await removeCgroup(`${c.layout.cgroupParent}/${name}`, { kill: true });
    removed.push(`cgroup ${name}`);
  }
  for (const dir of [c.layout.exitDir, c.layout.socketDir]) {
    for (const id of await list(dir)) if (!owned.has(id)) await rm(`${dir}/${id}`, { force: true, recursive: true });
  }
  const net = await cleanupPodNetworks({ live: c.sandboxes, network: c.network });
  removed.push(...net.netns.map((n) => `netns ${n}`), ...net.veths.map((v) => `veth ${v}`));
  return removed;
}

export interface PurgeOptions {
  /** $ORDINAL_HOME/node */
  home: string;
  network?: PodNetworkConfig;
  cgroupParent?: string;
  /** The agent's IPAM directory, removed with everything else. */
  ipamDir?: string;
  runc?: string;
}

/**
 * `down --purge`: kills every container of ours and removes every trace of the runtime: mounts,
 * cgroups, network sandboxes and the bridge, and its directories. ordinal must not be running.
 */
export async function purgeRuncNode(opts: PurgeOptions): Promise<void> {
  const layout = new NodeLayout(opts.home, opts.cgroupParent);
  const runc = new RuncCli({ binary: opts.runc, root: layout.runcRoot });
  for (const state of await runc.list().catch(() => [])) await removeInstance(layout, runc, state.bundle, state.id);
  for (const uid of await list(layout.podsDir)) {
    await removePodFiles(layout, runc, uid);
    // Volumes are only unmounted, never deleted through a mount: what backs a claim stays.
    const dir = layout.podDir(uid);
    for (const m of await mountsUnder(dir)) await unmount(m);
    const left = await mountsUnder(dir);
    if (left.length > 0) throw new Error(`purge: still mounted: ${left.join(", ")}`);
    await rm(dir, { recursive: true, force: true });
  }
  await removeCgroup(layout.cgroupParent, { kill: true });
  await purgePodNetworks({ network: opts.network ?? DEFAULT_POD_NETWORK, ipamDir: opts.ipamDir });
  for (const dir of [layout.runcRoot, layout.exitDir, layout.socketDir, layout.podsDir]) await rm(dir, { recursive: true, force: true });
}
