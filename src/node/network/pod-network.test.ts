// Real namespaces, veths and a bridge: these tests need root. They use their own bridge, /24 and
// name prefix, so a running ordinal on this machine is never touched, and purge everything they
// made when they end, pass or fail. Traffic stays between the host and the test's own namespaces.
import { after, before, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ipBatch } from "./_ip.ts";
import { bridgeExists, ensureBridge } from "./bridge.ts";
import { cleanupPodNetworks, listPodNetworks, purgePodNetworks } from "./cleanup.ts";
import { PodIPAM, readAllocations } from "./ipam.ts";
import { isMountPoint, releaseNetnsDir } from "./netns-dir.ts";
import { NETNS_DIR, netnsName, netnsPath, subnetInfo, vethName, type PodNetworkConfig } from "./pod-network-config.ts";
import { observeSandbox, setupPodNetwork, teardownPodNetwork } from "./pod-network.ts";
import { planSandbox } from "./sandbox-plan.ts";

const NET: PodNetworkConfig = { bridge: `ordt${process.pid % 100000}`, subnet: `10.244.${200 + (process.pid % 50)}.0/24`, prefix: `ordtest${process.pid}-` };
const IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";
const ipamDir = join(mkdtempSync(join(tmpdir(), "pod-network-")), "ipam");
const forwardBefore = readFileSync(IP_FORWARD, "utf8");
const children = new Set<ChildProcess>();
const ipam = new PodIPAM(NET.subnet, { dir: ipamDir });

before(async () => {
  await ensureBridge(NET);
});

after(async () => {
  for (const child of children) child.kill("SIGKILL");
  await purgePodNetworks({ network: NET, ipamDir });
  rmSync(join(ipamDir, ".."), { recursive: true, force: true });
  writeFileSync(IP_FORWARD, forwardBefore);
  await releaseNetnsDir();
});

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
  return `n=${sorted.length} p50=${at(0.5)}ms p95=${at(0.95)}ms max=${sorted.at(-1)!.toFixed(1)}ms`;
}

/** Node in the pod's namespace; resolves with the process once `script` printed "ready". */
function runInPod(t: TestContext, uid: string, script: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn("nsenter", [`--net=${netnsPath(NET, uid)}`, process.execPath, "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  t.after(() => {
    child.kill("SIGKILL");
    children.delete(child);
  });
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.includes("ready")) resolve({ child, output: () => out });
    });
    child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
    child.on("exit", (code) => reject(new Error(`pod process exited ${code}: ${out}`)));
  });
}

const SERVER = (name: string) =>
  `require("node:http").createServer((q, s) => s.end(${JSON.stringify(name)})).listen(80, "0.0.0.0", () => console.log("ready"));`;

function httpGet(ip: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: ip, port: 80, path: "/", agent: false, timeout: 3000 }, (res) => {
      let body = "";
      res.on("data", (b: Buffer) => (body += b.toString()));
      res.on("end", () => resolve(body));
    });
    req.on("timeout", () => req.destroy(new Error(`GET http://${ip}/ timed out`)));
    req.on("error", reject);
  });
}

async function newPod(from = ipam): Promise<{ uid: string; ip: string }> {
  const uid = randomUUID();
  const ip = from.allocate(uid);
  await setupPodNetwork({ podUid: uid, ip, network: NET });
  return { uid, ip };
}

async function isComplete(uid: string, ip: string): Promise<boolean> {
  const { gateway, prefixLength } = subnetInfo(NET);
  const spec = { netns: netnsName(NET, uid), veth: vethName(uid), alias: `${NET.prefix}${uid}`, bridge: NET.bridge, address: `${ip}/${prefixLength}`, gateway };
  const plan = planSandbox(await observeSandbox(NET, uid), spec);
  return plan.first.length + plan.host.length + plan.pod.length === 0;
}

test("setupPodNetwork() (needs root): two pods both serve :80, the host reaches both and they reach each other", async (t) => {
  const a = await newPod();
  const b = await newPod();
  try {
    assert.ok(await isComplete(a.uid, a.ip));
    await runInPod(t, a.uid, SERVER("pod-a"));
    await runInPod(t, b.uid, SERVER("pod-b"));
    assert.equal(await httpGet(a.ip), "pod-a");
    assert.equal(await httpGet(b.ip), "pod-b");
    const client = await runInPod(
      t,
      a.uid,
      `require("node:http").get("http://${b.ip}/", (r) => { let s = ""; r.on("data", (d) => (s += d)); r.on("end", () => console.log("ready " + s)); });`,
    );
    assert.match(client.output(), /ready pod-b/);
  } finally {
    await teardownPodNetwork(a.uid, NET);
    await teardownPodNetwork(b.uid, NET);
    ipam.release(a.uid);
    ipam.release(b.uid);
  }
  assert.deepEqual(listPodNetworks(NET), { netns: [], veths: [] });
  assert.deepEqual(readdirSync(ipamDir), []);
});

