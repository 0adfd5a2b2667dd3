// The raw baseline of `ordinal bench pods`: what a pod start costs without ordinal around it. Per
// container: a network namespace with a veth on a bridge (`ip netns add`, veth, address, routes, in
// one `ip -batch` as the node does it), the busybox image's overlay root filesystem, config.json,
// and `runc run --detach`; no API server, scheduler, agent, conmon or status writes. Everything
// runs on a bridge, /24, netns prefix and cgroup parent of its own, and is removed at the end.
import { execFile, spawn } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { prepareRootfs, type PreparedRootfs } from "../src/images/rootfs.ts";
import type { ResolvedImage } from "../src/images/image-store.ts";
import { ensureBridge, removeBridge } from "../src/node/network/bridge.ts";
import { netnsPath, type PodNetworkConfig } from "../src/node/network/pod-network-config.ts";
import { setupPodNetwork, teardownPodNetwork } from "../src/node/network/pod-network.ts";
import { removeCgroup } from "../src/node/runtime/runc/cgroups.ts";

const run = promisify(execFile);
const CLEANUP_WORKERS = 8;

export interface BaselineSample {
  netnsMs: number;
  rootfsMs: number;
  /** Writing config.json and `runc run --detach` until runc returned. */
  runcMs: number;
  totalMs: number;
}

export interface BaselineOptions {
  image: Pick<ResolvedImage, "layers">;
  /** Scratch directory for bundles and runc's state; removed at the end. */
  dir: string;
  rounds: number;
  network: PodNetworkConfig;
  cgroupParent: string;
  /** The container's argv. */
  command: string[];
  signal: AbortSignal;
}

interface Started {
  uid: string;
  id: string;
  rootfs?: PreparedRootfs;
}

const since = (start: number) => performance.now() - start;

export async function measureRuncBaseline(opts: BaselineOptions): Promise<BaselineSample[]> {
  const root = join(opts.dir, "runc");
  const template = await specTemplate(join(opts.dir, "template"));
  const samples: BaselineSample[] = [];
  const started: Started[] = [];
  const base = opts.network.subnet.split(".").slice(0, 3).join(".");
  try {
    await ensureBridge(opts.network);
    for (let i = 0; i < opts.rounds; i++) {
      opts.signal.throwIfAborted();
      const s: Started = { uid: `raw-${process.pid}-${i}`, id: `raw${i}` };
      started.push(s);
      const bundle = join(opts.dir, s.id);
      await mkdir(bundle, { recursive: true });
      const t0 = performance.now();
      await setupPodNetwork({ podUid: s.uid, ip: `${base}.${i + 2}`, network: opts.network });
      const netnsMs = since(t0);
      const t1 = performance.now();
      s.rootfs = await prepareRootfs(opts.image, bundle);
      const rootfsMs = since(t1);
      const t2 = performance.now();
      const spec = structuredClone(template);
      spec.process.terminal = false;
      spec.process.args = opts.command;
      spec.root = { path: s.rootfs.rootfs, readonly: false };
      spec.linux.namespaces = spec.linux.namespaces.map((n: { type: string }) => (n.type === "network" ? { type: "network", path: netnsPath(opts.network, s.uid) } : n));
      spec.linux.cgroupsPath = `${opts.cgroupParent}/${s.id}`;
      await writeFile(join(bundle, "config.json"), JSON.stringify(spec));
      await runcRun(root, bundle, s.id);
      const runcMs = since(t2);
      samples.push({ netnsMs, rootfsMs, runcMs, totalMs: since(t0) });
    }
  } finally {
    await cleanUp(opts, root, started);
  }
  return samples;
}

/** runc's default spec, made once: its own defaults are not part of what is measured. */
async function specTemplate(dir: string) {
  await mkdir(dir, { recursive: true });
  await run("runc", ["spec", "--bundle", dir]);
  return JSON.parse(await readFile(join(dir, "config.json"), "utf8"));
}

function runcRun(root: string, bundle: string, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // --detach hands runc's stdio to the container: give it none, and wait for runc alone.
    const child = spawn("runc", ["--root", root, "run", "--detach", "--bundle", bundle, id], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`bench: runc run ${id} exited ${code}`))));
  });
}

/** Not measured: containers are removed a few at a time, to keep the run short. */
async function cleanUp(opts: BaselineOptions, root: string, started: Started[]): Promise<void> {
  const queue = [...started];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      await run("runc", ["--root", root, "delete", "--force", s.id]).catch(() => undefined);
      await s.rootfs?.cleanup();
      await teardownPodNetwork(s.uid, opts.network);
    }
  };
  await Promise.all(Array.from({ length: CLEANUP_WORKERS }, worker));
  await removeCgroup(opts.cgroupParent, { kill: true });
  await removeBridge(opts.network);
  await rm(opts.dir, { recursive: true, force: true });
}
