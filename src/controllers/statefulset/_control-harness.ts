// Test harness for StatefulSetControl: the real control logic and StatefulPodControl over fakes,
// a manual clock, a simulated kubelet, and invariants checked after every sync.
import assert from "node:assert/strict";
import { selectorFromLabelSelector } from "../../api/selectors/label-selector.ts";
import { ManualClock } from "../../client/clock.ts";
import { FakeEventRecorder } from "../../client/event-recorder.ts";
import { FakeControllerHistory } from "./fake-controller-history.ts";
import { FakeObjectManager } from "./fake-object-manager.ts";
import { FakeStatusUpdater } from "./fake-status-updater.ts";
import { identityMatches, inOrdinalRange, ordinalOf, podRevision, startOrdinal, storageMatches } from "./pod-identity.ts";
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from "./pod-state.ts";
import type { ComputedStatus } from "./replica-status.ts";
import { StatefulPodControl } from "./stateful-pod-control.ts";
import { StatefulSetControl } from "./stateful-set-control.ts";
import type { Pod, RetentionPolicyType, StatefulSet, StatefulSetSpec } from "./stateful-set-types.ts";
import { maxUnavailableOf } from "./roll-pods.ts";

export type Policy = "OrderedReady" | "Parallel";
export const policies: Policy[] = ["OrderedReady", "Parallel"];

export interface SetOptions {
  name?: string;
  replicas?: number;
  policy?: Policy;
  claims?: string[];
  retention?: { whenDeleted: RetentionPolicyType; whenScaled: RetentionPolicyType };
  spec?: Partial<StatefulSetSpec>;
}

export function newStatefulSet(opts: SetOptions = {}): StatefulSet {
  const name = opts.name ?? "web";
  const claims = opts.claims ?? ["www"];
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: "default", uid: `${name}-set-uid`, generation: 1, resourceVersion: "1" },
    spec: {
      replicas: opts.replicas ?? 3,
      selector: { matchLabels: { app: "nginx" } },
      serviceName: "nginx",
      podManagementPolicy: opts.policy ?? "OrderedReady",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: opts.retention ?? { whenDeleted: "Retain", whenScaled: "Retain" },
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: {
          containers: [{ name: "nginx", image: "nginx:1.25", volumeMounts: claims.map((c) => ({ name: c, mountPath: `/${c}` })) }],
          restartPolicy: "Always",
        },
      },
      volumeClaimTemplates: claims.map((c) => ({ metadata: { name: c }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } })),
      ...opts.spec,
    },
    status: { replicas: 0 },
  };
}

export interface HarnessOptions {
  gracefulDelete?: boolean;
  maxUnavailable?: boolean;
  /** Check OrderedReady ordering on every sync (off for tests that break it on purpose). */
  checkOrdering?: boolean;
}

export class Harness {
  readonly clock = new ManualClock(new Date("2026-06-01T12:00:00Z"));
  readonly om: FakeObjectManager;
  readonly history: FakeControllerHistory;
  readonly statusUpdater = new FakeStatusUpdater();
  readonly recorder = new FakeEventRecorder();
  readonly control: StatefulSetControl;
  readonly opts: HarnessOptions;
  set: StatefulSet;
  syncs = 0;

  constructor(set: StatefulSet, opts: HarnessOptions = {}) {
    this.set = structuredClone(set);
    this.opts = opts;
    const now = () => this.clock.now();
    this.om = new FakeObjectManager({ gracefulDelete: opts.gracefulDelete, now });
    this.history = new FakeControllerHistory(now);
    this.control = new StatefulSetControl({
      podControl: new StatefulPodControl(this.om, this.recorder),
      statusUpdater: this.statusUpdater,
      history: this.history,
      clock: this.clock,
      maxUnavailable: opts.maxUnavailable,
    });
  }

  get events(): string[] {
    return this.recorder.events;
  }

  pods(): Pod[] {
    return this.om.list(selectorFromLabelSelector(this.set.spec.selector), this.set.metadata.namespace);
  }

  names(): string[] {
    return this.pods().map((p) => p.metadata.name!);
  }

  /** Changes the spec as an API update would, bumping the generation. */
  update(change: (spec: StatefulSetSpec) => void): void {
    change(this.set.spec);
    this.set.metadata.generation = (this.set.metadata.generation ?? 0) + 1;
  }

  /** One reconcile; throws what the control throws. Invariants are checked either way. */
  async sync(): Promise<ComputedStatus> {
    const before = new Map(this.pods().map((p) => [p.metadata.name!, p]));
    this.syncs++;
    try {
      return await this.control.updateStatefulSet(this.set, this.pods());
    } finally {
      const written = this.statusUpdater.sets.get(`${this.set.metadata.namespace}/${this.set.metadata.name}`);
      if (written) this.set = { ...this.set, status: written.status };
      this.#checkStep(before);
    }
  }

  /** One reconcile that must fail; returns the error. */
  async syncError(): Promise<unknown> {
    try {
      await this.sync();
    } catch (e) {
      return e;
    }
    assert.fail("sync succeeded but an error was expected");
  }

