// The simulated runtime: no processes, only container state machines on a clock, with delays and
// failures from options and pod annotations (see sim-behavior.ts). It is the runtime of controller
// tests and scale benchmarks; the agent drives it exactly as it will drive runc.
import { randomBytes } from "node:crypto";
import type { KubeObject } from "../../../api/meta.ts";
import { str } from "../../../api/validation/json-access.ts";
import { systemTimerClock, type Timer, type TimerClock } from "../../clock.ts";
import type { ContainerTermination, PodRuntime, RuntimeContainerStatus, RuntimePodStatus, StartContainerRequest } from "../pod-runtime.ts";
import { defaultSimDelays, simBehavior, simStartError, type SimBehavior, type SimDelays } from "./sim-behavior.ts";
import { normalizeImage, simImageID } from "./sim-image.ts";
import { restoreContainers } from "./sim-restore.ts";

export interface SimRuntimeOptions extends Partial<SimDelays> {
  clock?: TimerClock;
}

export interface SimContainer {
  status: RuntimeContainerStatus;
  init: boolean;
  sidecar: boolean;
  timers: Timer[];
  readyTimer?: Timer;
  creating?: AbortController;
}

interface SimPod {
  uid: string;
  namespace: string;
  name: string;
  podIP: string;
  createdAt: number;
  sandbox: "ready" | "stopped";
  behavior: SimBehavior;
  containers: Map<string, SimContainer>;
  stopping?: Promise<void>;
  /** Aborted when a stopPod caller cuts the grace period short: the rest of the stop kills. */
  cut?: AbortController;
}

const KILLED_EXIT_CODE = 137;

export class SimRuntime implements PodRuntime {
  readonly type = "sim";
  readonly version = "0.1";
  readonly recordsProbeEvents = false;
  readonly #clock: TimerClock;
  readonly #delays: SimDelays;
  readonly #pods = new Map<string, SimPod>();
  readonly #listeners = new Set<(uid: string) => void>();
  /** Aborted by close(): stops under way end with the process, their containers unchanged. */
  readonly #closed = new AbortController();

