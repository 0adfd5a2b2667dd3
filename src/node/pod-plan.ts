// The next step for a running pod, decided from its spec and what the runtime reports (the
// kubelet's computePodActions): create the sandbox, start the next container, wait (maybe until a
// back-off ends), or finish because every container is done under the restart policy.
import type { KubeObject } from "../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../api/validation/json-access.ts";
import type { RuntimeContainerStatus, RuntimePodStatus } from "./runtime/pod-runtime.ts";
import { goDuration, type RestartBackoff } from "./restart-backoff.ts";
import type { ContainerWaiting } from "./status/container-statuses.ts";

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

export function planPod(pod: KubeObject, runtime: RuntimePodStatus | undefined, backoff: RestartBackoff, now: number): PodPlan {
  const waiting = new Map<string, ContainerWaiting>();
  if (!runtime || runtime.sandbox !== "ready") return { action: { kind: "create-sandbox" }, waiting };
  const spec = obj(pod.spec) ?? {};
  const restartPolicy = str(spec.restartPolicy) || "Always";
  const byName = new Map(runtime.containers.map((c) => [c.name, c]));
  let wakeAt: number | undefined;

  /** Restarts an exited container now, or records its CrashLoopBackOff and when it ends. */
  const restart = (container: JsonObject, rc: RuntimeContainerStatus, init: boolean): PodAction | undefined => {
    const key = backoffKey(pod.metadata.uid!, rc.name);
    const finishedAt = rc.termination!.finishedAt;
    const until = backoff.waitUntil(key, finishedAt, now);
    if (until === undefined) return { kind: "start", container, init, restart: { key, finishedAt } };
    waiting.set(rc.name, {
      reason: "CrashLoopBackOff",
      message: `back-off ${goDuration(backoff.current(key))} restarting failed container=${rc.name} pod=${podDescription(pod)}`,
    });
    wakeAt = wakeAt === undefined ? until : Math.min(wakeAt, until);
    return undefined;
  };
  const wait = (): PodPlan => ({ action: { kind: "wait", ...(wakeAt !== undefined ? { until: wakeAt } : {}) }, waiting });

  for (const raw of arr(spec.initContainers)) {
    const c = obj(raw) ?? {};
    const rc = byName.get(str(c.name));
    if (!rc) return { action: { kind: "start", container: c, init: true }, waiting };
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
      next ??= { kind: "start", container: c, init: false };
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
