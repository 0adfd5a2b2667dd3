// A minimal default-scheduler: pods without a node go to a Ready node whose taints they tolerate,
// whose labels match their selector and affinity, and that has room for their requests; the choice
// is written through pods/binding. A pod nobody can take gets PodScheduled False (Unschedulable)
// and a FailedScheduling event, and is tried again when nodes or pods change.
//
// Several workers bind at once, as upstream's binding cycles run beside the next decision. Each
// decision is taken and the pod assumed on its node in one synchronous step, so the next decision
// counts it even while its bind is in flight; a failed bind gives the room back.
import type { KubeObject } from "../api/meta.ts";
import { isConflict, isNotFound } from "../api/status-error.ts";
import { arr, obj, str } from "../api/validation/json-access.ts";
import type { PodBinder } from "../client/binder.ts";
import type { Client, ResourceClient } from "../client/client.ts";
import { ApiEventRecorder, type EventRecorder } from "../client/event-recorder.ts";
import { Informer, objectKey } from "../client/informer.ts";
import { Lister } from "../client/lister.ts";
import { WorkQueue, runWorkers } from "../client/work-queue.ts";
import { systemTimerClock, type Timer, type TimerClock } from "../node/clock.ts";
import { placePod } from "./fit.ts";
import { NodeUsage } from "./node-usage.ts";
import { podRequests } from "./pod-requests.ts";
import { withPodScheduledFalse } from "./pod-scheduled.ts";
import { checkPodClaims } from "../controllers/persistentvolume/pod-volume-claims.ts";
import type { PersistentVolumeClaim, Pod, StorageClass } from "../controllers/persistentvolume/volume-types.ts";

export interface SchedulerOptions {
  client: Client;
  binder: PodBinder;
  /** Default: core/v1 Events through the client, from component "default-scheduler". */
  events?: EventRecorder;
  /** Pods naming another scheduler are left alone. Default "default-scheduler". */
  schedulerName?: string;
  clock?: TimerClock;
  /** Another attempt for an unschedulable pod even without a change; default 5 min, as upstream. */
  unschedulableRetryMs?: number;
  /** Pods scheduled at once; each waits for its bind to be written. Default 16. */
  workers?: number;
  log?: (message: string) => void;
}

const podsId = { group: "", version: "v1", plural: "pods" };

export class Scheduler {
  readonly #opts: SchedulerOptions;
  readonly #name: string;
  readonly #clock: TimerClock;
  readonly #pods: ResourceClient;
  readonly #binder: PodBinder;
  readonly #events: EventRecorder;
  readonly #podInformer: Informer;
  readonly #nodeInformer: Informer;
  readonly #claims: ResourceClient;
  readonly #claimInformer: Informer;
  readonly #claimLister: Lister;
  readonly #classInformer: Informer;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 10_000 });
  readonly #usage = new NodeUsage();
  /** Unschedulable pods by key, with the timer of their next attempt and the last message recorded. */
  readonly #waiting = new Map<string, { timer: Timer; message: string }>();

