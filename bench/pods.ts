// `ordinal bench pods` (root): real pods on a real `ordinal up --runtime runc`, busybox image.
// - one by one: N pods, each created once the one before is Ready;
// - at once: N more pods created together;
// for each pod, create → Running with an IP and create → Ready as seen on a pod watch (the pods have
// no probes, so Ready follows the container's start as in the kubelet). Next to it, measured in
// the same run before the server starts, the raw baseline (pods-baseline.ts): the same rootfs,
// netns and veth, and `runc run --detach`, with nothing of ordinal in between.
import { join } from "node:path";
import { tmpdir } from "node:os";
import { mkdtemp } from "node:fs/promises";
import { readKubeconfig } from "../src/cli/probe.ts";
import { buildBusyboxImage } from "../src/images/busybox-image.ts";
import { ImageStore } from "../src/images/image-store.ts";
import type { PodNetworkConfig } from "../src/node/network/pod-network-config.ts";
import { cgroupChildren } from "../src/node/runtime/runc/cgroups.ts";
import { ApiClient } from "./api-client.ts";
import { freePort, OrdinalProcess } from "./ordinal-process.ts";
import { summarize, type LatencySummary } from "./percentile.ts";
import { measureRuncBaseline, type BaselineSample } from "./pods-baseline.ts";
import { PodLatencyLog, type PodWatchObject } from "./pods-latency.ts";
import { removeBenchNode, upRunc } from "./pods-server.ts";
import type { BenchRow, Scenario, ScenarioOptions, ScenarioResult } from "./scenario.ts";

interface Plan {
  pods: number;
  baselineRounds: number;
  /** How long one phase may take before the run reports what it got. */
  phaseMaxMs: number;
}

const QUICK: Plan = { pods: 10, baselineRounds: 10, phaseMaxMs: 4_000 };
const FULL: Plan = { pods: 50, baselineRounds: 50, phaseMaxMs: 30_000 };
const NAMESPACE = "bench-pods";
// Outside the 10.246.0-199.0/24 ranges the e2e harness hands out, and apart from the default ordinal0.
const NODE_NETWORK: PodNetworkConfig = { bridge: "ordbench0", subnet: "10.246.254.0/24", prefix: "ordbench-" };
const RAW_NETWORK: PodNetworkConfig = { bridge: "ordbraw0", subnet: "10.246.253.0/24", prefix: "ordbraw-" };
/** Exits at once on SIGTERM (PID 1 has no default handler), so deleting the pods is quick. */
const COMMAND = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];
const POLL_MS = 5;

interface Phase {
  running: LatencySummary;
  ready: LatencySummary;
  missing: number;
  /** First create sent → last pod Ready. */
  wallMs: number;
}

