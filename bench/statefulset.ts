// `ordinal bench statefulset`: the StatefulSet controller, scheduler and simulated node agent of a
// real `ordinal up --runtime sim` process with no simulated delays.
// - rollout: one OrderedReady set of 100 replicas (30 with --quick) scaled up from nothing, then
//   rolled to a new template; from one pod watch, the controller's delay per step: pod N seen Ready
//   → pod N+1 seen ADDED (and, in the update, new pod N Ready → old pod N-1 terminating, old pod N
//   DELETED → new pod N ADDED). Each delay includes one watch delivery.
// - scale: 1,000 Parallel sets × 10 replicas (100 × 10 with --quick), 10 sets per namespace, created
//   by 16 clients, until a watch has seen every pod Ready; the server's RSS then and its peak.
import { readKubeconfig } from "../src/cli/probe.ts";
import { ApiClient } from "./api-client.ts";
import { freePort, OrdinalProcess } from "./ordinal-process.ts";
import { summarize, type LatencySummary } from "./percentile.ts";
import { runWorkers } from "./run-workers.ts";
import type { BenchRow, Scenario, ScenarioOptions, ScenarioResult } from "./scenario.ts";
import { upSim } from "./statefulset-sim-server.ts";
import { creationSteps, PodMomentLog, updateSteps, type PodWatchEvent } from "./statefulset-steps.ts";

interface Plan {
  sets: number;
  replicas: number;
  rolloutReplicas: number;
  /** How long each phase may take before the run reports what it got. */
  phaseMaxMs: number;
}

const QUICK: Plan = { sets: 100, replicas: 10, rolloutReplicas: 30, phaseMaxMs: 8_000 };
const FULL: Plan = { sets: 1_000, replicas: 10, rolloutReplicas: 100, phaseMaxMs: 60_000 };
const CLIENTS = 16;
/** Sets per namespace in the scale phase: teams and apps, not one namespace holding every pod. */
const SETS_PER_NAMESPACE = 10;
const SCALE_LABEL = "bench.ordinal.dev/scale";
const POLL_MS = 20;

export const statefulSetBench: Scenario = async (opts) => {
  const plan = opts.quick ? QUICK : FULL;
  const ordinal = await OrdinalProcess.create();
  let client: ApiClient | undefined;
  try {
    const listen = `127.0.0.1:${await freePort()}`;
    // A no-op on the fresh home, but it lets bin/ordinal rebuild stale JavaScript before anything is timed.
    await ordinal.down();
    const pods = plan.sets * plan.replicas + plan.rolloutReplicas;
    opts.log(`ordinal up --detach --runtime sim --listen ${listen} (room for ${pods} pods, no sim delays)`);
    await upSim(ordinal, listen, { maxPods: pods + 100, podCIDR: "10.96.0.0/14" });
    client = new ApiClient(await readKubeconfig(ordinal.kubeconfigPath), { maxSockets: CLIENTS + 2 });
    const rollout = await measureRollout(client, plan, opts);
    const scale = await measureScale(client, ordinal, plan, opts);
    return report(plan, rollout, scale);
  } finally {
    client?.close();
    opts.log("ordinal down");
    await ordinal.dispose();
  }
};

interface RolloutResult {
  creation: LatencySummary;
  readyToDelete: LatencySummary;
  deletedToCreated: LatencySummary;
  completed: boolean;
}

interface ScaleResult {
  pods: number;
  readyPods: number;
  secondsToAllReady: number;
  createsPerSecond: number;
  rssMb: number;
  peakRssMb: number;
}

function statefulSet(name: string, replicas: number, policy: "OrderedReady" | "Parallel"): string {
  const labels = { app: name, ...(policy === "Parallel" ? { [SCALE_LABEL]: "true" } : {}) };
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: {
      serviceName: name,
      replicas,
      podManagementPolicy: policy,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } },
    },
  });
}

function createNamespace(client: ApiClient, ns: string, signal: AbortSignal): Promise<string> {
  return client.request("POST", "/api/v1/namespaces", JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }), signal);
}