  constructor(opts: SimRuntimeOptions = {}) {
    this.#clock = opts.clock ?? systemTimerClock;
    this.#delays = {
      createDelayMs: opts.createDelayMs ?? defaultSimDelays.createDelayMs,
      readyDelayMs: opts.readyDelayMs ?? defaultSimDelays.readyDelayMs,
      initDurationMs: opts.initDurationMs ?? defaultSimDelays.initDurationMs,
      stopDelayMs: opts.stopDelayMs ?? defaultSimDelays.stopDelayMs,
    };
  }

  async runSandbox(pod: KubeObject, podIP: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const uid = pod.metadata.uid!;
    const behavior = simBehavior(pod, this.#delays);
    const existing = this.#pods.get(uid);
    if (existing?.sandbox === "ready") return;
    if (existing) this.#forget(existing);
    this.#pods.set(uid, {
      uid,
      namespace: pod.metadata.namespace ?? "",
      name: pod.metadata.name ?? "",
      podIP,
      createdAt: this.#now(),
      sandbox: "ready",
      behavior,
      containers: new Map(),
    });
    this.#emit(uid);
  }

  async startContainer(uid: string, req: StartContainerRequest, signal: AbortSignal): Promise<void> {
    const pod = this.#pods.get(uid);
    if (!pod || pod.sandbox !== "ready") throw new Error(`sim: pod ${uid} has no running sandbox`);
    const name = str(req.container.name);
    const prev = pod.containers.get(name);
    if (prev && prev.status.state !== "exited") throw new Error(`sim: container ${name} of pod ${uid} is already ${prev.status.state}`);
    const image = str(req.container.image);
    if (pod.behavior.startError) throw simStartError(pod.behavior.startError, image);
    if (prev) cancelTimers(prev);
    const c: SimContainer = {
      init: req.init,
      sidecar: req.init && req.container.restartPolicy === "Always",
      timers: [],
      creating: new AbortController(),
      status: {
        name,
        containerID: `sim://${randomBytes(32).toString("hex")}`,
        image: normalizeImage(image),
        imageID: simImageID(image),
        state: "creating",
        attempt: prev ? prev.status.attempt + 1 : 0,
        createdAt: this.#now(),
        lastTermination: prev ? (prev.status.termination ?? prev.status.lastTermination) : undefined,
        ready: false,
      },
    };
    pod.containers.set(name, c);
    this.#emit(uid);
    try {
      await this.#clock.sleep(pod.behavior.createDelayMs, AbortSignal.any([signal, c.creating!.signal]));
    } catch (e) {
      if (pod.containers.get(name) === c) {
        if (prev) pod.containers.set(name, prev);
        else pod.containers.delete(name);
        this.#emit(uid);
      }
      throw e;
    }
    c.creating = undefined;
    c.status.state = "running";
    c.status.startedAt = this.#now();
    this.#schedule(pod, c);
    this.#emit(uid);
  }

  update(pod: KubeObject): void {
    const sim = this.#pods.get(pod.metadata.uid ?? "");
    if (!sim) return;
    let behavior: SimBehavior;
    try {
      behavior = simBehavior(pod, this.#delays);
    } catch {
      return; // a bad annotation added later changes nothing; it is reported when a sandbox starts
    }
    if (JSON.stringify(behavior) === JSON.stringify(sim.behavior)) return;
    sim.behavior = behavior;
    for (const c of sim.containers.values()) if (c.status.state === "running" && (!c.init || c.sidecar)) this.#scheduleReadiness(sim, c);
    this.#emit(sim.uid);
  }

  async stopPod(uid: string, gracePeriodSeconds: number, signal?: AbortSignal): Promise<void> {
    const pod = this.#pods.get(uid);
    if (!pod) return;
    // A stop already under way goes on; any caller may still cut its grace period short.
    const cut = (pod.cut ??= new AbortController());
    const onAbort = () => cut.abort();
    if (signal?.aborted) cut.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    pod.stopping ??= Promise.all([...pod.containers.values()].map((c) => this.#stopContainer(pod, c, gracePeriodSeconds, cut.signal))).then(() => {
      pod.sandbox = "stopped";
      pod.stopping = undefined;
      pod.cut = undefined;
      this.#emit(uid);
    });
    try {
      await pod.stopping;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async removePod(uid: string): Promise<void> {
    const pod = this.#pods.get(uid);
    if (!pod) return;
    this.#forget(pod);
    this.#pods.delete(uid);
    this.#emit(uid);
  }

  async reattach(pod: KubeObject, podIP: string): Promise<boolean> {
    const uid = pod.metadata.uid!;
    if (this.#pods.has(uid)) return true;
    const containers = restoreContainers(pod);
    if (!containers) return false;
    const sim: SimPod = {
      uid,
      namespace: pod.metadata.namespace ?? "",
      name: pod.metadata.name ?? "",
      podIP,
      createdAt: this.#now(),
      sandbox: "ready",
      behavior: simBehavior(pod, this.#delays),
      containers,
    };
    this.#pods.set(uid, sim);
    for (const c of containers.values()) if (c.status.state === "running") this.#schedule(sim, c);
    this.#emit(uid);
    return true;
  }

  async status(uid: string): Promise<RuntimePodStatus | undefined> {
    const pod = this.#pods.get(uid);
    return pod && snapshot(pod);
  }

  async list(): Promise<RuntimePodStatus[]> {
    return [...this.#pods.values()].map(snapshot);
  }

  subscribe(listener: (uid: string) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Cancels every timer; pods are forgotten as if the process ended. */
  close(): void {
    this.#closed.abort();
    for (const pod of this.#pods.values()) this.#forget(pod);
    this.#pods.clear();
    this.#listeners.clear();
  }

  #now(): number {
    return this.#clock.now().getTime();
  }

  /** Timers the running containers wait on, measured from when each started. */
  #schedule(pod: SimPod, c: SimContainer): void {
    const elapsed = this.#now() - (c.status.startedAt ?? this.#now());
    if (c.init && !c.sidecar) {
      c.timers.push(this.#clock.after(pod.behavior.initDurationMs - elapsed, () => this.#exit(pod, c, 0)));
      return;
    }
    this.#scheduleReadiness(pod, c);
    const crash = pod.behavior.crashAfterMs;
    if (!c.init && crash !== undefined) c.timers.push(this.#clock.after(crash - elapsed, () => this.#exit(pod, c, pod.behavior.exitCode)));
  }

  #scheduleReadiness(pod: SimPod, c: SimContainer): void {
    c.readyTimer?.cancel();
    c.readyTimer = undefined;
    const b = pod.behavior;
    c.status.readinessFailure = b.readinessFailure;
    if (b.readinessFailure || b.neverReady) {
      c.status.ready = false;
      return;
    }
    if (c.status.ready) return;
    if (b.readyDelayMs <= 0) {
      c.status.ready = true;
      return;
    }
    c.readyTimer = this.#clock.after(b.readyDelayMs, () => {
      c.readyTimer = undefined;
      if (c.status.state !== "running") return;
      c.status.ready = true;
      this.#emit(pod.uid);
    });
  }

  #exit(pod: SimPod, c: SimContainer, exitCode: number): void {
    if (c.status.state !== "running") return;
    cancelTimers(c);
    const termination: ContainerTermination = {
      exitCode,
      reason: exitCode === 0 ? "Completed" : "Error",
      startedAt: c.status.startedAt ?? c.status.createdAt,
      finishedAt: this.#now(),
      containerID: c.status.containerID,
    };
    c.status.state = "exited";
    c.status.ready = false;
    c.status.readinessFailure = undefined;
    c.status.termination = termination;
    this.#emit(pod.uid);
  }

  async #stopContainer(pod: SimPod, c: SimContainer, gracePeriodSeconds: number, signal: AbortSignal): Promise<void> {
    c.creating?.abort();
    if (c.status.state !== "running") return;
    cancelTimers(c);
    const graceMs = Math.max(0, gracePeriodSeconds) * 1000;
    const stopMs = pod.behavior.stopDelayMs;
    let killed = stopMs > graceMs;
    try {
      await this.#clock.sleep(Math.min(stopMs, graceMs), AbortSignal.any([signal, this.#closed.signal]));
    } catch {
      if (this.#closed.signal.aborted) return;
      killed = true; // the caller cut the grace period short
    }
    this.#exit(pod, c, killed ? KILLED_EXIT_CODE : 0);
  }

  #forget(pod: SimPod): void {
    for (const c of pod.containers.values()) {
      cancelTimers(c);
      c.creating?.abort();
    }
  }

  #emit(uid: string): void {
    for (const l of this.#listeners) l(uid);
  }
}

function cancelTimers(c: SimContainer): void {
  for (const t of c.timers) t.cancel();
  c.timers = [];
  c.readyTimer?.cancel();
  c.readyTimer = undefined;
}

function snapshot(pod: SimPod): RuntimePodStatus {
  return {
    uid: pod.uid,
    namespace: pod.namespace,
    name: pod.name,
    sandbox: pod.sandbox,
    podIP: pod.podIP,
    createdAt: pod.createdAt,
    containers: [...pod.containers.values()].map((c) => structuredClone(c.status)),
  };
}
