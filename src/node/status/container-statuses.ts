// containerStatuses[] and initContainerStatuses[] from what the runtime reports, in the shape and
// with the reasons the kubelet writes, so kubectl derives ContainerCreating, PodInitializing,
// Init:1/2, Running, CrashLoopBackOff, Completed and Error from them.
import { rfc3339 } from "../../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import type { ContainerTermination, RuntimeContainerStatus, RuntimePodStatus } from "../runtime/pod-runtime.ts";

/**
 * A waiting reason the agent imposes on a container that does not run: CrashLoopBackOff for an
 * exited one, or why its start failed (ErrImagePull, CreateContainerConfigError, ...).
 */
export interface ContainerWaiting {
  reason: string;
  message?: string;
}

const time = (ms: number): string => rfc3339(new Date(ms));

export function terminatedState(t: ContainerTermination): JsonObject {
  return {
    exitCode: t.exitCode,
    ...(t.signal !== undefined ? { signal: t.signal } : {}),
    reason: t.reason,
    ...(t.message ? { message: t.message } : {}),
    startedAt: time(t.startedAt),
    finishedAt: time(t.finishedAt),
    containerID: t.containerID,
  };
}

const waitingState = (w: ContainerWaiting): JsonObject => ({ reason: w.reason, ...(w.message ? { message: w.message } : {}) });

function fromRuntime(rc: RuntimeContainerStatus, waiting: ContainerWaiting | undefined): JsonObject {
  const last = rc.lastTermination ? { terminated: terminatedState(rc.lastTermination) } : {};
  const common = { restartCount: rc.attempt, image: rc.image };
  switch (rc.state) {
    case "creating":
      return { name: rc.name, state: { waiting: { reason: "ContainerCreating" } }, lastState: last, ready: false, ...common, imageID: "", started: false };
    case "running":
      return {
        name: rc.name,
        state: { running: { startedAt: time(rc.startedAt ?? rc.createdAt) } },
        lastState: last,
        ready: rc.ready,
        ...common,
        imageID: rc.imageID,
        containerID: rc.containerID,
        started: rc.started ?? true,
      };
    case "exited": {
      const ended = terminatedState(rc.termination!);
      const state = waiting ? { waiting: waitingState(waiting) } : { terminated: ended };
      return {
        name: rc.name,
        state,
        lastState: waiting ? { terminated: ended } : last,
        ready: false,
        ...common,
        imageID: rc.imageID,
        containerID: rc.containerID,
        started: false,
      };
    }
  }
}

/**
 * Statuses for `containers` (one spec list) in spec order. Containers the runtime has not created
 * wait with their reason in `waiting`, else `defaultReason`; a status the old pod status had for them is kept, so a pod whose
 * sandbox is recreated still shows its restart count and last state.
 */
export function containerStatuses(
  containers: unknown,
  runtime: RuntimePodStatus | undefined,
  waiting: ReadonlyMap<string, ContainerWaiting>,
  defaultReason: string,
  previous: unknown,
): JsonObject[] {
  const byName = new Map((runtime?.containers ?? []).map((c) => [c.name, c]));
  const old = new Map(arr(previous).map((s) => [str(obj(s)?.name), obj(s)!]));
  return arr(containers).map((raw) => {
    const c = obj(raw) ?? {};
    const name = str(c.name);
    const rc = byName.get(name);
    if (rc) return fromRuntime(rc, waiting.get(name));
    const before = old.get(name);
    return {
      name,
      state: { waiting: waitingState(waiting.get(name) ?? { reason: defaultReason }) },
      lastState: obj(before?.lastState) ?? {},
      ready: false,
      restartCount: typeof before?.restartCount === "number" ? before.restartCount : 0,
      image: str(c.image),
      imageID: "",
      started: false,
    };
  });
}
