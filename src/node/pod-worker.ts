// One worker per pod UID (the kubelet's pod workers): each pass reads the latest pod object and
// what the runtime reports, writes the status, and takes one step: create the sandbox, start a
// container, wait, or stop. Deletion stops the containers within the grace period, writes the
// final status and confirms with a DELETE; the worker then ends. Stopping the worker (agent
// shutdown) is not a deletion: a graceful stop under way is left to the runtime and to the next
// agent, which confirms the deletion once the containers have stopped.
import type { KubeObject } from "../api/meta.ts";
import { arr, obj, str } from "../api/validation/json-access.ts";
import type { EventRecorder } from "../client/event-recorder.ts";
import { isAbortError, type Timer, type TimerClock } from "./clock.ts";
import type { NameFence } from "./name-fence.ts";
import type { PodIPAM } from "./network/ipam.ts";
import { planPod, type PodPlan } from "./pod-plan.ts";
import { PodWorkerEvents } from "./pod-worker-events.ts";
import type { PodWriter } from "./pod-writer.ts";
import type { RestartBackoff } from "./restart-backoff.ts";
import { isContainerStartError, type PodRuntime, type RuntimePodStatus } from "./runtime/pod-runtime.ts";
import type { ContainerWaiting } from "./status/container-statuses.ts";
import { buildPodStatus } from "./status/pod-status.ts";
import { StartFailures } from "./status/start-failures.ts";
import type { ClaimCheck } from "./volume-claims.ts";

export interface PodWorkerContext {
  hostIP: string;
  runtime: PodRuntime;
  clock: TimerClock;
  ipam: PodIPAM;
  backoff: RestartBackoff;
  writer: PodWriter;
  events: EventRecorder;
  claims: ClaimCheck;
  fence: NameFence;
  /** Failures other than cancellations; the worker retries with back-off. */
  onError(key: string, e: unknown): void;
}

const CLAIM_RECHECK_MS = 1000;
const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 10_000;

const rv = (pod: KubeObject) => Number(pod.metadata.resourceVersion ?? 0);
const specOf = (pod: KubeObject) => obj(pod.spec) ?? {};

function gracePeriod(pod: KubeObject): number {
  const g = pod.metadata.deletionGracePeriodSeconds ?? specOf(pod).terminationGracePeriodSeconds;
  return typeof g === "number" ? g : 30;
}

const statusesOf = (pod: KubeObject) => {
  const status = obj(pod.status) ?? {};
  return [...arr(status.initContainerStatuses), ...arr(status.containerStatuses)].map((s) => obj(s) ?? {});
};

/** Container IDs the pod status already shows: containers some agent ran before. */
function knownContainerIDs(pod: KubeObject): string[] {
  return statusesOf(pod).map((s) => str(s.containerID)).filter((id) => id !== "");
}

/** Whether the pod status shows a container running: some agent ran it and never saw it stop. */
function showsRunning(pod: KubeObject): boolean {
  return statusesOf(pod).some((s) => str(s.containerID) !== "" && obj(obj(s.state)?.running) !== undefined);
}

export class PodWorker {
  readonly uid: string;
  /** namespace/name. */
  readonly key: string;
  readonly done: Promise<void>;
  readonly #ctx: PodWorkerContext;
  /** The latest object; undefined once the pod is gone from the API. */
  #pod: KubeObject | undefined;
  #last: KubeObject;
  #dirty = true;
  #wake: (() => void) | undefined;
  #timer: Timer | undefined;
  /** The step under way; aborted when the pod goes, or its grace period shrinks. */
  #inFlight: AbortController | undefined;
  /** Aborted by stop(). */
  readonly #life = new AbortController();
  #terminatingWith: number | undefined;
  #stopped = false;
  #failures = 0;
  readonly #startFailures: StartFailures;
  readonly #events: PodWorkerEvents;

  /** `present` is false for a pod the runtime holds but the API no longer has. */
  constructor(pod: KubeObject, present: boolean, ctx: PodWorkerContext) {
    this.uid = pod.metadata.uid!;
    this.key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.#ctx = ctx;
    this.#pod = present ? pod : undefined;
    this.#last = pod;
    this.#startFailures = new StartFailures(this.uid, ctx.backoff);
    this.#events = new PodWorkerEvents({ events: ctx.events, recordsProbeEvents: ctx.runtime.recordsProbeEvents, startedBefore: knownContainerIDs(pod) });
    this.done = this.#run();
  }

