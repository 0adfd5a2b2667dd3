// `ordinal bench api`: ConfigMap creates, updates, gets and lists over HTTPS from 16 concurrent
// clients, watch delivery latency at 100 watchers, idle RSS and start-up time of a real
// `ordinal up` process, with the raw durable SQLite insert of the same run as the write baseline.
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { readKubeconfig } from "../src/cli/probe.ts";
import { backendTxnThroughput, rawDurableInserts } from "../src/store/bench-raw-insert.ts";
import { ApiClient } from "./api-client.ts";
import { freePort, OrdinalProcess } from "./ordinal-process.ts";
import { summarize, type LatencySummary } from "./percentile.ts";
import { runWorkers, type WorkersResult } from "./run-workers.ts";
import type { BenchRow, Scenario, ScenarioOptions, ScenarioResult } from "./scenario.ts";
import { measureWatchLatency, type WatchLatencyResult } from "./watch-latency.ts";

const CLIENTS = 16;
const WATCHERS = 100;
const WARM_UP_OPERATIONS = 500;
/** The fan-out path of a fresh process is still being compiled for its first ~200 events. */
const WATCH_WARM_UP_EVENTS = 200;
/** About 1 KB of ConfigMap data, the size of the raw baseline's value. */
const PAYLOAD = Array.from({ length: 40 }, (_, i) => `setting.${String(i).padStart(2, "0")}=value-${"x".repeat(9)}\n`).join("");

interface Plan {
  operations: number;
  /** The baseline's inserts: at most this many, fewer when the disk is too slow to do them in baselineMaxMs. */
  baselineInserts: number;
  baselineMaxMs: number;
  lists: number;
  watchEvents: number;
  /** Cap on each load phase, so that a slow server cannot blow the time budget. */
  phaseMaxMs: number;
  idleMs: number;
}

const QUICK: Plan = { operations: 3_000, baselineInserts: 3_000, baselineMaxMs: 1_500, lists: 300, watchEvents: 300, phaseMaxMs: 1_500, idleMs: 1_000 };
const FULL: Plan = { operations: 20_000, baselineInserts: 10_000, baselineMaxMs: 5_000, lists: 2_000, watchEvents: 500, phaseMaxMs: 12_000, idleMs: 1_000 };

interface Measurements {
  firstUpMs: number;
  upMs: number;
  idle: { rssMb: number };
  loaded: { rssMb: number; peakRssMb: number };
  rawPerSecond: number;
  storePerSecond: number;
  baselineInserts: number;
  creates: WorkersResult;
  updates: WorkersResult;
  gets: WorkersResult;
  lists: WorkersResult;
  watch: WatchLatencyResult;
}

export const apiBench: Scenario = async (opts) => {
  const plan = opts.quick ? QUICK : FULL;
  const baseline = await measureBaseline(plan, opts.log);
  opts.signal.throwIfAborted();

  const ordinal = await OrdinalProcess.create();
  try {
    const { signal } = opts;
    const listen = `127.0.0.1:${await freePort()}`;
    // A no-op on the fresh home, but it lets bin/ordinal rebuild stale JavaScript before anything is timed.
    await ordinal.down();
    opts.log(`ordinal up --detach --listen ${listen} (first start: generates the PKI)`);
    const firstUpMs = await ordinal.up(listen);
    signal.throwIfAborted();
    await ordinal.down();
    opts.log("ordinal up again on the same home");
    const upMs = await ordinal.up(listen);
    await sleep(plan.idleMs, undefined, { signal });
    const idle = ordinal.memory();
    const load = await runLoad(ordinal, plan, opts);
    return report(plan, { firstUpMs, upMs, idle, loaded: ordinal.memory(), ...baseline, ...load });
  } finally {
    opts.log("ordinal down");
    await ordinal.dispose();
  }
};

/**
 * The raw durable insert rate, and the store's own create rate, on this disk in this run. A short
 * probe sizes the runs, because node:sqlite blocks the event loop (even SIGINT waits) while they last.
 */
