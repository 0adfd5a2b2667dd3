// The events a pod worker records on its pod, each once per container instance or failure as the
// kubelet records them: Pulled/Created/Started, Unhealthy (unless the runtime's prober records its
// own), BackOff, Killing, FailedMount, and those of failed starts.
import type { KubeObject } from "../api/meta.ts";
import { arr, obj, str } from "../api/validation/json-access.ts";
import type { EventRecorder } from "../client/event-recorder.ts";
import { podDescription } from "./pod-plan.ts";
import type { RuntimePodStatus } from "./runtime/pod-runtime.ts";
import type { ContainerWaiting } from "./status/container-statuses.ts";
import { failureEvents, pullBackOffEvents, type FailureEvent, type StartFailure } from "./status/start-failures.ts";

export interface PodWorkerEventsOptions {
  events: EventRecorder;
  /** The runtime records Unhealthy events itself. */
  recordsProbeEvents: boolean;
  /** Container IDs an earlier agent already reported as started. */
  startedBefore: readonly string[];
}

export class PodWorkerEvents {
  readonly #events: EventRecorder;
  readonly #recordsProbeEvents: boolean;
  /** Keys of one-off events already recorded ("<container id>/started", "<name>/pull-backoff@<time>"). */
  readonly #recorded = new Set<string>();
  #claimsReported = false;

  constructor(opts: PodWorkerEventsOptions) {
    this.#events = opts.events;
    this.#recordsProbeEvents = opts.recordsProbeEvents;
    for (const id of opts.startedBefore) this.#recorded.add(`${id}/started`);
  }

  /** What a sync found: containers that started, failing readiness, back-offs. */
  synced(pod: KubeObject, rs: RuntimePodStatus | undefined, waiting: ReadonlyMap<string, ContainerWaiting>, failed: ReadonlyMap<string, StartFailure>): void {
    for (const c of rs?.containers ?? []) {
      const id = c.containerID;
      if (c.state !== "creating") {
        this.#once(`${id}/started`, () => {
          const spec = [...arr(obj(pod.spec)?.initContainers), ...arr(obj(pod.spec)?.containers)].map((x) => obj(x) ?? {}).find((x) => x.name === c.name);
          this.#events.event(pod, "Normal", "Pulled", `Container image "${str(spec?.image)}" already present on machine`);
          this.#events.event(pod, "Normal", "Created", `Created container: ${c.name}`);
          this.#events.event(pod, "Normal", "Started", `Started container ${c.name}`);
        });
      }
      if (!this.#recordsProbeEvents && c.state === "running" && c.readinessFailure) {
        this.#once(`${id}/unhealthy`, () => this.#events.event(pod, "Warning", "Unhealthy", c.readinessFailure!));
      }
      if (waiting.get(c.name)?.reason === "CrashLoopBackOff") {
        this.#once(`${id}/backoff`, () => this.#events.event(pod, "Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${podDescription(pod)}`));
      }
    }
    for (const [name, w] of waiting) {
      const f = failed.get(name);
      if (w.reason === "ImagePullBackOff" && f) this.#once(`${name}/pull-backoff@${f.at}`, () => this.#record(pod, pullBackOffEvents(f)));
    }
  }

  startFailed(pod: KubeObject, f: StartFailure): void {
    this.#record(pod, failureEvents(f));
  }

  /** The pod is being stopped: Killing for each running container. */
  killing(pod: KubeObject, rs: RuntimePodStatus): void {
    for (const c of rs.containers) {
      if (c.state === "running") this.#once(`${c.containerID}/killing`, () => this.#events.event(pod, "Normal", "Killing", `Stopping container ${c.name}`));
    }
  }

  claimsBlocked(pod: KubeObject, blocked: readonly string[]): void {
    if (this.#claimsReported) return;
    this.#claimsReported = true;
    const message = `Unable to attach or mount volumes: persistentvolumeclaims ${blocked.map((n) => `"${n}"`).join(", ")} not usable yet`;
    this.#events.event(pod, "Warning", "FailedMount", message);
  }

  #record(pod: KubeObject, events: readonly FailureEvent[]): void {
    for (const e of events) this.#events.event(pod, e.type, e.reason, e.message);
  }

  #once(key: string, record: () => void): void {
    if (this.#recorded.has(key)) return;
    this.#recorded.add(key);
    record();
  }
}