/** Opens a watch on the pods at `podsPath` (plus `query`) from now; `onEvent` sees every event. */
async function watchPods(client: ApiClient, podsPath: string, query: string, onEvent: (e: PodWatchEvent, at: number) => void, signal: AbortSignal): Promise<void> {
  const list = JSON.parse(await client.request("GET", `${podsPath}?limit=1&${query}`, undefined, signal)) as { metadata: { resourceVersion: string } };
  await client.watch(`${podsPath}?watch=true&resourceVersion=${list.metadata.resourceVersion}&${query}`, (e, at) => onEvent(e as PodWatchEvent, at), signal);
}

/** Polls `done` until true or until `maxMs` passed; false on timeout. */
async function until(done: () => boolean, maxMs: number, signal: AbortSignal): Promise<boolean> {
  const deadline = performance.now() + maxMs;
  while (!done()) {
    signal.throwIfAborted();
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return true;
}

async function measureRollout(client: ApiClient, plan: Plan, opts: ScenarioOptions): Promise<RolloutResult> {
  const ns = "bench-rollout";
  const n = plan.rolloutReplicas;
  const log = new PodMomentLog("roll");
  const stop = new AbortController();
  const signal = AbortSignal.any([opts.signal, stop.signal]);
  try {
    await createNamespace(client, ns, signal);
    await watchPods(client, `/api/v1/namespaces/${ns}/pods`, "", (e, at) => log.record(e, at), signal);
    opts.log(`rollout: OrderedReady set of ${n} replicas from nothing`);
    await client.request("POST", `/apis/apps/v1/namespaces/${ns}/statefulsets`, statefulSet("roll", n, "OrderedReady"), signal);
    const created = await until(() => log.allReadySince(n, 0), plan.phaseMaxMs, signal);
    const creation = summarize(creationSteps(log, n));
    opts.log(`rollout: ${creation.count + 1} pods created; step p50 ${creation.p50.toFixed(1)} ms, p99 ${creation.p99.toFixed(1)} ms`);
    if (!created) return { creation, readyToDelete: summarize([]), deletedToCreated: summarize([]), completed: false };

    opts.log(`rollout: rolling update of ${n} replicas`);
    await changeTemplate(client, `/apis/apps/v1/namespaces/${ns}/statefulsets/roll`, signal);
    const replaced = () => Array.from({ length: n }, (_, i) => log.incarnations(i)[1]?.ready !== undefined).every(Boolean);
    const updated = await until(replaced, plan.phaseMaxMs, signal);
    const steps = updateSteps(log, n);
    const readyToDelete = summarize(steps.readyToDelete);
    const deletedToCreated = summarize(steps.deletedToCreated);
    opts.log(`rollout: update Ready → next delete p99 ${readyToDelete.p99.toFixed(1)} ms, DELETED → re-created p99 ${deletedToCreated.p99.toFixed(1)} ms`);
    return { creation, readyToDelete, deletedToCreated, completed: updated };
  } finally {
    stop.abort();
  }
}

/** A read-modify-write of the pod template (ApiClient sends JSON bodies only, so no merge patch). */
async function changeTemplate(client: ApiClient, path: string, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const set = JSON.parse(await client.request("GET", path, undefined, signal));
    set.spec.template.metadata.annotations = { "bench.ordinal.dev/rollout": String(attempt) };
    try {
      await client.request("PUT", path, JSON.stringify(set), signal);
      return;
    } catch (e) {
      // The controller's status writes race with ours: read again.
      if (attempt >= 10 || !String(e).includes("HTTP 409")) throw e;
    }
  }
}

