// Which container of a pod a streaming request addresses, and whether it can take the request
// now. Pure functions of the pod object; the messages are the API server's and the kubelet's.
import type { KubeObject } from "../../api/meta.ts";
import { isPlainObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import type { ContainerRef, PodRef } from "./backend.ts";

interface ContainerStatus {
  name?: string;
  state?: { running?: unknown; waiting?: { reason?: string }; terminated?: unknown };
  lastState?: { terminated?: unknown };
}

export function podRef(pod: KubeObject): PodRef {
  return { namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" };
}

function names(pod: KubeObject, field: "containers" | "initContainers" | "ephemeralContainers"): string[] {
  const spec = isPlainObject(pod.spec) ? pod.spec : {};
  const list = Array.isArray(spec[field]) ? spec[field] : [];
  return list.flatMap((c) => (isPlainObject(c) && typeof c.name === "string" ? [c.name] : []));
}

/**
 * The container a request names, or the pod's only container when it names none. The pod must be
 * scheduled: logs of an unscheduled pod are empty, the other subresources refuse.
 */
export function resolveContainer(pod: KubeObject, requested: string | null): ContainerRef {
  const name = pod.metadata.name ?? "";
  let container = requested ?? "";
  if (container === "") {
    const containers = names(pod, "containers");
    if (containers.length === 1) container = containers[0];
    else if (containers.length === 0) throw StatusError.badRequest(`a container name must be specified for pod ${name}`);
    else {
      const init = names(pod, "initContainers");
      let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(" ")}]`;
      if (init.length) message += ` or one of the init containers: [${init.join(" ")}]`;
      throw StatusError.badRequest(message);
    }
  } else if (![...names(pod, "containers"), ...names(pod, "initContainers"), ...names(pod, "ephemeralContainers")].includes(container)) {
    throw StatusError.badRequest(`container ${container} is not valid for pod ${name}`);
  }
  return { ...podRef(pod), container };
}

export function isScheduled(pod: KubeObject): boolean {
  return isPlainObject(pod.spec) && typeof pod.spec.nodeName === "string" && pod.spec.nodeName !== "";
}

export function requireScheduled(pod: KubeObject): void {
  if (!isScheduled(pod)) throw StatusError.badRequest(`pod ${pod.metadata.name ?? ""} does not have a host assigned`);
}

function containerStatus(pod: KubeObject, container: string): ContainerStatus | undefined {
  const status = isPlainObject(pod.status) ? pod.status : {};
  for (const field of ["containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"]) {
    const list = Array.isArray(status[field]) ? (status[field] as unknown[]) : [];
    const found = list.find((s): s is ContainerStatus => isPlainObject(s) && s.name === container);
    if (found) return found;
  }
  return undefined;
}

/** exec and attach need a running instance; the kubelet's wording, as kubectl shows it. */
export function requireRunning(pod: KubeObject, target: ContainerRef): void {
  if (!containerStatus(pod, target.container)?.state?.running) {
    throw StatusError.badRequest(`unable to upgrade connection: container not found ("${target.container}")`);
  }
}

/**
 * Whether the container has logs to show, following the kubelet's validateContainerLogStatus (in
 * its older form that does not insist on container ids, which our node agent need not report).
 */
export function requireLogs(pod: KubeObject, target: ContainerRef, previous: boolean): void {
  const c = JSON.stringify(target.container);
  const p = JSON.stringify(pod.metadata.name ?? "");
  const status = containerStatus(pod, target.container);
  if (!status) throw StatusError.badRequest(`container ${c} in pod ${p} is not available`);
  const { running, waiting, terminated } = status.state ?? {};
  const last = status.lastState?.terminated;
  if (previous) {
    if (!last) throw StatusError.badRequest(`previous terminated container ${c} in pod ${p} not found`);
    return;
  }
  if (running || terminated || last) return;
  if (waiting) {
    const reason = waiting.reason ?? "";
    const why = reason === "ErrImagePull" ? "image can't be pulled" : reason === "ImagePullBackOff" ? "trying and failing to pull image" : reason;
    throw StatusError.badRequest(`container ${c} in pod ${p} is waiting to start: ${why}`);
  }
  throw StatusError.badRequest(`container ${c} in pod ${p} is waiting to start - no logs yet`);
}
