// The StatefulSet controller: informers for sets, pods, claims and revisions, a work queue of
// `namespace/name` keys, and a sync that adopts revisions and pods and hands the set to
// StatefulSetControl. Level-triggered: handlers only decide which keys to enqueue.
import type { KubeObject } from "../../api/meta.ts";
import { selectorFromLabelSelector, type LabelMatcher } from "../../api/selectors/label-selector.ts";
import type { Client } from "../../client/client.ts";
import { systemClock, type Clock } from "../../client/clock.ts";
import { ApiEventRecorder } from "../../client/event-recorder.ts";
import { Informer } from "../../client/informer.ts";
import { Lister } from "../../client/lister.ts";
import { runWorkers, WorkQueue } from "../../client/work-queue.ts";
import { message } from "./_errors.ts";
import { ClaimCandidates } from "./claim-candidates.ts";
import { ApiControllerHistory } from "./controller-history.ts";
import { onPodAdd, onPodDelete, onPodUpdate, type Enqueue, type SetLookup } from "./enqueue-rules.ts";
import { ApiObjectManager } from "./object-manager.ts";
import { claimPods } from "./pod-claiming.ts";
import { StatefulPodControl } from "./stateful-pod-control.ts";
import { StatefulSetControl } from "./stateful-set-control.ts";
import { ApiStatusUpdater } from "./stateful-set-status-updater.ts";
import { controllerOf, setKey, type ControllerRevision, type PersistentVolumeClaim, type Pod, type StatefulSet } from "./stateful-set-types.ts";

export interface StatefulSetControllerOptions {
  /** Concurrent syncs of different sets (kube-controller-manager's default is 5). */
  workers?: number;
  clock?: Clock;
  /** How often every set is synced again even without events. */
  resyncMs?: number;
  /** The maxUnavailable rolling update, on by default as in 1.37. */
  maxUnavailable?: boolean;
  /** Where user errors (overlapping selectors, bad selectors) are reported. */
  log?: (message: string) => void;
}

const setsId = { group: "apps", version: "v1", plural: "statefulsets" };
const podsId = { group: "", version: "v1", plural: "pods" };
const claimsId = { group: "", version: "v1", plural: "persistentvolumeclaims" };
const revisionsId = { group: "apps", version: "v1", plural: "controllerrevisions" };

export class StatefulSetController {
  readonly #client: Client;
  readonly #clock: Clock;
  readonly #workers: number;
  readonly #log: (message: string) => void;
  readonly #informers: Informer[];
  readonly #sets: Lister<StatefulSet>;
  readonly #pods: Lister<Pod>;
  readonly #candidates: ClaimCandidates;
  readonly #queue = new WorkQueue({ baseDelayMs: 5, maxDelayMs: 1000 * 1000 });
  readonly #recorder: ApiEventRecorder;
  readonly #control: StatefulSetControl;
  #running: Promise<void> | undefined;