export const podsBench: Scenario = async (opts) => {
  if (process.getuid?.() !== 0) throw new Error("bench pods runs real containers: run it as root");
  // Every runc node on the machine shares the cgroup parent /ordinal, and a starting node kills the
  // pod cgroups under it that it does not own: the bench's node would kill the running node's pods.
  const others = cgroupChildren("/ordinal");
  if (others.length > 0) throw new Error(`bench pods: an ordinal node runs ${others.length} pods on this machine (cgroups /ordinal/pod*); its pods would be killed, so stop it first`);
  const plan = opts.quick ? QUICK : FULL;
  const ordinal = await OrdinalProcess.create();
  let client: ApiClient | undefined;
  const stop = new AbortController();
  const signal = AbortSignal.any([opts.signal, stop.signal]);
  try {
    // A no-op on the fresh home, but it lets bin/ordinal rebuild stale JavaScript before anything is timed.
    await ordinal.down();
    const images = ImageStore.forHome(ordinal.home);
    await buildBusyboxImage(images);
    const image = (await images.resolve("busybox"))!;
    opts.log(`raw baseline: ${plan.baselineRounds} × (netns + veth, overlay rootfs, runc run --detach)`);
    const baseline = await measureRuncBaseline({
      image,
      dir: await mkdtemp(join(tmpdir(), "ordinal-bench-raw-")),
      rounds: plan.baselineRounds,
      network: RAW_NETWORK,
      cgroupParent: `/ordinal-bench-raw-${process.pid}`,
      command: COMMAND,
      signal,
    });
    const listen = `127.0.0.1:${await freePort()}`;
    opts.log(`ordinal up --detach --runtime runc --listen ${listen} (bridge ${NODE_NETWORK.bridge}, ${NODE_NETWORK.subnet})`);
    await upRunc(ordinal, listen, NODE_NETWORK);
    client = new ApiClient(await readKubeconfig(ordinal.kubeconfigPath), { maxSockets: plan.pods + 4 });
    const log = new PodLatencyLog();
    await client.request("POST", "/api/v1/namespaces", JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } }), signal);
    const list = JSON.parse(await client.request("GET", `/api/v1/namespaces/${NAMESPACE}/pods`, undefined, signal));
    await client.watch(`/api/v1/namespaces/${NAMESPACE}/pods?watch=true&resourceVersion=${list.metadata.resourceVersion}`, (e, at) => log.observe(e.object as PodWatchObject, at), signal);

    const oneByOne = names("one", plan.pods);
    opts.log(`one by one: ${plan.pods} pods, each once the one before is Ready`);
    const sequential = await phase(oneByOne, log, opts, async () => {
      for (const name of oneByOne) {
        await create(client!, log, name, signal);
        await until(() => log.isReady(name), plan.phaseMaxMs, signal);
      }
    });
    const atOnce = names("many", plan.pods);
    opts.log(`at once: ${plan.pods} pods created together`);
    const parallel = await phase(atOnce, log, opts, async () => {
      await Promise.all(atOnce.map((name) => create(client!, log, name, signal)));
      await until(() => atOnce.every((n) => log.isReady(n)), plan.phaseMaxMs, signal);
    });
    await deletePods(client, [...oneByOne, ...atOnce], plan, opts, signal);
    return report(plan, baseline, sequential, parallel);
  } finally {
    stop.abort();
    client?.close();
    opts.log("ordinal down");
    await ordinal.down().catch((e) => opts.log(String(e)));
    const how = await removeBenchNode(ordinal, NODE_NETWORK);
    if (how === "purged") opts.log("pods were left: purged the bench node");
    await ordinal.dispose();
  }
};

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

function create(client: ApiClient, log: PodLatencyLog, name: string, signal: AbortSignal): Promise<string> {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: "bench-pods" } },
    spec: { terminationGracePeriodSeconds: 2, containers: [{ name: "app", image: "busybox", imagePullPolicy: "IfNotPresent", command: COMMAND }] },
  };
  log.created(name, performance.now());
  return client.request("POST", `/api/v1/namespaces/${NAMESPACE}/pods`, JSON.stringify(pod), signal);
}

/** Runs the phase's creations; a phase cut short (a pod not Ready in time) reports what it got. */
async function phase(podNames: string[], log: PodLatencyLog, opts: ScenarioOptions, body: () => Promise<void>): Promise<Phase> {
  const started = performance.now();
  try {
    await body();
  } catch (e) {
    if (opts.signal.aborted) throw e;
    opts.log(`  cut short: ${e instanceof Error ? e.message : String(e)}`);
  }
  const l = log.latencies(podNames);
  const result = { running: summarize(l.running), ready: summarize(l.ready), missing: l.missing.length, wallMs: log.lastReady(podNames) - started };
  opts.log(`  create → Running p50 ${result.running.p50.toFixed(1)} ms, p99 ${result.running.p99.toFixed(1)} ms; → Ready p99 ${result.ready.p99.toFixed(1)} ms${result.missing ? `; ${result.missing} pods not Ready` : ""}`);
  return result;
}

