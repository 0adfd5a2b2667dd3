// What the node agent needs from a container runtime, at the granularity the kubelet uses with
// CRI: a sandbox per pod (network, shared namespaces), containers started one at a time, a stop
// with a grace period, and status the agent turns into pod status. Restart decisions, back-off
// and the API status stay in the agent, so `sim` and `runc` only run what they are told.
import type { KubeObject } from "../../api/meta.ts";
import type { JsonObject } from "../../api/validation/json-access.ts";

/** "creating" covers image pull and container creation: kubectl shows ContainerCreating. */
export type RuntimeContainerState = "creating" | "running" | "exited";

export interface ContainerTermination {
  exitCode: number;
  /** "Completed", "Error", "OOMKilled", ... as containerStatuses[].state.terminated.reason. */
  reason: string;
  message?: string;
  signal?: number;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

export interface RuntimeContainerStatus {
  name: string;
  /** "<runtime>://<id>", exactly as containerStatuses[].containerID. */
  containerID: string;
  /** The image as the runtime resolved it ("docker.io/library/nginx:latest"). */
  image: string;
  imageID: string;
  state: RuntimeContainerState;
  /** 0 for the first instance of this container in the pod, then one more per restart. */
  attempt: number;
  createdAt: number;
  startedAt?: number;
  /** Set when state is "exited". */
  termination?: ContainerTermination;
  /** How the previous instance ended, for containerStatuses[].lastState. */
  lastTermination?: ContainerTermination;
  /**
   * containerStatuses[].started: false until the startup probe succeeds. Without it a running
   * container counts as started.
   */
  started?: boolean;
  /** Result of the readiness check; false until one passes. */
  ready: boolean;
  /** The last failed readiness check's output ("Readiness probe failed: ..."). */
  readinessFailure?: string;
}

export interface RuntimePodStatus {
  uid: string;
  namespace: string;
  name: string;
  sandbox: "ready" | "stopped";
  podIP: string;
  createdAt: number;
  /** Init and regular containers the runtime has created, latest instance per name. */
  containers: RuntimeContainerStatus[];
}

export interface StartContainerRequest {
  /** The container exactly as in the pod spec. */
  container: JsonObject;
  /** From spec.initContainers (a sidecar when its restartPolicy is Always). */
  init: boolean;
}

export interface PodRuntime {
  /** Runtime name and version: node.status.nodeInfo.containerRuntimeVersion is "<type>://<version>". */
  readonly type: string;
  readonly version: string;
  /**
   * True when the runtime records its probes' Unhealthy events itself; otherwise the agent records
   * one for a container's readinessFailure.
   */
  readonly recordsProbeEvents: boolean;
  /** Creates (or recreates, when stopped) the pod's sandbox with the given IP. */
  runSandbox(pod: KubeObject, podIP: string, signal: AbortSignal): Promise<void>;
  /**
   * Creates and starts one container, replacing an exited instance; resolves once it runs. Rejects
   * with a ContainerStartError (or an error of the same shape) when the container cannot be made.
   */
  startContainer(uid: string, req: StartContainerRequest, signal: AbortSignal): Promise<void>;
  /** The pod object changed (annotations, labels): what a runtime derives from it may follow. */
  update(pod: KubeObject): void;
  /** Stops every container (TERM, then KILL after the grace period) and the sandbox; keeps status. */
  stopPod(uid: string, gracePeriodSeconds: number, signal?: AbortSignal): Promise<void>;
  /** Forgets a stopped pod. */
  removePod(uid: string): Promise<void>;
  /**
   * Takes over a pod this runtime does not hold but whose API status says it runs (the process
   * restarted). False when that cannot be done and the pod must start again.
   */
  reattach(pod: KubeObject, podIP: string): Promise<boolean>;
  status(uid: string): Promise<RuntimePodStatus | undefined>;
  /** Every pod the runtime holds, for re-adoption after an agent restart. */
  list(): Promise<RuntimePodStatus[]>;
  /** Calls `listener` with a pod's UID whenever its containers change state. Returns an unsubscribe. */
  subscribe(listener: (uid: string) => void): () => void;
}

/**
 * The waiting reasons a failed start shows, as the kubelet's: no usable image (ErrImagePull,
 * ErrImageNeverPull, InvalidImageName), a spec the node cannot honour (CreateContainerConfigError:
 * volumes/container-env.ts's ContainerConfigError), a container the runtime refused
 * (CreateContainerError), a failed postStart hook (PostStartHookError: the container was stopped).
 */
export const START_ERROR_REASONS: ReadonlySet<string> = new Set([
  "ErrImagePull",
  "ErrImageNeverPull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "PostStartHookError",
]);

/** Why startContainer could not start a container; the agent shows it and retries with back-off. */
export class ContainerStartError extends Error {
  readonly reason: string;

  constructor(reason: string, message: string) {
    super(message);
    this.name = "ContainerStartError";
    this.reason = reason;
  }
}

/** A ContainerStartError, or another error carrying one of START_ERROR_REASONS as its `reason`. */
export function isContainerStartError(e: unknown): e is Error & { reason: string } {
  if (!(e instanceof Error)) return false;
  const reason = (e as { reason?: unknown }).reason;
  return typeof reason === "string" && START_ERROR_REASONS.has(reason);
}
