// Containers whose last start failed (the kubelet's reason cache): the waiting reason and message
// their status shows until a start succeeds, when the next start may be tried, and the events
// the kubelet records for such a failure. A failed image pull backs off (10 s doubling to 5 min,
// per pod and image); the first sync after it finds the pull backing off and shows
// ImagePullBackOff. Other failures are tried again on the kubelet's next sync of a failed pod,
// 10 s later, except a failed postStart hook: its container exited, so restart back-off governs.
import type { RestartBackoff } from "../restart-backoff.ts";
import type { ContainerWaiting } from "./container-statuses.ts";

/** How long a failed sync waits before the next one (the kubelet's pod worker back-off period). */
export const START_RETRY_MS = 10_000;
/** How long ErrImagePull shows before the next sync finds the pull backing off. */
export const PULL_FAILURE_SHOWN_MS = 1000;

export interface StartFailure {
  reason: string;
  message: string;
  /** The image the failed start asked for: a pod given another image starts afresh. */
  image: string;
  at: number;
  /** When the next start may be tried. */
  retryAt: number;
}

export interface FailureEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface FailureWaiting extends ContainerWaiting {
  /** When what to show or do changes next; undefined once a new start is due. */
  until?: number;
}

export class StartFailures {
  readonly #uid: string;
  readonly #pullBackoff: RestartBackoff;
  readonly #byName = new Map<string, StartFailure>();

  constructor(uid: string, pullBackoff: RestartBackoff) {
    this.#uid = uid;
    this.#pullBackoff = pullBackoff;
  }

  /** Remembers a failed start of container `name` at `now`. */
  record(name: string, image: string, error: { reason: string; message: string }, now: number): StartFailure {
    let retryAt = now + START_RETRY_MS;
    if (error.reason === "ErrImagePull") {
      const key = `${this.#uid}/image:${image}`;
      this.#pullBackoff.next(key, now);
      retryAt = now + this.#pullBackoff.current(key);
    } else if (error.reason === "PostStartHookError") {
      retryAt = now;
    }
    const failure = { reason: error.reason, message: error.message, image, at: now, retryAt };
    this.#byName.set(name, failure);
    return failure;
  }

  /** The container started: its reason goes. */
  clear(name: string): void {
    this.#byName.delete(name);
  }

  /** Every remembered failure, by container name. */
  get all(): ReadonlyMap<string, StartFailure> {
    return this.#byName;
  }
}

const backOffMessage = (image: string) => `Back-off pulling image ${JSON.stringify(image)}`;

/** What the container shows at `now`, and until when. */
export function failureWaiting(f: StartFailure, now: number): FailureWaiting {
  if (f.reason === "ErrImagePull" && now >= f.at + PULL_FAILURE_SHOWN_MS && now < f.retryAt) {
    return { reason: "ImagePullBackOff", message: backOffMessage(f.image), until: f.retryAt };
  }
  const until = f.reason === "ErrImagePull" ? Math.min(f.at + PULL_FAILURE_SHOWN_MS, f.retryAt) : f.retryAt;
  return { reason: f.reason, message: f.message, ...(now < until ? { until } : {}) };
}

/** The events the kubelet records when a start fails. */
export function failureEvents(f: StartFailure): FailureEvent[] {
  const error: FailureEvent = { type: "Warning", reason: "Failed", message: `Error: ${f.reason}` };
  switch (f.reason) {
    case "ErrImagePull":
      return [{ type: "Warning", reason: "Failed", message: `Failed to pull image ${JSON.stringify(f.image)}: ${f.message}` }, error];
    case "ErrImageNeverPull":
      return [{ type: "Warning", reason: "ErrImageNeverPull", message: f.message }, error];
    case "InvalidImageName":
      return [{ type: "Warning", reason: "InspectFailed", message: f.message }, error];
    case "PostStartHookError":
      // The runtime that ran the hook recorded FailedPostStartHook.
      return [];
    default:
      return [{ type: "Warning", reason: "Failed", message: `Error: ${f.message}` }];
  }
}

/** The events of the sync that finds a failed pull backing off. */
export function pullBackOffEvents(f: StartFailure): FailureEvent[] {
  return [
    { type: "Normal", reason: "BackOff", message: backOffMessage(f.image) },
    { type: "Warning", reason: "Failed", message: "Error: ImagePullBackOff" },
  ];
}