/** Polls `done`; throws when `maxMs` passed first. */
async function until(done: () => boolean, maxMs: number, signal: AbortSignal): Promise<void> {
  const deadline = performance.now() + maxMs;
  while (!done()) {
    signal.throwIfAborted();
    if (performance.now() > deadline) throw new Error(`not Ready within ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Deletes every pod and waits until they are gone, so that the node cleans up after them. */
async function deletePods(client: ApiClient, podNames: string[], plan: Plan, opts: ScenarioOptions, signal: AbortSignal): Promise<void> {
  opts.log(`deleting ${podNames.length} pods`);
  await Promise.all(podNames.map((n) => client.request("DELETE", `/api/v1/namespaces/${NAMESPACE}/pods/${n}`, undefined, signal).catch(() => "")));
  const gone = async () => JSON.parse(await client.request("GET", `/api/v1/namespaces/${NAMESPACE}/pods?limit=1`, undefined, signal)).items.length === 0;
  const deadline = performance.now() + plan.phaseMaxMs;
  while (!(await gone())) {
    if (performance.now() > deadline) return opts.log("pods still there after the phase's time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

function report(plan: Plan, samples: BaselineSample[], one: Phase, many: Phase): ScenarioResult {
  const total = summarize(samples.map((s) => s.totalMs));
  const part = (k: keyof BaselineSample) => summarize(samples.map((s) => s[k])).p50;
  const rows: BenchRow[] = [
    { metric: `one by one (${plan.pods} pods): create → Running with IP, p50`, value: one.running.p50, unit: "ms", baseline: total.p50 },
    { metric: "one by one: create → Running with IP, p99", value: one.running.p99, unit: "ms", baseline: total.p99, target: { op: "<", value: 300 } },
    { metric: "one by one: create → Ready, p50", value: one.ready.p50, unit: "ms" },
    { metric: "one by one: create → Ready, p99", value: one.ready.p99, unit: "ms" },
    { metric: "one by one: overhead, p50 create → Running / raw p50", value: one.running.p50 / total.p50, unit: "×", target: { op: "<", value: 1.5 } },
    { metric: `at once (${plan.pods} pods): create → Running with IP, p50`, value: many.running.p50, unit: "ms" },
    { metric: "at once: create → Running with IP, p99", value: many.running.p99, unit: "ms" },
    { metric: "at once: create → Ready, p99", value: many.ready.p99, unit: "ms" },
    { metric: "at once: first create → all Ready", value: many.wallMs, unit: "ms" },
    { metric: "pods not Ready in time", value: one.missing + many.missing, unit: "pods", target: { op: "<", value: 1 } },
    { metric: `raw baseline (${samples.length}): netns + veth, p50`, value: part("netnsMs"), unit: "ms" },
    { metric: "raw baseline: overlay rootfs, p50", value: part("rootfsMs"), unit: "ms" },
    { metric: "raw baseline: config.json + runc run --detach, p50", value: part("runcMs"), unit: "ms" },
    { metric: "raw baseline: total, p50", value: total.p50, unit: "ms" },
  ];
  const json = {
    quick: plan === QUICK,
    pods: plan.pods,
    p50RunningMs: one.running.p50,
    p99RunningMs: one.running.p99,
    maxRunningMs: one.running.max,
    p50ReadyMs: one.ready.p50,
    p99ReadyMs: one.ready.p99,
    parallelP50RunningMs: many.running.p50,
    parallelP99RunningMs: many.running.p99,
    parallelP50ReadyMs: many.ready.p50,
    parallelP99ReadyMs: many.ready.p99,
    parallelAllReadyMs: many.wallMs,
    podsNotReady: one.missing + many.missing,
    baselineRounds: samples.length,
    baselineRuncMs: total.p50,
    baselineP99Ms: total.p99,
    baselineNetnsMs: part("netnsMs"),
    baselineRootfsMs: part("rootfsMs"),
    baselineRunMs: part("runcMs"),
    overheadRatio: one.running.p50 / total.p50,
  };
  return { rows, json };
}
