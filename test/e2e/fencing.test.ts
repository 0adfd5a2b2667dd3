// Fencing under chaos on `--runtime sim`: rounds of random pod deletions (graceful and forced),
// scaling, rollouts, graceful restarts of the whole process (agent included: `ordinal down`, `up`)
// and kill -9 of it in the middle of a scale or rollout, followed by `up --detach` on the same home.
// A watch on the namespace's pods, resumed from its last resourceVersion after every restart, records
// the store's whole history; at the end it must show that no pod identity ever ran twice at once:
// - the history is complete (resourceVersions only grow, no 410 Gone);
// - for each name, a new UID appears only after the previous UID's DELETED event (so no replacement
//   reports a running container while its predecessor's object exists);
// - a pod deleted gracefully is confirmed gone only once its final status shows no running
//   container (the agent stopped it before letting the replacement be created).
// After every restart both sets converge to all replicas Ready at the update revision. A force-deleted
// pod's object is gone at once, so how its containers stop is invisible through the API: for those
// only the ordering is checked. Two focused cases restart the process while a slow-to-stop pod is
// terminating: it must still be stopped within its grace period before its deletion is confirmed.
// FENCING_SEED=<n> replays one schedule.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually, OrdinalServer, type RawClient } from "./harness.ts";
import type { WatchEvent, WatchStream } from "./raw-client.ts";

const NS = "fencing";
const ORDINAL = resolve(import.meta.dirname, "../../bin/ordinal");
const CONVERGE_MS = 30_000;
const STOP_DELAY_MS = "300";

type Op = "delete" | "force-delete" | "scale" | "rollout" | "restart" | "kill-9";
/** Two graceful restarts and three kills among the rounds; the other rounds disturb a running set. */
const SCHEDULE: Op[] = ["kill-9", "kill-9", "kill-9", "restart", "restart", "delete", "delete", "delete", "delete", "force-delete", "force-delete", "scale", "scale", "scale", "rollout", "rollout", "rollout"];

interface Seen {
  type: string;
  name: string;
  uid: string;
  rv: number;
  running: string[];
  /** Exit codes of the containers shown terminated. */
  exitCodes: number[];
  deletionGracePeriodSeconds?: number;
}

/** A pod watch that survives restarts of the server by resuming from the last resourceVersion it saw. */
class ResumingPodWatch {
  readonly events: Seen[] = [];
  readonly problems: string[] = [];
  /** Restarts of the server, by the number of events seen before each. */
  readonly restarts: number[] = [];
  #rv: string;
  #stream: WatchStream | undefined;
  #stopped = false;
  readonly #loop: Promise<void>;

  constructor(api: RawClient, fromRv: string) {
    this.#rv = fromRv;
    this.#loop = this.#run(api);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stream?.close();
    await this.#loop;
  }

  async #run(api: RawClient): Promise<void> {
    while (!this.#stopped) {
      try {
        this.#stream = await api.watch(`/api/v1/namespaces/${NS}/pods?watch=true&resourceVersion=${this.#rv}&allowWatchBookmarks=true`);
        if (this.#stream.status !== 200) {
          this.problems.push(`watch from ${this.#rv}: HTTP ${this.#stream.status} ${this.#stream.body}`);
          return;
        }
        for (;;) {
          const e = await this.#stream.next(3_600_000);
          if (!this.#take(e)) return;
        }
      } catch {
        // The server is down or the stream ended: resume from the last resourceVersion.
      }
      if (!this.#stopped) await new Promise((r) => setTimeout(r, 100));
    }
  }

  #take(e: WatchEvent): boolean {
    if (e.type === "ERROR") {
      this.problems.push(`watch from ${this.#rv}: ${JSON.stringify(e.object)}`);
      return false;
    }
    this.#rv = e.object.metadata.resourceVersion;
    if (e.type === "BOOKMARK") return true;
    const pod = e.object;
    this.events.push({
      type: e.type,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
      rv: Number(pod.metadata.resourceVersion),
      running: (pod.status?.containerStatuses ?? []).filter((c: any) => c.state?.running).map((c: any) => c.name),
      exitCodes: (pod.status?.containerStatuses ?? []).filter((c: any) => c.state?.terminated).map((c: any) => c.state.terminated.exitCode),
      deletionGracePeriodSeconds: pod.metadata.deletionGracePeriodSeconds,
    });
    return true;
  }
}

