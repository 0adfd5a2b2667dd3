// The probes of every running container instance (the kubelet's prober manager). Each instance
// gets a worker per probe it declares; liveness and readiness wait until the startup probe has
// succeeded. The manager keeps what the status needs (started, ready, the last readiness
// failure), tells subscribers when that changes, records the kubelet's probe events, and asks
// for a restart when a liveness or startup probe fails past its threshold.
import type { KubeObject } from "../../api/meta.ts";
import { obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import { systemTimerClock, type TimerClock } from "../clock.ts";
import { runProbe } from "./probe-runner.ts";
import type { ProbeOutcome, ProbeRunner, ProbeTarget } from "./probe-target.ts";
import { ProbeWorker, type ProbeType, type ProbeVerdict } from "./probe-worker.ts";

export interface ProbedContainer {
  /** The pod as the agent last saw it: names, restartPolicy and grace periods come from it. */
  pod: KubeObject;
  /** The container spec, probes included. */
  container: JsonObject;
  /** Identifies this instance: a restarted container is a new instance with new workers. */
  containerID: string;
  /** When the instance started (epoch ms). */
  startedAt: number;
  target: ProbeTarget;
  /** A restartable init container (sidecar). */
  sidecar?: boolean;
}

export interface ContainerProbeState {
  uid: string;
  name: string;
  containerID: string;
  /** containerStatuses[].started: false until the startup probe succeeds; true at once without one. */
  started: boolean;
  /** containerStatuses[].ready: started, and the readiness probe succeeded (or there is none). */
  ready: boolean;
  /** "Readiness probe failed: ..." while not ready after a failed readiness probe. */
  readinessFailure?: string;
}

export interface RestartRequest {
  pod: KubeObject;
  containerName: string;
  containerID: string;
  probe: "liveness" | "startup";
  /** The Killing event's message, already recorded: "Container web failed liveness probe, will be restarted". */
  message: string;
  /** For the stop: the probe's terminationGracePeriodSeconds, else the pod's. */
  gracePeriodSeconds: number;
}

export interface ProberManagerOptions {
  clock?: TimerClock;
  /** Default: runProbe (exec through the target, httpGet/tcpSocket/grpc from the host). */
  runner?: ProbeRunner;
  /** Unhealthy, ProbeWarning and Killing events, on the pod. */
  events?: EventRecorder;
  /** A liveness or startup probe failed past its threshold: stop the container so it restarts. */
  onRestart?(req: RestartRequest): void;
}

interface Entry {
  c: ProbedContainer;
  abort: AbortController;
  workers: Map<ProbeType, { worker: ProbeWorker; abort: AbortController }>;
  results: Map<ProbeType, ProbeVerdict | "unknown">;
  lastReadinessFailure?: string;
  state: ContainerProbeState;
}

const PROBE_FIELDS: Record<ProbeType, string> = { startup: "startupProbe", liveness: "livenessProbe", readiness: "readinessProbe" };
const TITLE: Record<ProbeType, string> = { startup: "Startup", liveness: "Liveness", readiness: "Readiness" };
/** What a result is before the first verdict, as upstream initialises its result caches. */
const INITIAL: Record<ProbeType, ProbeVerdict | "unknown"> = { startup: "unknown", liveness: "success", readiness: "failure" };

export class ProberManager {
  readonly #clock: TimerClock;
  readonly #runner: ProbeRunner;
  readonly #opts: ProberManagerOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<(state: ContainerProbeState) => void>();
  readonly #running = new Set<Promise<void>>();

  constructor(opts: ProberManagerOptions = {}) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemTimerClock;
    this.#runner = opts.runner ?? runProbe;
  }

  /** Starts probing one container instance until remove(), `signal`, or close(). */
  add(c: ProbedContainer, signal?: AbortSignal): ContainerProbeState {
    this.remove(c.containerID);
    const abort = new AbortController();
    const entry: Entry = { c, abort, workers: new Map(), results: new Map(), state: { uid: c.pod.metadata.uid ?? "", name: str(c.container.name), containerID: c.containerID, started: false, ready: false } };
    this.#entries.set(c.containerID, entry);
    if (signal?.aborted) {
      this.remove(c.containerID);
      return { ...entry.state };
    }
    signal?.addEventListener("abort", () => this.remove(c.containerID), { once: true, signal: abort.signal });
    for (const type of ["startup", "liveness", "readiness"] as const) {
      const probe = obj(c.container[PROBE_FIELDS[type]]);
      if (probe) this.#startWorker(entry, type, probe);
    }
    entry.state = this.#compute(entry);
    return { ...entry.state };
  }

  /** Stops probing the instance and forgets it. */
  remove(containerID: string): void {
    const entry = this.#entries.get(containerID);
    if (!entry) return;
    this.#entries.delete(containerID);
    entry.abort.abort();
  }

  get(containerID: string): ContainerProbeState | undefined {
    const entry = this.#entries.get(containerID);
    return entry && { ...entry.state };
  }

  /** Calls `listener` whenever an instance's started, ready or readinessFailure changes. */
  subscribe(listener: (state: ContainerProbeState) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /**
   * The pod is terminating: liveness and startup probes stop so that they cannot restart what is
   * being stopped, while readiness goes on reporting (upstream's StopLivenessAndStartup).
   */
  stopLivenessAndStartup(uid: string): void {
    for (const entry of this.#entries.values()) {
      if (entry.state.uid !== uid) continue;
      for (const type of ["liveness", "startup"] as const) entry.workers.get(type)?.abort.abort();
    }
  }

  /** Stops every worker and waits for them to end. */
  async close(): Promise<void> {
    for (const id of [...this.#entries.keys()]) this.remove(id);
    await Promise.all(this.#running);
  }

  /** Workers still running: a finished test expects none. */
  get workerCount(): number {
    return this.#running.size;
  }

  #startWorker(entry: Entry, type: ProbeType, probe: JsonObject): void {
    const own = new AbortController();
    const signal = AbortSignal.any([entry.abort.signal, own.signal]);
    entry.results.set(type, INITIAL[type]);
    const { c } = entry;
    const worker = new ProbeWorker({
      type,
      probe,
      clock: this.#clock,
      startedAt: c.startedAt,
      signal,
      run: (s) => this.#runner(probe, { target: c.target, container: c.container, clock: this.#clock, signal: s }),
      mayRun: type === "startup" ? undefined : () => entry.state.started,
      onProbe: (outcome) => this.#observed(entry, type, outcome),
      onResult: (result) => this.#decided(entry, type, result, probe),
    });
    entry.workers.set(type, { worker, abort: own });
    const done = worker.done.finally(() => this.#running.delete(done));
    this.#running.add(done);
  }

  #observed(entry: Entry, type: ProbeType, outcome: ProbeOutcome): void {
    const events = this.#opts.events;
    const pod = entry.c.pod;
    if (outcome.error !== undefined) {
      events?.event(pod, "Warning", "Unhealthy", `${TITLE[type]} probe errored and resulted in ${outcome.result} state: ${outcome.error}`);
    } else if (outcome.result === "warning") {
      events?.event(pod, "Warning", "ProbeWarning", `${TITLE[type]} probe warning: ${outcome.output}`);
    } else if (outcome.result === "failure") {
      events?.event(pod, "Warning", "Unhealthy", `${TITLE[type]} probe failed: ${outcome.output}`);
      if (type === "readiness") {
        entry.lastReadinessFailure = `Readiness probe failed: ${outcome.output}`;
        this.#update(entry);
      }
    }
  }

  #decided(entry: Entry, type: ProbeType, result: ProbeVerdict, probe: JsonObject): void {
    if (this.#entries.get(entry.c.containerID) !== entry) return;
    entry.results.set(type, result);
    if (type === "readiness" && result === "success") entry.lastReadinessFailure = undefined;
    const wasStarted = entry.state.started;
    this.#update(entry);
    if (type === "startup" && !wasStarted && entry.state.started) entry.workers.get("readiness")?.worker.trigger();
    if (type !== "readiness" && result === "failure") this.#restart(entry, type, probe);
  }

  #restart(entry: Entry, type: "liveness" | "startup", probe: JsonObject): void {
    const { pod, container, containerID, sidecar } = entry.c;
    const name = str(container.name);
    const spec = obj(pod.spec) ?? {};
    let message = `${sidecar ? "Init container" : "Container"} ${name} failed ${type} probe`;
    if (!sidecar && spec.restartPolicy !== "Never") message += ", will be restarted";
    const grace = pod.metadata.deletionGracePeriodSeconds ?? numberOr(probe.terminationGracePeriodSeconds, numberOr(spec.terminationGracePeriodSeconds, 30));
    this.#opts.events?.event(pod, "Normal", "Killing", message);
    this.#opts.onRestart?.({ pod, containerName: name, containerID, probe: type, message, gracePeriodSeconds: grace });
  }

  #compute(entry: Entry): ContainerProbeState {
    const { results, state } = entry;
    const started = !results.has("startup") || results.get("startup") === "success";
    const ready = started && (!results.has("readiness") || results.get("readiness") === "success");
    const next: ContainerProbeState = { uid: state.uid, name: state.name, containerID: state.containerID, started, ready };
    if (started && !ready && entry.lastReadinessFailure) next.readinessFailure = entry.lastReadinessFailure;
    return next;
  }

  #update(entry: Entry): void {
    const next = this.#compute(entry);
    const prev = entry.state;
    entry.state = next;
    if (prev.started === next.started && prev.ready === next.ready && prev.readinessFailure === next.readinessFailure) return;
    for (const l of this.#listeners) l({ ...next });
  }
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === "number" ? v : fallback;
}
