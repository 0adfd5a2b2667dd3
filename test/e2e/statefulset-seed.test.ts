// The StatefulSet steps of seed 000 (Lab 3.4) on `--runtime sim`, driven by the real kubectl (the
// newest on the machine and Debian's 1.20, each in its own namespace of one ordinal), with every
// ordering claim checked on a raw watch of the namespace's pods. The watch delivers events in
// resourceVersion order, so "before" below means earlier in the store's history, never a wall clock:
// - creation is ordered: web-N appears only after web-(N-1) was seen Ready (3 → 5 creates 3, then 4);
// - scale 5 → 2 deletes web-4, web-3, web-2 in that order, each only after its predecessor is gone,
//   and their claims stay;
// - set image replaces web-2, web-1, web-0 in that order; `rollout status` exits 0 once complete;
// - a deleted pod comes back with the same name and claim; partition 2 updates only ordinals >= 2;
//   `rollout undo` restores the previous template; whenScaled: Delete removes the claims of removed
//   ordinals; `delete --cascade=orphan` leaves the pods.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { WatchEvent, WatchStream } from "./raw-client.ts";
import { eventually, findKubectls, FIXTURES, OrdinalServer, type Kubectl, type KubectlBinary, type RawClient } from "./harness.ts";

const STORAGE_CLASS_YAML = join(FIXTURES, "stateful-storageclass.yaml");
const SERVICE_YAML = join(FIXTURES, "headless-service.yaml");
/** The seed's web StatefulSet: 3 replicas of nginx:1.20 with a www claim of class standard-stateful. */
const STATEFULSET_YAML = join(FIXTURES, "nginx-statefulset.yaml");
const WAIT_MS = 20_000;

/** One watch event on a pod, reduced to what the ordering checks read. */
interface PodEvent {
  type: string;
  name: string;
  uid: string;
  rv: number;
  ready: boolean;
  terminating: boolean;
  image: string;
  revision: string;
  claims: string[];
}

function podEvent(e: WatchEvent): PodEvent {
  const pod = e.object;
  const status = pod.status ?? {};
  return {
    type: e.type,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    rv: Number(pod.metadata.resourceVersion),
    ready: (status.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True"),
    terminating: e.type === "DELETED" || pod.metadata.deletionTimestamp !== undefined,
    image: pod.spec.containers[0].image,
    revision: pod.metadata.labels?.["controller-revision-hash"] ?? "",
    claims: (pod.spec.volumes ?? []).flatMap((v: any) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [])),
  };
}

/** Every pod event of one namespace since it was opened, in the store's order. */
class PodTimeline {
  readonly events: PodEvent[] = [];
  readonly #stream: WatchStream;
  readonly #pumped: Promise<void>;
  #failure: unknown;

  private constructor(stream: WatchStream) {
    this.#stream = stream;
    this.#pumped = this.#pump();
  }

  static async open(api: RawClient, namespace: string): Promise<PodTimeline> {
    const list = await api.get(`/api/v1/namespaces/${namespace}/pods`);
    assert.equal(list.status, 200, list.text);
    const stream = await api.watch(`/api/v1/namespaces/${namespace}/pods?watch=true&resourceVersion=${list.json().metadata.resourceVersion}`);
    assert.equal(stream.status, 200, stream.body);
    return new PodTimeline(stream);
  }

  /** The position of the next event; pass it as `from` to look only at what follows. */
  get mark(): number {
    return this.events.length;
  }

  /** Index of the first event at or after `from` matching `match`, or -1. */
  indexOf(from: number, match: (e: PodEvent) => boolean): number {
    for (let i = from; i < this.events.length; i++) if (match(this.events[i])) return i;
    return -1;
  }

  /** Like indexOf, but waits for the event; returns its index. */
  async waitFor(what: string, from: number, match: (e: PodEvent) => boolean): Promise<number> {
    return eventually(`${what}; pod events seen:\n${this.describe(from)}`, async () => {
      if (this.#failure) throw this.#failure;
      const i = this.indexOf(from, match);
      return i >= 0 ? i : undefined;
    }, WAIT_MS);
  }

  /** Where `uid` first showed a deletion (deletionTimestamp or DELETED); throws if it did not. */
  terminationOf(uid: string, from = 0): number {
    const i = this.indexOf(from, (e) => e.uid === uid && e.terminating);
    assert.ok(i >= 0, `pod ${uid} was never deleted; events:\n${this.describe(from)}`);
    return i;
  }

  describe(from = 0): string {
    return this.events
      .slice(from)
      .map((e, i) => `  ${from + i} ${e.type} ${e.name} ${e.uid.slice(0, 8)} rv=${e.rv}${e.ready ? " Ready" : ""}${e.terminating ? " terminating" : ""} ${e.image}`)
      .join("\n");
  }

  async close(): Promise<void> {
    this.#stream.close();
    await this.#pumped;
  }

  async #pump(): Promise<void> {
    let last = 0;
    while (!this.#stream.done) {
      let e: WatchEvent;
      try {
        e = await this.#stream.next(3_600_000);
      } catch {
        return; // closed
      }
      if (e.type === "ERROR" || e.type === "BOOKMARK") {
        if (e.type === "ERROR") this.#failure = new Error(`watch error: ${JSON.stringify(e.object)}`);
        continue;
      }
      const pe = podEvent(e);
      if (pe.rv <= last) this.#failure = new Error(`watch went back from rv ${last} to ${pe.rv}`);
      last = pe.rv;
      this.events.push(pe);
    }
  }
}