/** What the history shows that breaks fencing; empty when nothing does. */
function fencingViolations(events: readonly Seen[], forced: ReadonlySet<string>, restarts: readonly number[]): string[] {
  const out: string[] = [];
  const live = new Map<string, string>();
  let lastRv = 0;
  for (const [i, e] of events.entries()) {
    if (e.rv <= lastRv) out.push(`rv went from ${lastRv} to ${e.rv} at ${e.type} ${e.name}`);
    lastRv = Math.max(lastRv, e.rv);
    const holder = live.get(e.name);
    if (holder !== undefined && holder !== e.uid) out.push(`${e.name}: ${e.type} of uid ${e.uid} (running ${e.running.join(",") || "nothing"}) while uid ${holder} was not yet DELETED`);
    if (e.type === "DELETED") {
      live.delete(e.name);
      if (e.running.length > 0 && !forced.has(e.uid) && e.deletionGracePeriodSeconds !== 0) {
        const history = events.flatMap((x, j) => (x.uid === e.uid ? [`${j}:${x.type}${x.deletionGracePeriodSeconds !== undefined ? "(deleting)" : ""}${x.running.length ? "(running)" : ""}`] : []));
        out.push(`${e.name}: uid ${e.uid} was confirmed deleted while its status still showed ${e.running.join(",")} running; events ${history.join(" ")}; restarts after events ${restarts.join(", ")}`);
      }
    } else {
      live.set(e.name, e.uid);
    }
  }
  return out;
}

