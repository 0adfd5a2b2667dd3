// Shared by the runc tests (root only): a scratch home with the busybox image, a bridge, /24,
// name prefix and cgroup parent of the test process's own, pods to run, and an inventory of
// everything of ours left on the machine, which must be empty when a test file ends.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeObject } from "../../../api/meta.ts";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import { buildBusyboxImage } from "../../../images/busybox-image.ts";
import { ImageStore } from "../../../images/image-store.ts";
import { mountsUnder } from "../../../images/mounts.ts";
import { listPodNetworks } from "../../network/cleanup.ts";
import type { PodNetworkConfig } from "../../network/pod-network-config.ts";
import { bridgeExists } from "../../network/bridge.ts";
import { cgroupChildren, cgroupMounts } from "./cgroups.ts";
import { purgeRuncNode } from "./node-cleanup.ts";
import { RuncRuntime, type RuncRuntimeOptions } from "./runc-runtime.ts";

export class RuncTestEnv {
  readonly dir: string;
  readonly home: string;
  readonly images: ImageStore;
  readonly network: PodNetworkConfig;
  readonly cgroupParent: string;
  #nextIP = 10;

  private constructor(dir: string) {
    this.dir = dir;
    this.home = join(dir, "node");
    this.images = new ImageStore(join(dir, "images"));
    const n = process.pid % 200;
    this.network = { bridge: `ordrc${process.pid % 100000}`, subnet: `10.245.${n}.0/24`, prefix: `ordrc${process.pid}-` };
    this.cgroupParent = `/ordinal-test-${process.pid}`;
  }

  static async create(): Promise<RuncTestEnv> {
    const env = new RuncTestEnv(await mkdtemp(join(tmpdir(), "ordinal-runc-")));
    await buildBusyboxImage(env.images);
    return env;
  }

  /** A runtime over the env's home; a second one over the same home is an ordinal restart. */
  runtime(opts: Partial<RuncRuntimeOptions> = {}): RuncRuntime {
    return new RuncRuntime({ home: this.home, images: this.images, network: this.network, cgroupParent: this.cgroupParent, log: () => {}, ...opts });
  }

  /** A fresh pod address in the env's /24. */
  ip(): string {
    return `${this.network.subnet.split(".").slice(0, 3).join(".")}.${this.#nextIP++}`;
  }

  pod(name: string, containers: JsonObject[], spec: JsonObject = {}): KubeObject {
    const full = containers.map((c) => ({ image: "busybox", imagePullPolicy: "Never", terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", ...c }));
    return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", uid: randomUUID() }, spec: { containers: full, restartPolicy: "Always", ...spec } };
  }

  /** What `runc list` shows; asked again when a container's state directory went while runc read them. */
  async runcContainers(): Promise<Array<{ id: string; status: string; bundle: string }>> {
    for (let attempt = 1; ; attempt++) {
      try {
        const out = execFileSync("runc", ["--root", join(this.home, "runc"), "list", "--format", "json"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        return JSON.parse(out || "null") ?? [];
      } catch (e) {
        if (attempt === 5) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /**
   * Everything of ours still on the machine: containers, mounts, pod cgroups, sandboxes, conmons;
   * with `purged`, also the cgroup parent and the bridge, which live as long as the node.
   */
  async leftovers(purged = false): Promise<string[]> {
    const out: string[] = [];
    const root = join(this.home, "runc");
    if (existsSync(root)) for (const c of await this.runcContainers()) out.push(`runc container ${c.id}`);
    for (const m of await mountsUnder(this.dir)) out.push(`mount ${m}`);
    for (const name of cgroupChildren(this.cgroupParent)) out.push(`cgroup ${this.cgroupParent}/${name}`);
    if (purged) {
      for (const m of cgroupMounts()) if (existsSync(join(m, this.cgroupParent))) out.push(`cgroup ${join(m, this.cgroupParent)}`);
      if (bridgeExists(this.network.bridge)) out.push(`bridge ${this.network.bridge}`);
    }
    const net = listPodNetworks(this.network);
    out.push(...net.netns.map((n) => `netns ${n}`), ...net.veths.map((v) => `veth ${v.name}`));
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        const state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
        if (state !== "Z" && cmdline.includes(this.home)) {
          const args = cmdline.split("\0");
          const cid = args.indexOf("--cid");
          out.push(`process ${pid} ${args[0]}${cid >= 0 ? ` ${args[cid + 1]}` : ""}`);
        }
      } catch {
        // exited meanwhile
      }
    }
    return out;
  }

  /** Removes everything (as `down --purge`) and the scratch directory. */
  async destroy(): Promise<void> {
    await purgeRuncNode({ home: this.home, network: this.network, cgroupParent: this.cgroupParent });
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Checks that nothing of ours is left, purges, and checks again: for a test file's `after`. */
export async function destroyClean(env: RuncTestEnv): Promise<void> {
  let left: string[];
  try {
    left = await env.leftovers();
  } finally {
    await env.destroy();
  }
  assert.deepEqual(left, [], "left behind by the runtime");
  assert.deepEqual(await env.leftovers(true), [], "left behind by the purge");
}

export const never = () => new AbortController().signal;

/** Polls `check` until it returns a value, for up to `ms`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The text a container wrote to its current log. */
export async function logText(rt: RuncRuntime, pod: KubeObject, container: string, previous = false): Promise<string> {
  const log = await rt.logs.openLog({ namespace: "default", name: pod.metadata.name!, uid: pod.metadata.uid!, container }, { previous });
  let text = "";
  for await (const r of log.read()) text += Buffer.from(r.line).toString() + (r.partial ? "" : "\n");
  return text;
}