async function measureBaseline(plan: Plan, log: (line: string) => void) {
  const probe = await rawDurableInserts(tmpdir(), 200, CLIENTS);
  const inserts = Math.round(Math.min(plan.baselineInserts, Math.max(500, (probe.perSecond * plan.baselineMaxMs) / 1000)));
  log(`baseline: ${inserts} raw durable SQLite inserts, then as many creates through the store`);
  const raw = await rawDurableInserts(tmpdir(), inserts, CLIENTS);
  const store = await backendTxnThroughput(tmpdir(), inserts, CLIENTS);
  return { rawPerSecond: raw.perSecond, storePerSecond: store.perSecond, baselineInserts: inserts };
}

async function runLoad(ordinal: OrdinalProcess, plan: Plan, opts: ScenarioOptions) {
  const { signal, log } = opts;
  const creds = await readKubeconfig(ordinal.kubeconfigPath);
  const client = new ApiClient(creds, { maxSockets: CLIENTS });
  const watchClient = new ApiClient(creds, { maxSockets: WATCHERS });
  const phase = async (label: string, count: number, op: (i: number) => Promise<unknown>) => {
    log(`${label}: ${count} from ${CLIENTS} clients`);
    const cpu = cpuMeter(ordinal);
    const r = await runWorkers({ count, concurrency: CLIENTS, maxMs: plan.phaseMaxMs, signal }, async (i) => {
      await op(i);
    });
    log(`${label}: ${r.completed} in ${(r.elapsedMs / 1000).toFixed(2)} s, ${Math.round(r.perSecond)}/s; ${cpu()}`);
    return r;
  };
  /** Creates, updates, gets and lists in one namespace; the rate and latency of each. */
  const crudPhases = async (namespace: string, sizes: { operations: number; lists: number }, label = (verb: string) => verb) => {
    const collection = `/api/v1/namespaces/${namespace}/configmaps`;
    const versions: string[] = [];
    const creates = await phase(label("creates"), sizes.operations, async (i) => {
      const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: { "settings.conf": PAYLOAD } };
      const created = JSON.parse(await client.request("POST", collection, JSON.stringify(body), signal));
      versions[i] = created.metadata.resourceVersion;
    });
    // Workers stop starting operations at the deadline but finish the started ones, so 0..n-1 exist.
    const existing = creates.completed;
    const updates = await phase(label("updates"), existing, (i) => {
      const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, resourceVersion: versions[i] }, data: { "settings.conf": PAYLOAD, revision: "2" } };
      return client.request("PUT", `${collection}/cm-${i}`, JSON.stringify(body), signal);
    });
    const gets = await phase(label("gets"), sizes.operations, (i) => client.request("GET", `${collection}/cm-${i % existing}`, undefined, signal));
    const lists = await phase(label("lists of 100"), sizes.lists, () => client.request("GET", `${collection}?limit=100`, undefined, signal));
    return { creates, updates, gets, lists };
  };
  try {
    // Unmeasured: the first requests of a fresh process pay for compiling the code they run.
    await client.request("POST", "/api/v1/namespaces", JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "bench-warm-up" } }));
    await crudPhases("bench-warm-up", { operations: WARM_UP_OPERATIONS, lists: WARM_UP_OPERATIONS / 10 }, (verb) => `warm-up ${verb}`);
    const { creates, updates, gets, lists } = await crudPhases("default", plan);

    log(`watch: ${plan.watchEvents} creates seen by ${WATCHERS} watchers, after ${WATCH_WARM_UP_EVENTS} unmeasured`);
    const cpu = cpuMeter(ordinal);
    const watch = await measureWatchLatency(client, watchClient, {
      watchers: WATCHERS,
      events: plan.watchEvents,
      warmUpEvents: WATCH_WARM_UP_EVENTS,
      namespace: "bench-watch",
      maxMs: plan.phaseMaxMs,
      eventTimeoutMs: 5_000,
      signal,
    });
    log(`watch: ${watch.events} events, ${watch.beforeAck} of ${watch.sinceAckMs.length} deliveries before the create response; ${cpu()}`);
    return { creates, updates, gets, lists, watch };
  } finally {
    client.close();
    watchClient.close();
  }
}

/** CPU used by the server and by this process since the call, as text for the progress log. */
function cpuMeter(ordinal: OrdinalProcess): () => string {
  const server = ordinal.cpuMs();
  const own = process.cpuUsage();
  return () => {
    const ownUs = process.cpuUsage(own);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return `CPU server ${seconds(ordinal.cpuMs() - server)}, bench ${seconds((ownUs.user + ownUs.system) / 1000)}`;
  };
}

