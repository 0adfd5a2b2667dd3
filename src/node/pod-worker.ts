// One worker per pod UID (the kubelet's pod workers): each pass reads the latest pod object and
// what the runtime reports, writes the status, and takes one step: create the sandbox, start a
// container, wait, or stop. Deletion stops the containers within the grace period, writes the
// final status and confirms with a DELETE; the worker then ends.
import type { KubeObject } from "../api/meta.ts";
import { arr, obj, str } from "../api/validation/json-access.ts";
import type { EventRecorder } from "../client/event-recorder.ts";
import { isAbortError, type Timer, type TimerClock } from "./clock.ts";
import type { NameFence } from "./name-fence.ts";
import type { PodIPAM } from "./network/ipam.ts";
import { planPod, podDescription, type PodPlan } from "./pod-plan.ts";
import type { PodWriter } from "./pod-writer.ts";
import type { RestartBackoff } from "./restart-backoff.ts";
import type { PodRuntime, RuntimePodStatus } from "./runtime/pod-runtime.ts";
import type { ContainerWaiting } from "./status/container-statuses.ts";
import { buildPodStatus } from "./status/pod-status.ts";
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

/** Container IDs the pod status already shows: containers some agent ran before. */
function knownContainerIDs(pod: KubeObject): string[] {
  const status = obj(pod.status) ?? {};
  return [...arr(status.initContainerStatuses), ...arr(status.containerStatuses)].map((s) => str(obj(s)?.containerID)).filter((id) => id !== "");
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
  #inFlight: AbortController | undefined;
  #terminatingWith: number | undefined;
  #stopped = false;
  #failures = 0;
  /** Per container instance: which one-off events were recorded ("<id>/started", "<id>/backoff"). */
  readonly #recorded = new Set<string>();
  #claimsReported = false;

  /** `present` is false for a pod the runtime holds but the API no longer has. */
  constructor(pod: KubeObject, present: boolean, ctx: PodWorkerContext) {
    this.uid = pod.metadata.uid!;
    this.key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.#ctx = ctx;
    this.#pod = present ? pod : undefined;
    this.#last = pod;
    for (const id of knownContainerIDs(pod)) this.#recorded.add(`${id}/started`);
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

  /** Ends the worker without touching its containers (agent shutdown: pods keep running). */
  stop(): void {
    this.#stopped = true;
    this.#inFlight?.abort();
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

  async #sync(signal: AbortSignal): Promise<"again" | "idle" | "done"> {
    const pod = this.#pod;
    if (!pod || pod.metadata.deletionTimestamp) return this.#terminate(pod, signal);
    const { runtime, fence } = this.#ctx;
    let rs = await runtime.status(this.uid);
    const phase = str(obj(pod.status)?.phase);
    if (phase === "Succeeded" || phase === "Failed") {
      if (rs) await runtime.stopPod(this.uid, 0, signal);
      await this.#cleanUp();
      return "done";
    }
    if (!fence.acquire(this.key, this.uid, () => this.poke())) return "idle";
    if (!rs && knownContainerIDs(pod).length > 0 && (await runtime.reattach(pod, this.#ctx.ipam.allocate(this.uid)))) {
      rs = await runtime.status(this.uid);
    }
    const blocked = rs?.sandbox === "ready" ? [] : await this.#ctx.claims.blocking(pod);
    const plan: PodPlan = blocked.length ? { action: { kind: "wait" }, waiting: new Map() } : planPod(pod, rs, this.#ctx.backoff, this.#ctx.clock.now().getTime());
    const current = await this.#write(pod, rs, plan.waiting, false);
    if (!current) return "again";
    if (blocked.length) {
      this.#reportClaims(current, blocked);
      this.#wakeAfter(CLAIM_RECHECK_MS);
      return "idle";
    }
    this.#recordEvents(current, rs, plan.waiting);
    const action = plan.action;
    switch (action.kind) {
      case "create-sandbox":
        await this.#createSandbox(current, signal);
        return "again";
      case "start":
        if (action.restart) this.#ctx.backoff.next(action.restart.key, action.restart.finishedAt);
        await runtime.startContainer(this.uid, { container: action.container, init: action.init }, signal);
        return "again";
      case "wait":
        if (action.until !== undefined) this.#wakeAfter(action.until - this.#ctx.clock.now().getTime());
        return "idle";
      case "finish":
        await runtime.stopPod(this.uid, gracePeriod(current), signal);
        await this.#write(current, await runtime.status(this.uid), new Map(), true);
        await this.#cleanUp();
        return "done";
    }
  }

  async #createSandbox(pod: KubeObject, signal: AbortSignal): Promise<void> {
    try {
      await this.#ctx.runtime.runSandbox(pod, this.#ctx.ipam.allocate(this.uid), signal);
    } catch (e) {
      if (!isAbortError(e)) this.#ctx.events.event(pod, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }

  /** Stops the containers within the grace period, writes the final status and confirms the deletion. */
  async #terminate(pod: KubeObject | undefined, signal: AbortSignal): Promise<"done"> {
    const { runtime, writer } = this.#ctx;
    const grace = gracePeriod(pod ?? this.#last);
    this.#terminatingWith = grace;
    let rs = await runtime.status(this.uid);
    if (rs) {
      for (const c of rs.containers) {
        if (c.state === "running") this.#once(`${c.containerID}/killing`, () => this.#ctx.events.event(pod ?? this.#last, "Normal", "Killing", `Stopping container ${c.name}`));
      }
      await runtime.stopPod(this.uid, grace, signal);
      rs = await runtime.status(this.uid);
    }
    if (pod) {
      const current = rs ? await this.#write(pod, rs, new Map(), true) : pod;
      if (current && current.metadata.deletionGracePeriodSeconds !== 0) await writer.confirmDeletion(current);
    }
    await this.#cleanUp();
    return "done";
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

  #once(key: string, record: () => void): void {
    if (this.#recorded.has(key)) return;
    this.#recorded.add(key);
    record();
  }

  #recordEvents(pod: KubeObject, rs: RuntimePodStatus | undefined, waiting: ReadonlyMap<string, ContainerWaiting>): void {
    for (const c of rs?.containers ?? []) {
      const id = c.containerID;
      if (c.state !== "creating") {
        this.#once(`${id}/started`, () => {
          const spec = [...arr(specOf(pod).initContainers), ...arr(specOf(pod).containers)].map((x) => obj(x) ?? {}).find((x) => x.name === c.name);
          this.#ctx.events.event(pod, "Normal", "Pulled", `Container image "${str(spec?.image)}" already present on machine`);
          this.#ctx.events.event(pod, "Normal", "Created", `Created container: ${c.name}`);
          this.#ctx.events.event(pod, "Normal", "Started", `Started container ${c.name}`);
        });
      }
      if (c.state === "running" && c.readinessFailure) this.#once(`${id}/unhealthy`, () => this.#ctx.events.event(pod, "Warning", "Unhealthy", c.readinessFailure!));
      if (waiting.get(c.name)?.reason === "CrashLoopBackOff") {
        this.#once(`${id}/backoff`, () => this.#ctx.events.event(pod, "Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${podDescription(pod)}`));
      }
    }
  }

  #reportClaims(pod: KubeObject, blocked: string[]): void {
    if (this.#claimsReported) return;
    this.#claimsReported = true;
    const message = `Unable to attach or mount volumes: persistentvolumeclaims ${blocked.map((n) => `"${n}"`).join(", ")} not usable yet`;
    this.#ctx.events.event(pod, "Warning", "FailedMount", message);
  }
}