  constructor(opts: SchedulerOptions) {
    this.#opts = opts;
    this.#name = opts.schedulerName ?? "default-scheduler";
    this.#clock = opts.clock ?? systemTimerClock;
    this.#pods = opts.client.resource(podsId);
    this.#binder = opts.binder;
    this.#events = opts.events ?? new ApiEventRecorder(opts.client, { component: "default-scheduler", clock: this.#clock });
    // Terminal pods hold no resources: leaving the selection counts as a delete.
    this.#podInformer = new Informer(this.#pods, { fieldSelector: "status.phase!=Succeeded,status.phase!=Failed" });
    this.#nodeInformer = new Informer(opts.client.resource({ group: "", version: "v1", plural: "nodes" }));
    this.#podInformer.on({
      add: (pod) => this.#observe(pod),
      update: (old, pod) => {
        if (old.metadata.uid !== pod.metadata.uid) this.#forget(old);
        this.#observe(pod);
      },
      delete: (pod) => this.#forget(pod),
    });
    this.#nodeInformer.on({ add: () => this.#retryWaiting(), update: () => this.#retryWaiting() });
    this.#claims = opts.client.resource({ group: "", version: "v1", plural: "persistentvolumeclaims" });
    this.#claimInformer = new Informer(this.#claims);
    this.#claimLister = new Lister(this.#claimInformer);
    this.#classInformer = new Informer(opts.client.resource({ group: "storage.k8s.io", version: "v1", plural: "storageclasses" }));
    for (const inf of [this.#claimInformer, this.#classInformer]) inf.on({ add: () => this.#retryWaiting(), update: () => this.#retryWaiting() });
  }

  async start(): Promise<void> {
    await Promise.all([this.#nodeInformer.start(), this.#claimInformer.start(), this.#classInformer.start(), this.#podInformer.start()]);
    void runWorkers(this.#queue, this.#opts.workers ?? 16, (key) => this.#sync(key));
  }

  stop(): void {
    this.#queue.shutDown();
    this.#podInformer.stop();
    this.#nodeInformer.stop();
    this.#claimInformer.stop();
    this.#classInformer.stop();
    for (const w of this.#waiting.values()) w.timer.cancel();
    this.#waiting.clear();
  }

  #nodeName(pod: KubeObject): string {
    return str(obj(pod.spec)?.nodeName);
  }

  #wants(pod: KubeObject): boolean {
    const spec = obj(pod.spec) ?? {};
    return !this.#nodeName(pod) && (str(spec.schedulerName) || "default-scheduler") === this.#name && !pod.metadata.deletionTimestamp;
  }

  #observe(pod: KubeObject): void {
    const node = this.#nodeName(pod);
    if (node) {
      this.#usage.set(pod.metadata.uid!, node, podRequests(pod));
      this.#stopWaiting(objectKey(pod));
    }
    if (this.#wants(pod)) this.#queue.add(objectKey(pod));
  }

  #stopWaiting(key: string): void {
    this.#waiting.get(key)?.timer.cancel();
    this.#waiting.delete(key);
  }

  #forget(pod: KubeObject): void {
    const wasPlaced = this.#usage.has(pod.metadata.uid!);
    this.#usage.remove(pod.metadata.uid!);
    this.#stopWaiting(objectKey(pod));
    if (wasPlaced) this.#retryWaiting();
  }

  #retryWaiting(): void {
    for (const key of this.#waiting.keys()) this.#queue.add(key);
  }

  async #sync(key: string): Promise<void> {
    const pod = this.#podInformer.get(key);
    if (!pod || !this.#wants(pod) || this.#usage.has(pod.metadata.uid!)) return;
    const [namespace, name] = [pod.metadata.namespace!, pod.metadata.name!];
    if (arr(obj(pod.spec)?.schedulingGates).length > 0) {
      await this.#writeCondition(pod, "SchedulingGated", "Scheduling is blocked due to non-empty scheduling gates");
      return;
    }
    const claimProblem = this.#claimProblem(pod);
    if (claimProblem) {
      await this.#unschedulable(key, pod, claimProblem);
      return;
    }
    const placement = placePod(pod, this.#nodeInformer.list().map((n) => this.#usage.info(n)));
    if ("message" in placement) {
      await this.#unschedulable(key, pod, placement.message);
      return;
    }
    // Assume the pod is there before anything is awaited, so every other decision counts it.
    this.#usage.set(pod.metadata.uid!, placement.node, podRequests(pod));
    try {
      await this.#selectNodeForClaims(pod, placement.node);
      await this.#binder.bind(namespace, name, placement.node);
    } catch (e) {
      this.#unassume(key, pod.metadata.uid!);
      if (isNotFound(e) || isConflict(e)) return;
      throw e;
    }
    this.#stopWaiting(key);
    this.#events.event(pod, "Normal", "Scheduled", `Successfully assigned ${namespace}/${name} to ${placement.node}`);
  }

  /** Gives back the room assumed for a pod whose bind failed, unless the pod is seen bound meanwhile. */
  #unassume(key: string, uid: string): void {
    const seen = this.#podInformer.get(key);
    if (seen?.metadata.uid === uid && this.#nodeName(seen)) return;
    this.#usage.remove(uid);
    this.#retryWaiting();
  }

  #claimsOf(pod: KubeObject) {
    const claims = this.#claimLister.byNamespace(pod.metadata.namespace ?? "") as unknown as PersistentVolumeClaim[];
    return { claims, classes: this.#classInformer.list() as unknown as StorageClass[] };
  }

  /** What the volume-binding plugin says before any node is looked at. */
  #claimProblem(pod: KubeObject): string | undefined {
    const { claims, classes } = this.#claimsOf(pod);
    const check = checkPodClaims(pod as unknown as Pod, claims, classes, "");
    if (check.missing.length) return `persistentvolumeclaim "${check.missing[0]}" not found`;
    if (check.unboundImmediate.length) {
      const nodes = this.#nodeInformer.list().length;
      return `0/${nodes} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`;
    }
    return undefined;
  }

  /** WaitForFirstConsumer claims learn the chosen node, so they are provisioned there. */
  async #selectNodeForClaims(pod: KubeObject, node: string): Promise<void> {
    const { claims, classes } = this.#claimsOf(pod);
    for (const claim of checkPodClaims(pod as unknown as Pod, claims, classes, node).toAnnotate) {
      await this.#claims.patch(claim.metadata.namespace, claim.metadata.name!, "merge", {
        metadata: { annotations: { "volume.kubernetes.io/selected-node": node } },
      });
    }
  }

  async #unschedulable(key: string, pod: KubeObject, message: string): Promise<void> {
    const before = this.#waiting.get(key);
    before?.timer.cancel();
    const timer = this.#clock.after(this.#opts.unschedulableRetryMs ?? 300_000, () => this.#queue.add(key));
    this.#waiting.set(key, { timer, message });
    if (before?.message !== message) this.#events.event(pod, "Warning", "FailedScheduling", message);
    await this.#writeCondition(pod, "Unschedulable", message);
  }

  async #writeCondition(pod: KubeObject, reason: string, message: string): Promise<void> {
    const status = withPodScheduledFalse(pod, reason, message, this.#clock.now().getTime());
    if (!status) return;
    try {
      await this.#pods.updateStatus({ ...pod, status });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e; // a conflict comes back through the queue with the newer pod
    }
  }
}