  /** The latest object from the informer, or undefined when the pod was deleted from the API. */
  update(pod: KubeObject | undefined): void {
    // Older than what we hold, or the echo of our own status write.
    if (pod && this.#pod && rv(pod) <= rv(this.#pod)) return;
    this.#pod = pod;
    if (pod) this.#last = pod;
    const deleting = !pod || pod.metadata.deletionTimestamp !== undefined;
    if (pod && !deleting) this.#ctx.runtime.update(pod);
    // Cut short what is under way: a start when the pod goes; a graceful stop (killing at once)
    // when the pod is force-deleted or its grace period shrinks.
    if (deleting && (this.#terminatingWith === undefined || !pod || gracePeriod(pod) < this.#terminatingWith)) this.#inFlight?.abort();
    this.poke();
  }

  poke(): void {
    this.#dirty = true;
    this.#wake?.();
  }

  /**
   * Ends the worker without touching its containers (agent shutdown: pods keep running). A start
   * under way is abandoned; a graceful stop goes on in the runtime, and the deletion stays
   * unconfirmed for the next agent.
   */
  stop(): void {
    this.#stopped = true;
    this.#life.abort();
    this.#timer?.cancel();
    this.#wake?.();
  }

  async #run(): Promise<void> {
    // Never run inside the informer callback that created the worker.
    await Promise.resolve();
    while (!this.#stopped) {
      if (!this.#dirty) await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
      if (this.#stopped) break;
      this.#dirty = false;
      this.#timer?.cancel();
      this.#timer = undefined;
      const inFlight = (this.#inFlight = new AbortController());
      try {
        const outcome = await this.#sync(inFlight.signal);
        this.#failures = 0;
        if (outcome === "done") break;
        if (outcome === "again") this.#dirty = true;
      } catch (e) {
        if (this.#stopped) break;
        if (isAbortError(e)) continue;
        this.#failures++;
        this.#ctx.onError(this.key, e);
        this.#wakeAfter(Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.#failures - 1)));
      } finally {
        this.#inFlight = undefined;
      }
    }
    this.#timer?.cancel();
  }

  #wakeAfter(ms: number): void {
    this.#timer?.cancel();
    this.#timer = this.#ctx.clock.after(ms, () => {
      this.#timer = undefined;
      this.poke();
    });
  }

  /** `cut` aborts when the pod goes or its grace period shrinks; agent shutdown does not abort it. */
  async #sync(cut: AbortSignal): Promise<"again" | "idle" | "done"> {
    const pod = this.#pod;
    if (!pod || pod.metadata.deletionTimestamp) return this.#terminate(pod, cut);
    const { runtime, fence } = this.#ctx;
    const signal = AbortSignal.any([cut, this.#life.signal]);
    let rs = await runtime.status(this.uid);
    const phase = str(obj(pod.status)?.phase);
    if (phase === "Succeeded" || phase === "Failed") {
      if (rs && !(await this.#unlessStopped(runtime.stopPod(this.uid, 0, cut)))) return "done";
      await this.#cleanUp();
      return "done";
    }
    if (!fence.acquire(this.key, this.uid, () => this.poke())) return "idle";
    if (!rs && knownContainerIDs(pod).length > 0 && (await runtime.reattach(pod, this.#ctx.ipam.allocate(this.uid)))) {
      rs = await runtime.status(this.uid);
    }
    const blocked = rs?.sandbox === "ready" ? [] : await this.#ctx.claims.blocking(pod);
    const failed = this.#startFailures.all;
    const plan: PodPlan = blocked.length ? { action: { kind: "wait" }, waiting: new Map() } : planPod(pod, rs, this.#ctx.backoff, this.#ctx.clock.now().getTime(), failed);
    const action = plan.action;
    // As kubelet's status manager does, the status is written while the pod is being started, not
    // before: a start never waits for an API round trip. The write is awaited before the next sync,
    // so the writes stay in order, and a pod found gone meanwhile is cleaned up by that sync.
    if (action.kind === "create-sandbox" || action.kind === "start") {
      const writing = this.#write(pod, rs, plan.waiting, false);
      writing.catch(() => {});
      this.#events.synced(pod, rs, plan.waiting, failed);
      try {
        if (action.kind === "create-sandbox") await this.#createSandbox(pod, signal);
        else await this.#start(pod, action, signal);
      } finally {
        await writing;
      }
      return "again";
    }
    const current = await this.#write(pod, rs, plan.waiting, false);
    if (!current) return "again";
    if (blocked.length) {
      this.#events.claimsBlocked(current, blocked);
      this.#wakeAfter(CLAIM_RECHECK_MS);
      return "idle";
    }
    this.#events.synced(current, rs, plan.waiting, failed);
    switch (action.kind) {
      case "wait":
        if (action.until !== undefined) this.#wakeAfter(action.until - this.#ctx.clock.now().getTime());
        return "idle";
      case "finish":
        if (!(await this.#unlessStopped(runtime.stopPod(this.uid, gracePeriod(current), cut)))) return "done";
        await this.#write(current, await runtime.status(this.uid), new Map(), true);
        await this.#cleanUp();
        return "done";
    }
  }

  async #start(pod: KubeObject, action: Extract<PodPlan["action"], { kind: "start" }>, signal: AbortSignal): Promise<void> {
    if (action.restart) this.#ctx.backoff.next(action.restart.key, action.restart.finishedAt);
    const name = str(action.container.name);
    try {
      await this.#ctx.runtime.startContainer(this.uid, { container: action.container, init: action.init }, signal);
    } catch (e) {
      if (!isContainerStartError(e)) throw e;
      const f = this.#startFailures.record(name, str(action.container.image), e, this.#ctx.clock.now().getTime());
      this.#events.startFailed(pod, f);
      return;
    }
    this.#startFailures.clear(name);
  }

  async #createSandbox(pod: KubeObject, signal: AbortSignal): Promise<void> {
    try {
      await this.#ctx.runtime.runSandbox(pod, this.#ctx.ipam.allocate(this.uid), signal);
    } catch (e) {
      if (!isAbortError(e)) this.#ctx.events.event(pod, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }

  /**
   * Stops the containers within the grace period, writes the final status and confirms the
   * deletion. When the worker is stopped first, it leaves without confirming.
   */
  async #terminate(pod: KubeObject | undefined, cut: AbortSignal): Promise<"done"> {
    const { runtime, writer } = this.#ctx;
    const last = pod ?? this.#last;
    const grace = gracePeriod(last);
    this.#terminatingWith = grace;
    let rs = await runtime.status(this.uid);
    // The runtime forgot the pod (the process restarted) while its status shows containers
    // running: take them over so that they stop within the grace period.
    if (!rs && showsRunning(last)) {
      this.#ctx.fence.acquire(this.key, this.uid, () => {});
      if (await runtime.reattach(last, this.#ctx.ipam.allocate(this.uid))) rs = await runtime.status(this.uid);
    }
    if (this.#stopped) return "done";
    if (rs) {
      this.#events.killing(last, rs);
      if (!(await this.#unlessStopped(runtime.stopPod(this.uid, grace, cut)))) return "done";
      rs = await runtime.status(this.uid);
    }
    if (pod) {
      const current = rs ? await this.#write(pod, rs, new Map(), true) : pod;
      if (current && current.metadata.deletionGracePeriodSeconds !== 0) await writer.confirmDeletion(current);
    }
    await this.#cleanUp();
    return "done";
  }

  /** Waits for `work` unless the worker stops first: false then, and the work goes on without it. */
  async #unlessStopped(work: Promise<void>): Promise<boolean> {
    const life = this.#life.signal;
    let onStop = () => {};
    const stopped = new Promise<false>((resolve) => (onStop = () => resolve(false)));
    if (life.aborted) onStop();
    else life.addEventListener("abort", onStop, { once: true });
    try {
      return await Promise.race([work.then(() => true), stopped]);
    } finally {
      life.removeEventListener("abort", onStop);
    }
  }

  async #cleanUp(): Promise<void> {
    await this.#ctx.runtime.removePod(this.uid);
    this.#ctx.ipam.release(this.uid);
    this.#ctx.fence.release(this.key, this.uid);
    this.#ctx.backoff.forget(`${this.uid}/`);
  }

  /** Writes the status; returns the stored pod, or undefined (and forgets the pod) when it is gone. */
  async #write(pod: KubeObject, rs: RuntimePodStatus | undefined, waiting: ReadonlyMap<string, ContainerWaiting>, terminal: boolean): Promise<KubeObject | undefined> {
    const { writer, clock, hostIP } = this.#ctx;
    const stored = await writer.writeStatus(pod, (p) => buildPodStatus({ pod: p, runtime: rs, waiting, hostIP, now: clock.now().getTime(), terminal }));
    if (!stored) {
      if (this.#pod?.metadata.uid === pod.metadata.uid) this.#pod = undefined;
      return undefined;
    }
    if (!this.#pod || rv(stored) >= rv(this.#pod)) this.#pod = stored;
    this.#last = stored;
    return stored;
  }
}