function report(plan: Plan, m: Measurements): ScenarioResult {
  const lat = (r: WorkersResult) => summarize(r.latenciesMs);
  const create = lat(m.creates);
  const update = lat(m.updates);
  const get = lat(m.gets);
  const list = lat(m.lists);
  const watch = summarize(m.watch.sinceAckMs);
  const watchSent = summarize(m.watch.sinceSentMs);
  const rows: BenchRow[] = [
    { metric: "up to /readyz, first start (PKI)", value: m.firstUpMs, unit: "ms" },
    { metric: "up to /readyz", value: m.upMs, unit: "ms", target: { op: "<", value: 1000 } },
    { metric: "idle RSS", value: m.idle.rssMb, unit: "MB", target: { op: "<", value: 80 } },
    { metric: `creates (${CLIENTS} clients)`, value: m.creates.perSecond, unit: "ops/s", baseline: m.rawPerSecond, target: { op: ">=", value: 3000 } },
    ...latencyRows("create", create, { op: "<", value: 20 }),
    { metric: "updates", value: m.updates.perSecond, unit: "ops/s", baseline: m.rawPerSecond },
    ...latencyRows("update", update),
    { metric: "gets", value: m.gets.perSecond, unit: "ops/s" },
    ...latencyRows("get", get),
    { metric: "lists (limit=100)", value: m.lists.perSecond, unit: "ops/s" },
    ...latencyRows("list", list),
    { metric: `watch delivery p50 (${WATCHERS} watchers, since the write was sent)`, value: watchSent.p50, unit: "ms" },
    { metric: `watch delivery p99 (${WATCHERS} watchers, since the write was sent)`, value: watchSent.p99, unit: "ms", target: { op: "<", value: 5 } },
    { metric: "watch delivery p99, since the write was answered", value: watch.p99, unit: "ms" },
    { metric: "store creates, no HTTP", value: m.storePerSecond, unit: "ops/s", baseline: m.rawPerSecond },
    { metric: "RSS after load", value: m.loaded.rssMb, unit: "MB" },
    { metric: "peak RSS", value: m.loaded.peakRssMb, unit: "MB" },
  ];
  const json = {
    quick: plan === QUICK,
    clients: CLIENTS,
    createsPerSecond: m.creates.perSecond,
    createP50Ms: create.p50,
    createP99Ms: create.p99,
    updatesPerSecond: m.updates.perSecond,
    updateP50Ms: update.p50,
    updateP99Ms: update.p99,
    getsPerSecond: m.gets.perSecond,
    getP50Ms: get.p50,
    getP99Ms: get.p99,
    listsPerSecond: m.lists.perSecond,
    listP50Ms: list.p50,
    listP99Ms: list.p99,
    watchers: WATCHERS,
    watchEvents: m.watch.events,
    // Events are written to watchers before the write is answered, so "since answered" is mostly
    // 0; the figure that can miss is the time from sending the write to the watcher reading it.
    watchP50Ms: watchSent.p50,
    watchP99Ms: watchSent.p99,
    watchSinceAckP50Ms: watch.p50,
    watchSinceAckP99Ms: watch.p99,
    watchBeforeAckFraction: m.watch.beforeAck / m.watch.sinceAckMs.length,
    idleRssMb: m.idle.rssMb,
    loadedRssMb: m.loaded.rssMb,
    peakRssMb: m.loaded.peakRssMb,
    upToReadyMs: m.upMs,
    firstUpToReadyMs: m.firstUpMs,
    baselineCreatesPerSecond: m.rawPerSecond,
    createRatioToBaseline: m.creates.perSecond / m.rawPerSecond,
    updateRatioToBaseline: m.updates.perSecond / m.rawPerSecond,
    storeCreatesPerSecond: m.storePerSecond,
    baselineInserts: m.baselineInserts,
    creates: m.creates.completed,
    updates: m.updates.completed,
    gets: m.gets.completed,
    lists: m.lists.completed,
  };
  return { rows, json };
}

function latencyRows(name: string, s: LatencySummary, p99Target?: BenchRow["target"]): BenchRow[] {
  return [
    { metric: `${name} p50`, value: s.p50, unit: "ms" },
    { metric: `${name} p99`, value: s.p99, unit: "ms", target: p99Target },
  ];
}