test("setupPodNetwork() (needs root) leaves a complete sandbox alone and repairs half-made ones", async () => {
  const pod = await newPod();
  try {
    const before = await observeSandbox(NET, pod.uid);
    await setupPodNetwork({ podUid: pod.uid, ip: pod.ip, network: NET });
    assert.deepEqual(await observeSandbox(NET, pod.uid), before, "a second setup changes nothing");

    await ipBatch([`link del ${vethName(pod.uid)}`]);
    await setupPodNetwork({ podUid: pod.uid, ip: pod.ip, network: NET });
    assert.ok(await isComplete(pod.uid, pod.ip), "veth pair recreated");

    await ipBatch(["route del default", "addr flush dev eth0", "link set lo down"], { netns: netnsName(NET, pod.uid) });
    await setupPodNetwork({ podUid: pod.uid, ip: pod.ip, network: NET });
    assert.ok(await isComplete(pod.uid, pod.ip), "pod side reconfigured");

    await teardownPodNetwork(pod.uid, NET);
    await teardownPodNetwork(pod.uid, NET);
    mkdirSync(NETNS_DIR, { recursive: true });
    writeFileSync(netnsPath(NET, pod.uid), "");
    await setupPodNetwork({ podUid: pod.uid, ip: pod.ip, network: NET });
    assert.ok(await isComplete(pod.uid, pod.ip), "stale namespace file replaced");
  } finally {
    await teardownPodNetwork(pod.uid, NET);
    ipam.release(pod.uid);
  }
  assert.deepEqual(listPodNetworks(NET), { netns: [], veths: [] });
});

test("cleanupPodNetworks() and purgePodNetworks() (need root) remove only sandboxes no live pod owns", async () => {
  const foreign = `vethf${process.pid % 1000000}`;
  const dir = join(ipamDir, "..", "cleanup-ipam");
  const own = new PodIPAM(NET.subnet, { dir });
  await ipBatch([`link add ${foreign} type veth peer name ${foreign}p`]);
  try {
    const pods = [await newPod(own), await newPod(own), await newPod(own)];
    const report = await cleanupPodNetworks({ live: [pods[0].uid], network: NET, ipam: own });
    assert.deepEqual(report.netns.sort(), pods.slice(1).map((p) => netnsName(NET, p.uid)).sort());
    assert.deepEqual(report.veths.sort(), pods.slice(1).map((p) => vethName(p.uid)).sort());
    assert.deepEqual(report.ips.sort(), pods.slice(1).map((p) => p.ip).sort());
    assert.ok(await isComplete(pods[0].uid, pods[0].ip), "the live pod keeps its sandbox");
    assert.deepEqual(readAllocations(dir), [[pods[0].ip, pods[0].uid]]);
    assert.ok(existsSync(`/sys/class/net/${foreign}`), "a veth that is not ours stays");

    await purgePodNetworks({ network: NET, ipamDir: dir });
    assert.deepEqual(listPodNetworks(NET), { netns: [], veths: [] });
    assert.equal(bridgeExists(NET.bridge), false);
    assert.equal(existsSync(dir), false);
    assert.ok(existsSync(`/sys/class/net/${foreign}`));
  } finally {
    await ipBatch([`link del ${foreign}`]);
    await ensureBridge(NET);
  }
});

test("setupPodNetwork() (needs root) sets up pods concurrently with a single /run/netns mount", async (t) => {
  await releaseNetnsDir();
  const uids = Array.from({ length: 10 }, () => randomUUID());
  try {
    const start = process.hrtime.bigint();
    await Promise.all(uids.map((uid) => setupPodNetwork({ podUid: uid, ip: ipam.allocate(uid), network: NET })));
    t.diagnostic(`10 concurrent setups took ${ms(start).toFixed(1)}ms`);
    const mounts = readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter((l) => l.split(" ")[4] === NETNS_DIR);
    assert.equal(mounts.length, 1);
    assert.ok(isMountPoint(NETNS_DIR));
    for (const uid of uids) assert.ok(await isComplete(uid, ipam.get(uid)!));
  } finally {
    const start = process.hrtime.bigint();
    await Promise.all(uids.map((uid) => teardownPodNetwork(uid, NET)));
    t.diagnostic(`10 concurrent teardowns took ${ms(start).toFixed(1)}ms`);
    for (const uid of uids) ipam.release(uid);
  }
  assert.deepEqual(listPodNetworks(NET), { netns: [], veths: [] });
});

test("setupPodNetwork() and teardownPodNetwork() (need root) latency", async (t) => {
  const setup: number[] = [];
  const teardown: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < 30; i++) {
    const uid = randomUUID();
    const ip = ipam.allocate(uid);
    try {
      let start = process.hrtime.bigint();
      await setupPodNetwork({ podUid: uid, ip, network: NET });
      setup.push(ms(start));
      start = process.hrtime.bigint();
      await setupPodNetwork({ podUid: uid, ip, network: NET });
      again.push(ms(start));
    } finally {
      const start = process.hrtime.bigint();
      await teardownPodNetwork(uid, NET);
      teardown.push(ms(start));
      ipam.release(uid);
    }
  }
  t.diagnostic(`setup ${stats(setup)}`);
  t.diagnostic(`setup of a complete sandbox ${stats(again)}`);
  t.diagnostic(`teardown ${stats(teardown)}`);
  assert.deepEqual(listPodNetworks(NET), { netns: [], veths: [] });
});