  constructor(client: Client, opts: StatefulSetControllerOptions = {}) {
    this.#client = client;
    this.#clock = opts.clock ?? systemClock;
    this.#workers = opts.workers ?? 5;
    this.#log = opts.log ?? ((m) => console.error(`ordinal: statefulset-controller: ${m}`));
    const setInformer = new Informer(client.resource(setsId), {}, { resyncMs: opts.resyncMs ?? 30_000 });
    const podInformer = new Informer(client.resource(podsId));
    const claimInformer = new Informer(client.resource(claimsId));
    const revisionInformer = new Informer(client.resource(revisionsId));
    this.#informers = [setInformer, podInformer, claimInformer, revisionInformer];
    this.#sets = new Lister<StatefulSet>(setInformer);
    this.#pods = new Lister<Pod>(podInformer);
    this.#candidates = new ClaimCandidates(podInformer);
    const claims = new Lister<PersistentVolumeClaim>(claimInformer);
    const revisions = new Lister<ControllerRevision>(revisionInformer);

    this.#recorder = new ApiEventRecorder(client, { component: "statefulset-controller", clock: this.#clock });
    this.#control = new StatefulSetControl({
      podControl: new StatefulPodControl(new ApiObjectManager(client, { pods: this.#pods, claims }), this.#recorder),
      statusUpdater: new ApiStatusUpdater(client),
      history: new ApiControllerHistory(client, revisions),
      clock: this.#clock,
      maxUnavailable: opts.maxUnavailable,
    });

    setInformer.on({
      add: (set) => this.#queue.add(setKey(set)),
      update: (_old, set) => this.#queue.add(setKey(set)),
      delete: (set) => this.#queue.add(setKey(set)),
    });
    podInformer.on({
      add: (pod) => this.#enqueue(onPodAdd(this.#lookup, pod), pod),
      update: (old, pod) => this.#enqueue(onPodUpdate(this.#lookup, old, pod), pod),
      delete: (pod) => this.#enqueue(onPodDelete(this.#lookup, pod), pod),
    });
  }

  /** Starts the informers, waits for their first lists, then starts the workers. */
  async start(): Promise<void> {
    await Promise.all(this.#informers.map((i) => i.start()));
    this.#running = runWorkers(this.#queue, this.#workers, (key) => this.sync(key));
  }

  stop(): void {
    this.#queue.shutDown();
    for (const informer of this.#informers) informer.stop();
  }

  /** Resolves once the workers have returned and every recorded event is written. */
  async stopped(): Promise<void> {
    await this.#running;
    await this.#recorder.flush();
  }

  readonly #lookup: SetLookup = {
    get: (namespace, name) => this.#sets.get(namespace, name),
    inNamespace: (namespace) => this.#sets.byNamespace(namespace),
  };

  #enqueue(targets: Enqueue[], pod: KubeObject): void {
    if (!controllerOf(pod) && targets.length > 1) {
      const names = [...new Set(targets.map((t) => t.set.metadata.name))];
      if (names.length > 1) this.#log(`user error: more than one StatefulSet is selecting pods with labels: ${JSON.stringify(pod.metadata.labels ?? {})}. Sets: [${names.join(" ")}]`);
    }
    for (const { set, afterMs } of targets) {
      if (afterMs === undefined) this.#queue.add(setKey(set));
      else this.#queue.addAfter(setKey(set), afterMs);
    }
  }

  /** One reconcile of the set named by `namespace/name`; throwing requeues it with back-off. */
  async sync(key: string): Promise<void> {
    const slash = key.indexOf("/");
    const set = this.#sets.get(key.slice(0, slash), key.slice(slash + 1));
    if (!set) {
      this.#control.forget(key);
      return;
    }
    let selector: LabelMatcher;
    try {
      selector = selectorFromLabelSelector(set.spec.selector);
    } catch (e) {
      // A selector that cannot be read will not get better by retrying.
      this.#log(`error converting StatefulSet ${key} selector: ${message(e)}`);
      return;
    }
    const canAdopt = once(() => this.#canAdopt(set));
    await this.#adoptOrphanRevisions(set, canAdopt);
    const pods = await claimPods(set, selector, this.#candidates.of(set), canAdopt, {
      patchPod: async (namespace, name, patch) => void (await this.#client.resource(podsId).patch(namespace, name, "strategic", patch)),
    });
    const status = await this.#control.updateStatefulSet(set, pods);
    const minReadySeconds = set.spec.minReadySeconds ?? 0;
    if (minReadySeconds > 0 && status.availableReplicas !== (set.spec.replicas ?? 1)) this.#queue.addAfter(key, minReadySeconds * 1000);
  }

  async #adoptOrphanRevisions(set: StatefulSet, canAdopt: () => Promise<void>): Promise<void> {
    const orphans = this.#control.listRevisions(set).filter((r) => !controllerOf(r));
    if (!orphans.length) return;
    try {
      await canAdopt();
    } catch (e) {
      throw new Error(`can't adopt ControllerRevisions: ${message(e)}`, { cause: e });
    }
    await this.#control.adoptOrphanRevisions(set, orphans);
  }

  /** Adoption needs the live set to be the cached one and not being deleted (RecheckDeletionTimestamp). */
  async #canAdopt(set: StatefulSet): Promise<void> {
    const fresh = await this.#client.resource(setsId).get(set.metadata.namespace, set.metadata.name!);
    if (fresh.metadata.uid !== set.metadata.uid) {
      throw new Error(`original StatefulSet ${set.metadata.namespace}/${set.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${set.metadata.uid}`);
    }
    if (fresh.metadata.deletionTimestamp) throw new Error(`${set.metadata.namespace}/${set.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
