// The next step for a running pod, decided from its spec and what the runtime reports (the
// kubelet's computePodActions): create the sandbox, start the next container, wait (maybe until a
// back-off ends), or finish because every container is done under the restart policy. A container
// whose last start failed waits with that failure's reason until it may be tried again.
import type { KubeObject } from "../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../api/validation/json-access.ts";
import type { RuntimeContainerStatus, RuntimePodStatus } from "./runtime/pod-runtime.ts";
import { goDuration, type RestartBackoff } from "./restart-backoff.ts";
import type { ContainerWaiting } from "./status/container-statuses.ts";
import { failureWaiting, type StartFailure } from "./status/start-failures.ts";

export type PodAction =
  | { kind: "create-sandbox" }
  | { kind: "start"; container: JsonObject; init: boolean; restart?: { key: string; finishedAt: number } }
  | { kind: "wait"; until?: number }
  | { kind: "finish" };

export interface PodPlan {
  action: PodAction;
  waiting: Map<string, ContainerWaiting>;
}

/** `name_namespace(uid)`, as the kubelet names pods in messages. */
export function podDescription(pod: KubeObject): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

export function backoffKey(uid: string, container: string): string {
  return `${uid}/${container}`;
}

/** Failed starts by container name; one for another image than the spec's does not count. */
export type FailedStarts = ReadonlyMap<string, StartFailure>;

export function planPod(pod: KubeObject, runtime: RuntimePodStatus | undefined, backoff: RestartBackoff, now: number, failed: FailedStarts = new Map()): PodPlan {
  const waiting = new Map<string, ContainerWaiting>();
  if (!runtime || runtime.sandbox !== "ready") return { action: { kind: "create-sandbox" }, waiting };
  const spec = obj(pod.spec) ?? {};
  const restartPolicy = str(spec.restartPolicy) || "Always";
  const byName = new Map(runtime.containers.map((c) => [c.name, c]));
  let wakeAt: number | undefined;
  const wakeBy = (t: number) => (wakeAt = wakeAt === undefined ? t : Math.min(wakeAt, t));

  /** Starts a container now, or shows why its last start failed until it may be tried again. */
  const start = (container: JsonObject, init: boolean, restart?: { key: string; finishedAt: number }): PodAction | undefined => {
    const name = str(container.name);
    const f = failed.get(name);
    const action: PodAction = { kind: "start", container, init, ...(restart ? { restart } : {}) };
    if (!f || f.image !== str(container.image)) return action;
    const { until, ...shown } = failureWaiting(f, now);
    waiting.set(name, shown);
    if (until === undefined) return action;
    wakeBy(until);
    return undefined;
  };

  /** Restarts an exited container now, or records its CrashLoopBackOff and when it ends. */
  const restart = (container: JsonObject, rc: RuntimeContainerStatus, init: boolean): PodAction | undefined => {
    const key = backoffKey(pod.metadata.uid!, rc.name);
    const finishedAt = rc.termination!.finishedAt;
    const until = backoff.waitUntil(key, finishedAt, now);
    if (until === undefined) return start(container, init, { key, finishedAt });
    waiting.set(rc.name, {
      reason: "CrashLoopBackOff",
      message: `back-off ${goDuration(backoff.current(key))} restarting failed container=${rc.name} pod=${podDescription(pod)}`,
    });
    wakeBy(until);
    return undefined;
  };
  const wait = (): PodPlan => ({ action: { kind: "wait", ...(wakeAt !== undefined ? { until: wakeAt } : {}) }, waiting });

  for (const raw of arr(spec.initContainers)) {
    const c = obj(raw) ?? {};
    const rc = byName.get(str(c.name));
    if (!rc) {
      const action = start(c, true);
      return action ? { action, waiting } : wait();
    }
    if (rc.state === "creating") return wait();
    if (c.restartPolicy === "Always") {
      if (rc.state === "running") continue;
      const action = restart(c, rc, true);
      return action ? { action, waiting } : wait();
    }
    if (rc.state === "running") return wait();
    if (rc.termination!.exitCode === 0) continue;
    if (restartPolicy === "Never") return { action: { kind: "finish" }, waiting };
    const action = restart(c, rc, true);
    return action ? { action, waiting } : wait();
  }

  let next: PodAction | undefined;
  let active = false;
  for (const raw of arr(spec.containers)) {
    const c = obj(raw) ?? {};
    const rc = byName.get(str(c.name));
    if (!rc) {
      const action = start(c, false);
      if (action) next ??= action;
      active = true;
    } else if (rc.state !== "exited") {
      active = true;
    } else if (restartPolicy === "Always" || (restartPolicy === "OnFailure" && rc.termination!.exitCode !== 0)) {
      active = true;
      const action = restart(c, rc, false);
      if (action) next ??= action;
    }
  }
  if (next) return { action: next, waiting };
  if (!active) return { action: { kind: "finish" }, waiting };
  return wait();
}