describe("seed 000 StatefulSet steps on the sim runtime", { concurrency: 2 }, () => {
  let server: OrdinalServer;
  before(async () => {
    server = await OrdinalServer.start({ runtime: "sim" });
    const newest = findKubectls().at(-1)!;
    await server.kubectl(newest, "storage-class").ok(["apply", "-f", STORAGE_CLASS_YAML]);
  });
  after(async () => {
    await server?.stop();
  });

  const bins = findKubectls();
  const chosen = [bins.find((b) => b.minor === 20), bins.at(-1)].filter((b, i, all): b is KubectlBinary => b !== undefined && all.indexOf(b) === i);
  it("runs with Debian's kubectl 1.20 and the newest kubectl", () => {
    assert.deepEqual(chosen.map((b) => b.minor === 20 || b === bins.at(-1)), [true, true]);
  });
  for (const bin of chosen) {
    describe(`kubectl ${bin.version}`, { concurrency: 1 }, () => seedSteps(bin, () => server));
  }
});

function seedSteps(bin: KubectlBinary, srv: () => OrdinalServer): void {
  const ns = `seed-${bin.minor}`;
  let k: Kubectl;
  let api: RawClient;
  let pods: PodTimeline;
  const kubectl = (...args: string[]) => k.ok([...args, "-n", ns]);
  const getSts = async () => {
    const r = await api.get(`/apis/apps/v1/namespaces/${ns}/statefulsets/web`);
    assert.equal(r.status, 200, r.text);
    return r.json();
  };
  const getClaim = (name: string) => api.get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`);
  const livePods = async (): Promise<Map<string, any>> => {
    const r = await api.get(`/api/v1/namespaces/${ns}/pods`);
    return new Map(r.json().items.map((p: any) => [p.metadata.name, p]));
  };
  /** Until the controller saw the latest spec and status says every replica runs it and is Ready. */
  const settled = (replicas: number) =>
    eventually(`web settled at ${replicas} updated, ready replicas`, async () => {
      const sts = await getSts();
      const s = sts.status ?? {};
      const done = s.observedGeneration >= sts.metadata.generation && s.replicas === replicas && s.readyReplicas === replicas && s.updatedReplicas === replicas && s.currentRevision === s.updateRevision;
      return done ? sts : undefined;
    }, WAIT_MS);
  const name = (i: number) => `web-${i}`;
  const ready = (n: string) => (e: PodEvent) => e.name === n && e.ready && !e.terminating;
  const added = (n: string) => (e: PodEvent) => e.name === n && e.type === "ADDED";

  before(async () => {
    k = srv().kubectl(bin);
    api = srv().client();
    await k.ok(["create", "namespace", ns]);
    pods = await PodTimeline.open(api, ns);
  });
  after(async () => {
    await pods?.close();
  });

  it("apply creates web-0, web-1, web-2, each only after its predecessor was seen Ready", async () => {
    await kubectl("apply", "-f", SERVICE_YAML);
    assert.equal(await kubectl("apply", "-f", STATEFULSET_YAML), "statefulset.apps/web created\n");
    await pods.waitFor("web-2 Ready", 0, ready("web-2"));
    for (let i = 1; i <= 2; i++) {
      assert.ok(pods.indexOf(0, added(name(i))) > pods.indexOf(0, ready(name(i - 1))), `${name(i)} was created before ${name(i - 1)} was Ready:\n${pods.describe()}`);
    }
    for (let i = 0; i <= 2; i++) assert.deepEqual(pods.events.find(added(name(i)))!.claims, [`www-${name(i)}`]);
    const claims = await Promise.all([0, 1, 2].map((i) => getClaim(`www-${name(i)}`)));
    assert.deepEqual(claims.map((c) => [c.status, c.json().spec.storageClassName]), [0, 1, 2].map(() => [200, "standard-stateful"]));
    await settled(3);
  });

  it("scale 3 → 5 creates web-3, then web-4 after web-3 is Ready", async () => {
    const from = pods.mark;
    assert.equal(await kubectl("scale", "statefulset", "web", "--replicas=5"), "statefulset.apps/web scaled\n");
    await pods.waitFor("web-4 Ready", from, ready("web-4"));
    const created = pods.events.slice(from).filter((e) => e.type === "ADDED").map((e) => e.name);
    assert.deepEqual(created, ["web-3", "web-4"]);
    assert.ok(pods.indexOf(from, added("web-4")) > pods.indexOf(from, ready("web-3")), `web-4 was created before web-3 was Ready:\n${pods.describe(from)}`);
    await settled(5);
  });

  it("scale 5 → 2 deletes web-4, web-3, web-2 one at a time and keeps their claims", async () => {
    const before = await livePods();
    const claimUids = await Promise.all([2, 3, 4].map(async (i) => (await getClaim(`www-${name(i)}`)).json().metadata.uid));
    const from = pods.mark;
    await kubectl("scale", "statefulset", "web", "--replicas=2");
    await pods.waitFor("web-2 DELETED", from, (e) => e.name === "web-2" && e.type === "DELETED");
    const order: number[] = [];
    for (const i of [4, 3, 2]) {
      const uid = before.get(name(i)).metadata.uid;
      order.push(pods.terminationOf(uid, from), pods.indexOf(from, (e) => e.uid === uid && e.type === "DELETED"));
    }
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `expected web-4, web-3, web-2 each deleted and gone before the next one's deletion:\n${pods.describe(from)}`);
    assert.equal(pods.indexOf(from, (e) => (e.name === "web-0" || e.name === "web-1") && e.terminating), -1, "web-0 or web-1 was deleted");
    await settled(2);
    const after = await Promise.all([2, 3, 4].map(async (i) => (await getClaim(`www-${name(i)}`)).json().metadata.uid));
    assert.deepEqual(after, claimUids, "the claims of the removed pods must stay");
  });

  it("set image replaces web-2, web-1, web-0 in that order, and rollout status exits 0 when done", async () => {
    await kubectl("scale", "statefulset", "web", "--replicas=3");
    await settled(3);
    const old = await livePods();
    const oldRevision = (await getSts()).status.currentRevision;
    const from = pods.mark;
    assert.equal(await kubectl("set", "image", "statefulset/web", "nginx=nginx:1.21"), "statefulset.apps/web image updated\n");
    const status = await k.run(["rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"]);
    assert.equal(status.code, 0, status.stdout + status.stderr);
    assert.match(status.stdout, /roll out complete/);
    const sts = await getSts();
    assert.deepEqual(
      { updated: sts.status.updatedReplicas, ready: sts.status.readyReplicas, current: sts.status.currentRevision === sts.status.updateRevision, changed: sts.status.updateRevision !== oldRevision },
      { updated: 3, ready: 3, current: true, changed: true },
      "rollout status exited before the rollout was complete",
    );
    await pods.waitFor("web-0 Ready at nginx:1.21", from, (e) => ready("web-0")(e) && e.image === "nginx:1.21");
    const steps: number[] = [];
    for (const i of [2, 1, 0]) {
      steps.push(pods.terminationOf(old.get(name(i)).metadata.uid, from));
      steps.push(pods.indexOf(from, (e) => ready(name(i))(e) && e.image === "nginx:1.21" && e.revision === sts.status.updateRevision));
    }
    assert.ok(!steps.includes(-1) && steps.every((s, i) => i === 0 || s > steps[i - 1]), `expected web-2, web-1, web-0 each replaced and Ready before the next:\n${pods.describe(from)}`);
  });

  it("a deleted pod comes back with the same name and claim", async () => {
    const old = (await livePods()).get("web-1");
    const claimUid = (await getClaim("www-web-1")).json().metadata.uid;
    const from = pods.mark;
    assert.equal(await kubectl("delete", "pod", "web-1"), 'pod "web-1" deleted\n');
    const back = pods.events[await pods.waitFor("a new web-1 Ready", from, (e) => ready("web-1")(e) && e.uid !== old.metadata.uid)];
    assert.ok(pods.indexOf(from, added("web-1")) > pods.indexOf(from, (e) => e.uid === old.metadata.uid && e.type === "DELETED"));
    assert.deepEqual(back.claims, ["www-web-1"]);
    assert.equal((await getClaim("www-web-1")).json().metadata.uid, claimUid);
    await settled(3);
  });

  it("partition: 2 updates only ordinals >= 2", async () => {
    const old = await livePods();
    await kubectl("patch", "statefulset", "web", "-p", JSON.stringify({ spec: { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } } } }));
    const from = pods.mark;
    await kubectl("set", "image", "statefulset/web", "nginx=nginx:1.22");
    await pods.waitFor("web-2 Ready at nginx:1.22", from, (e) => ready("web-2")(e) && e.image === "nginx:1.22");
    const sts = await eventually("status shows web-2 updated and 3 Ready", async () => {
      const s = await getSts();
      return s.status.observedGeneration >= s.metadata.generation && s.status.updatedReplicas === 1 && s.status.readyReplicas === 3 ? s : undefined;
    });
    assert.notEqual(sts.status.currentRevision, sts.status.updateRevision);
    const now = await livePods();
    assert.deepEqual(
      [0, 1, 2].map((i) => [now.get(name(i)).metadata.uid === old.get(name(i)).metadata.uid, now.get(name(i)).spec.containers[0].image]),
      [[true, "nginx:1.21"], [true, "nginx:1.21"], [false, "nginx:1.22"]],
    );
    assert.equal(pods.indexOf(from, (e) => e.name !== "web-2" && e.terminating), -1, `a pod below the partition was deleted:\n${pods.describe(from)}`);
  });

  it("rollout status exits 0 once partition 0 completes the rollout", async () => {
    await kubectl("patch", "statefulset", "web", "-p", JSON.stringify({ spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } }));
    const status = await k.run(["rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"]);
    assert.equal(status.code, 0, status.stdout + status.stderr);
    const sts = await getSts();
    assert.deepEqual([sts.status.updatedReplicas, sts.status.readyReplicas, sts.status.currentRevision], [3, 3, sts.status.updateRevision]);
    const now = await livePods();
    assert.deepEqual([0, 1, 2].map((i) => now.get(name(i)).spec.containers[0].image), ["nginx:1.22", "nginx:1.22", "nginx:1.22"]);
  });

  it("rollout undo restores the previous template and rollout status exits 0", async () => {
    const from = pods.mark;
    assert.equal(await kubectl("rollout", "undo", "statefulset/web"), "statefulset.apps/web rolled back\n");
    assert.equal((await getSts()).spec.template.spec.containers[0].image, "nginx:1.21");
    const status = await k.run(["rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"]);
    assert.equal(status.code, 0, status.stdout + status.stderr);
    const sts = await settled(3);
    const now = await livePods();
    assert.deepEqual([0, 1, 2].map((i) => [now.get(name(i)).spec.containers[0].image, now.get(name(i)).metadata.labels["controller-revision-hash"]]), [0, 1, 2].map(() => ["nginx:1.21", sts.status.updateRevision]));
    const replaced = pods.events.slice(from).filter((e) => e.type === "ADDED").map((e) => e.name);
    assert.deepEqual(replaced, ["web-2", "web-1", "web-0"]);
  });

  it("whenScaled: Delete removes the claims of removed ordinals", async () => {
    await kubectl("patch", "statefulset", "web", "-p", JSON.stringify({ spec: { persistentVolumeClaimRetentionPolicy: { whenScaled: "Delete" } } }));
    await kubectl("scale", "statefulset", "web", "--replicas=1");
    await settled(1);
    await eventually("www-web-1 and www-web-2 deleted", async () => {
      const codes = await Promise.all(["www-web-1", "www-web-2"].map(async (c) => (await getClaim(c)).status));
      return codes.every((c) => c === 404) ? true : undefined;
    }, WAIT_MS);
    assert.equal((await getClaim("www-web-0")).status, 200);
  });

  it("delete --cascade=orphan leaves the pods", async () => {
    await kubectl("scale", "statefulset", "web", "--replicas=2");
    await settled(2);
    const old = await livePods();
    const from = pods.mark;
    assert.equal(await kubectl("delete", "statefulset", "web", "--cascade=orphan"), 'statefulset.apps "web" deleted\n');
    await eventually("web is gone", async () => ((await api.get(`/apis/apps/v1/namespaces/${ns}/statefulsets/web`)).status === 404 ? true : undefined));
    const now = await livePods();
    assert.deepEqual(
      [...now.values()].map((p) => [p.metadata.name, p.metadata.uid, p.metadata.ownerReferences ?? []]),
      [...old.values()].map((p) => [p.metadata.name, p.metadata.uid, []]),
    );
    assert.equal(pods.indexOf(from, (e) => e.terminating), -1, `an orphaned pod was deleted:\n${pods.describe(from)}`);
  });
}