  /** The kubelet: pending pods start, running pods become ready, terminating pods go away. */
  kubelet(): void {
    for (const pod of this.pods()) {
      if (isTerminating(pod)) continue;
      const phase = pod.status?.phase;
      if (phase === "Pending") this.om.setPhase(pod.metadata.name!, "Running");
      else if (phase === "Running" && !isRunningAndReady(pod)) this.om.setReady(pod.metadata.name!, this.clock.now());
    }
    this.om.finishTerminations();
  }

  /**
   * Syncs and runs the kubelet until the set is stable (all replicas available at the update
   * revision), moving the clock by minReadySeconds (at least 1s) per round.
   */
  async converge(maxRounds = 100): Promise<ComputedStatus> {
    for (let round = 0; round < maxRounds; round++) {
      const status = await this.sync();
      if (this.#stable(status)) return status;
      this.kubelet();
      this.clock.tick(Math.max(1, this.set.spec.minReadySeconds ?? 0) * 1000);
    }
    assert.fail(`not stable after ${maxRounds} rounds: ${JSON.stringify(this.set.status)} pods ${this.names()}`);
  }

  #stable(status: ComputedStatus): boolean {
    const want = this.set.spec.replicas ?? 1;
    const pods = this.pods();
    const rolling = this.set.spec.updateStrategy?.type !== "OnDelete";
    const partition = this.set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    return (
      pods.length === want &&
      pods.every((p) => isRunningAndReady(p) && !isTerminating(p) && isRunningAndAvailable(p, this.set.spec.minReadySeconds ?? 0, this.clock.now())) &&
      (!rolling || pods.every((p) => ordinalOf(p) - startOrdinal(this.set) < partition || podRevision(p) === status.updateRevision)) &&
      status.readyReplicas === want
    );
  }

  #checkStep(before: Map<string, Pod>): void {
    assert.deepEqual(this.om.createsOverExisting, [], "a pod was created while one with its name existed");
    const after = this.pods();
    const created = after.filter((p) => before.get(p.metadata.name!)?.metadata.uid !== p.metadata.uid);
    const deleted = [...before.values()].filter((p) => {
      const now = this.om.pods.get(`${p.metadata.namespace}/${p.metadata.name}`);
      return !isTerminating(p) && (!now || now.metadata.uid !== p.metadata.uid || isTerminating(now));
    });
    for (const pod of after) {
      assert.ok(isCreated(pod), `${pod.metadata.name} has no phase`);
      if (created.includes(pod)) {
        assert.ok(identityMatches(this.set, pod), `${pod.metadata.name} was created without its identity`);
        assert.ok(storageMatches(this.set, pod), `${pod.metadata.name} was created without its claims`);
        for (const v of pod.spec?.volumes ?? []) {
          if (v.persistentVolumeClaim) assert.ok(this.om.claims.has(`${pod.metadata.namespace}/${v.persistentVolumeClaim.claimName}`), `claim ${v.persistentVolumeClaim.claimName} missing for ${pod.metadata.name}`);
        }
      }
    }
    if (this.set.spec.podManagementPolicy === "Parallel" || this.opts.checkOrdering === false) return;
    assert.ok(created.length <= 1, `OrderedReady created ${created.map((p) => p.metadata.name)} in one sync`);
    const budget = this.opts.maxUnavailable === false ? 1 : maxUnavailableOf(this.set);
    assert.ok(deleted.length <= budget, `OrderedReady deleted ${deleted.map((p) => p.metadata.name)} in one sync`);
    for (const pod of created) {
      const ordinal = ordinalOf(pod);
      for (const [, prev] of before) {
        if (inOrdinalRange(prev, this.set) && ordinalOf(prev) < ordinal) {
          assert.ok(isRunningAndReady(prev) && !isTerminating(prev), `${pod.metadata.name} created while ${prev.metadata.name} was not ready`);
        }
      }
      for (let o = startOrdinal(this.set); o < ordinal; o++) {
        assert.ok(before.has(`${this.set.metadata.name}-${o}`), `${pod.metadata.name} created before ${this.set.metadata.name}-${o}`);
      }
    }
  }
}

/** Events with the given reason, as "<type> <reason> <message>" lines. */
export function eventsWith(h: Harness, reason: string): string[] {
  return h.events.filter((e) => e.split(" ")[1] === reason);
}

export function setImage(h: Harness, image: string): void {
  h.update((s) => ((s.template!.spec!.containers as { image: string }[])[0].image = image));
}

export const image = (h: Harness, name: string) => (h.om.pod(name).spec!.containers as { image: string }[])[0].image;
export const images = (h: Harness) => h.names().map((n) => image(h, n));

/** Syncs with the kubelet until `done`, recording pods in the order they start terminating or vanish. */
export async function rollUntil(h: Harness, done: () => boolean, rounds = 60): Promise<string[]> {
  const order: string[] = [];
  for (let i = 0; i < rounds && !done(); i++) {
    const before = new Map(h.pods().map((p) => [p.metadata.name!, p.metadata.uid]));
    await h.sync();
    for (const [name, uid] of before) {
      const now = h.om.pods.get(`default/${name}`);
      if ((!now || now.metadata.uid !== uid || now.metadata.deletionTimestamp) && !order.includes(name)) order.push(name);
    }
    h.kubelet();
    h.clock.tick(1000);
  }
  return order;
}