/** mulberry32: a small seeded generator, so that a failing schedule can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function statefulSet(name: string, policy: "OrderedReady" | "Parallel"): object {
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: {
      serviceName: name,
      replicas: 3,
      podManagementPolicy: policy,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, annotations: { "sim.ordinal.dev/stop-delay-ms": STOP_DELAY_MS } },
        spec: { containers: [{ name: "nginx", image: "nginx:1.20", volumeMounts: [{ name: "data", mountPath: "/data" }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    },
  };
}

describe("fencing under pod deletions, restarts and kill -9", () => {
  const seed = Number(process.env.FENCING_SEED) || Math.floor(Math.random() * 2 ** 31);
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const sets = ["web", "par"];
  let server: OrdinalServer;
  let api: RawClient;
  let watch: ResumingPodWatch | undefined;
  const forced = new Set<string>();
  const log: string[] = [];

  const request = async (method: string, path: string, body?: unknown) => {
    const r = await api.request(method, path, body === undefined ? {} : { body, contentType: method === "PATCH" ? "application/merge-patch+json" : undefined });
    assert.ok(r.status < 300 || r.status === 404, `${method} ${path}: ${r.status} ${r.text}`);
    return r;
  };
  const podsOf = async (set?: string) => {
    const r = await request("GET", `/api/v1/namespaces/${NS}/pods${set ? `?labelSelector=app%3D${set}` : ""}`);
    return r.json().items as any[];
  };
  /** Lets the system run until `n` more pod events arrived (or a quiet second passed). */
  const events = async (n: number) => {
    const target = watch!.events.length + n;
    const deadline = Date.now() + 1000;
    while (watch!.events.length < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  };
  const converged = (why: string) =>
    eventually(`both sets converged ${why}`, async () => {
      for (const name of sets) {
        const sts = (await request("GET", `/apis/apps/v1/namespaces/${NS}/statefulsets/${name}`)).json();
        const s = sts.status ?? {};
        const want = sts.spec.replicas;
        if (!(s.observedGeneration >= sts.metadata.generation && s.readyReplicas === want && s.updatedReplicas === want && s.currentRevision === s.updateRevision)) return undefined;
        const pods = await podsOf(name);
        const ok = pods.length === want && pods.every((p) => !p.metadata.deletionTimestamp && p.metadata.labels["controller-revision-hash"] === s.updateRevision && p.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
        if (!ok) return undefined;
      }
      return true;
    }, CONVERGE_MS);
  const scale = (name: string, replicas: number) => request("PATCH", `/apis/apps/v1/namespaces/${NS}/statefulsets/${name}`, { spec: { replicas } });
  let rollouts = 0;
  const rollout = (name: string) => request("PATCH", `/apis/apps/v1/namespaces/${NS}/statefulsets/${name}`, { spec: { template: { metadata: { annotations: { "fencing.ordinal.dev/round": String(++rollouts) } } } } });
  const disturb = async () => {
    const name = pick(sets);
    if (rand() < 0.5) {
      const replicas = 1 + Math.floor(rand() * 5);
      log.push(`  scale ${name} to ${replicas}`);
      await scale(name, replicas);
    } else {
      log.push(`  rollout ${name}`);
      await rollout(name);
    }
  };
  const down = () =>
    new Promise<void>((done, fail) => {
      execFile(ORDINAL, ["down"], { env: { ...process.env, ORDINAL_HOME: server.home }, timeout: 30_000 }, (err, stdout, stderr) => (err ? fail(new Error(`ordinal down: ${stderr}${stdout}`)) : done()));
    });

  before(async () => {
    server = await OrdinalServer.start({ runtime: "sim" });
    api = server.client();
    await request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
    const list = await request("GET", `/api/v1/namespaces/${NS}/pods`);
    watch = new ResumingPodWatch(api, list.json().metadata.resourceVersion);
    await request("POST", `/apis/apps/v1/namespaces/${NS}/statefulsets`, statefulSet("web", "OrderedReady"));
    await request("POST", `/apis/apps/v1/namespaces/${NS}/statefulsets`, statefulSet("par", "Parallel"));
  });
  after(async () => {
    await watch?.stop();
    await server?.stop();
  });

  /** Waits until a pod event matching `match` arrives after `from` events, or `ms` passed. */
  const seen = async (from: number, match: (e: Seen) => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!watch!.events.slice(from).some(match) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  };
  const terminating = (e: Seen) => e.type === "MODIFIED" && e.deletionGracePeriodSeconds !== undefined && e.deletionGracePeriodSeconds > 0;
  /** The agent's last word on `uid` in its DELETED event: containers still running, exit codes of the stopped. */
  const finalStatus = async (uid: string) => {
    await seen(0, (e) => e.uid === uid && e.type === "DELETED", CONVERGE_MS);
    const gone = watch!.events.find((e) => e.uid === uid && e.type === "DELETED");
    assert.ok(gone, `pod ${uid} was never confirmed deleted`);
    return { running: gone.running, exitCodes: gone.exitCodes };
  };

  for (const how of ["kill-9", "restart"] as const) {
    it(`a pod terminating at ${how === "kill-9" ? "kill -9" : "a graceful restart"} is stopped before its deletion is confirmed`, async () => {
      await converged("before the deletion");
      const victim = (await podsOf("par"))[0];
      // Slow enough to stop that the restart surely lands while it is terminating.
      await request("PATCH", `/api/v1/namespaces/${NS}/pods/${victim.metadata.name}`, { metadata: { annotations: { "sim.ordinal.dev/stop-delay-ms": "3000" } } });
      const from = watch!.events.length;
      await request("DELETE", `/api/v1/namespaces/${NS}/pods/${victim.metadata.name}`);
      await seen(from, (e) => e.uid === victim.metadata.uid && terminating(e), CONVERGE_MS);
      await (how === "kill-9" ? server.kill9() : down());
      watch!.restarts.push(watch!.events.length);
      await server.up();
      // Stopped within its grace period (exit 0, not killed with 137), and only then confirmed deleted.
      assert.deepEqual(await finalStatus(victim.metadata.uid), { running: [], exitCodes: [0] }, `final status of ${victim.metadata.name} when its deletion was confirmed`);
      await converged(`after the ${how}`);
    });
  }

  it(`no identity runs twice across ${SCHEDULE.length} rounds of chaos (seed ${seed})`, async () => {
    await converged("at the start");
    const start = watch!.events.length;
    const ops = [...SCHEDULE];
    for (let i = ops.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [ops[i], ops[j]] = [ops[j], ops[i]];
    }
    for (const [round, op] of ops.entries()) {
      log.push(`round ${round}: ${op}`);
      switch (op) {
        case "delete":
        case "force-delete": {
          const candidates = (await podsOf()).filter((p) => !p.metadata.deletionTimestamp);
          if (candidates.length === 0) break;
          const pod = pick(candidates);
          log.push(`  ${op} ${pod.metadata.name} ${pod.metadata.uid}`);
          if (op === "force-delete") forced.add(pod.metadata.uid);
          const query = op === "force-delete" ? "?gracePeriodSeconds=0" : "";
          await request("DELETE", `/api/v1/namespaces/${NS}/pods/${pod.metadata.name}${query}`);
          break;
        }
        case "scale":
        case "rollout":
          await disturb();
          break;
        case "restart":
        case "kill-9": {
          // In the middle of the scale or rollout: once a pod is terminating, or a moment into it.
          const from = watch!.events.length;
          await disturb();
          await seen(from, terminating, 1000);
          if (op === "kill-9") await server.kill9();
          else await down();
          watch!.restarts.push(watch!.events.length);
          await server.up();
          await converged(`after round ${round} (${op})`);
          break;
        }
      }
      await events(1 + Math.floor(rand() * 4));
    }
    await scale("web", 3);
    await scale("par", 3);
    await converged("at the end");
    // A last write of our own: once the watch shows it, it has shown everything before it.
    const marked = await request("PATCH", `/api/v1/namespaces/${NS}/pods/web-0`, { metadata: { annotations: { "fencing.ordinal.dev/end": "true" } } });
    const last = Number(marked.json().metadata.resourceVersion);
    await eventually("the watch to catch up", async () => (watch!.events.some((e) => e.rv >= last) || watch!.problems.length > 0 ? true : undefined));
    const context = `seed ${seed}\n${log.join("\n")}`;
    assert.deepEqual(watch!.problems, [], context);
    assert.deepEqual(fencingViolations(watch!.events.slice(start), forced, watch!.restarts.map((r) => r - start)), [], context);
    const replaced = new Set(watch!.events.slice(start).filter((e) => e.type === "DELETED").map((e) => e.name));
    assert.ok(replaced.size >= 3, `the chaos replaced too few pods to test anything: ${[...replaced].join(", ")}\n${context}`);
  });
});