async function measureScale(client: ApiClient, ordinal: OrdinalProcess, plan: Plan, opts: ScenarioOptions): Promise<ScaleResult> {
  const namespaces = Math.ceil(plan.sets / SETS_PER_NAMESPACE);
  const total = plan.sets * plan.replicas;
  /** UIDs of the pods seen Ready. */
  const ready = new Set<string>();
  let lastReadyAt = Number.NaN;
  const stop = new AbortController();
  const signal = AbortSignal.any([opts.signal, stop.signal]);
  try {
    for (let i = 0; i < namespaces; i++) await createNamespace(client, `bench-scale-${i}`, signal);
    await watchPods(client, "/api/v1/pods", `labelSelector=${encodeURIComponent(SCALE_LABEL)}`, (e, at) => {
      const uid = e.object.metadata?.uid;
      if (!uid || ready.has(uid) || e.type === "DELETED") return;
      if (e.object.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) {
        ready.add(uid);
        lastReadyAt = at;
      }
    }, signal);
    opts.log(`scale: ${plan.sets} Parallel sets × ${plan.replicas} replicas in ${namespaces} namespaces from ${CLIENTS} clients`);
    const started = performance.now();
    const creates = await runWorkers({ count: plan.sets, concurrency: CLIENTS, maxMs: plan.phaseMaxMs, signal }, async (i) => {
      const ns = `bench-scale-${i % namespaces}`;
      await client.request("POST", `/apis/apps/v1/namespaces/${ns}/statefulsets`, statefulSet(`s${i}`, plan.replicas, "Parallel"), signal);
    });
    opts.log(`scale: ${creates.completed} sets created in ${(creates.elapsedMs / 1000).toFixed(2)} s; waiting for ${total} pods Ready`);
    let reported = 0;
    const done = await until(() => {
      if (performance.now() - started > (reported + 1) * 5_000) opts.log(`scale: ${ready.size} of ${total} pods Ready after ${++reported * 5} s`);
      return ready.size >= total;
    }, plan.phaseMaxMs, signal);
    const memory = ordinal.memory();
    opts.log(`scale: ${ready.size} of ${total} pods Ready${done ? ` in ${((lastReadyAt - started) / 1000).toFixed(1)} s` : " when the phase ended"}; RSS ${memory.rssMb.toFixed(0)} MB, peak ${memory.peakRssMb.toFixed(0)} MB`);
    return {
      pods: total,
      readyPods: ready.size,
      secondsToAllReady: done ? (lastReadyAt - started) / 1000 : Number.NaN,
      createsPerSecond: creates.perSecond,
      rssMb: memory.rssMb,
      peakRssMb: memory.peakRssMb,
    };
  } finally {
    stop.abort();
  }
}

function report(plan: Plan, rollout: RolloutResult, scale: ScaleResult): ScenarioResult {
  const rows: BenchRow[] = [
    { metric: `${scale.pods} pods (${plan.sets} sets × ${plan.replicas}, Parallel, ${SETS_PER_NAMESPACE} sets per namespace) to all Ready`, value: scale.secondsToAllReady, unit: "s", target: { op: "<", value: 30 } },
    { metric: "pods Ready at the end of the scale phase", value: scale.readyPods, unit: "pods", target: { op: ">=", value: scale.pods } },
    { metric: "StatefulSet creates", value: scale.createsPerSecond, unit: "ops/s" },
    { metric: "RSS after the scale phase", value: scale.rssMb, unit: "MB", target: { op: "<", value: 1024 } },
    { metric: "peak RSS", value: scale.peakRssMb, unit: "MB", target: { op: "<", value: 1024 } },
    { metric: `OrderedReady step p50 (${plan.rolloutReplicas} replicas: Ready seen → next ADDED seen)`, value: rollout.creation.p50, unit: "ms" },
    { metric: "OrderedReady step p99", value: rollout.creation.p99, unit: "ms", target: { op: "<", value: 10 } },
    { metric: "rolling update p99: new pod Ready → next old pod terminating", value: rollout.readyToDelete.p99, unit: "ms" },
    { metric: "rolling update p99: old pod DELETED → re-created", value: rollout.deletedToCreated.p99, unit: "ms" },
  ];
  const json = {
    quick: plan === QUICK,
    sets: plan.sets,
    replicasPerSet: plan.replicas,
    setsPerNamespace: SETS_PER_NAMESPACE,
    pods: scale.pods,
    readyPods: scale.readyPods,
    secondsToAllReady: scale.secondsToAllReady,
    statefulSetCreatesPerSecond: scale.createsPerSecond,
    rssMb: scale.rssMb,
    peakRssMb: scale.peakRssMb,
    rolloutReplicas: plan.rolloutReplicas,
    rolloutCompleted: rollout.completed,
    // Every step delay is between two watch receipts, so it includes one watch delivery.
    stepP50Ms: rollout.creation.p50,
    stepP99Ms: rollout.creation.p99,
    stepMaxMs: rollout.creation.max,
    steps: rollout.creation.count,
    updateReadyToDeleteP50Ms: rollout.readyToDelete.p50,
    updateReadyToDeleteP99Ms: rollout.readyToDelete.p99,
    updateDeletedToCreatedP50Ms: rollout.deletedToCreated.p50,
    updateDeletedToCreatedP99Ms: rollout.deletedToCreated.p99,
  };
  return { rows, json };
}
