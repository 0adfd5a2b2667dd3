// Rebuilds the sim's containers from a pod's API status after the process restarted: simulated
// containers "kept running" while nobody watched, so they continue with their IDs, start times
// and restart counts.
import type { KubeObject } from "../../../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../../../api/validation/json-access.ts";
import type { ContainerTermination } from "../pod-runtime.ts";
import type { SimContainer } from "./sim-runtime.ts";
import { normalizeImage, simImageID } from "./sim-image.ts";

const time = (v: unknown): number | undefined => {
  const t = Date.parse(str(v));
  return Number.isNaN(t) ? undefined : t;
};

function termination(v: unknown): ContainerTermination | undefined {
  const t = obj(v);
  if (!t) return undefined;
  return {
    exitCode: typeof t.exitCode === "number" ? t.exitCode : 0,
    reason: str(t.reason) || (t.exitCode === 0 ? "Completed" : "Error"),
    ...(str(t.message) ? { message: str(t.message) } : {}),
    startedAt: time(t.startedAt) ?? 0,
    finishedAt: time(t.finishedAt) ?? 0,
    containerID: str(t.containerID),
  };
}

/** The containers a pod's status shows as started, or undefined when another runtime ran them. */
export function restoreContainers(pod: KubeObject): Map<string, SimContainer> | undefined {
  const spec = obj(pod.spec) ?? {};
  const status = obj(pod.status) ?? {};
  const specs = new Map<string, { container: JsonObject; init: boolean }>();
  for (const c of arr(spec.initContainers)) specs.set(str(obj(c)?.name), { container: obj(c)!, init: true });
  for (const c of arr(spec.containers)) specs.set(str(obj(c)?.name), { container: obj(c)!, init: false });
  const statuses = [...arr(status.initContainerStatuses), ...arr(status.containerStatuses)].map((s) => obj(s) ?? {});
  if (statuses.some((s) => str(s.containerID) !== "" && !str(s.containerID).startsWith("sim://"))) return undefined;
  const out = new Map<string, SimContainer>();
  for (const s of statuses) {
    const found = specs.get(str(s.name));
    if (!found) continue;
    const state = obj(s.state) ?? {};
    const last = termination(obj(s.lastState)?.terminated);
    const running = obj(state.running);
    const ended = termination(state.terminated) ?? (obj(state.waiting) ? last : undefined);
    if (!running && !ended) continue;
    const image = str(found.container.image);
    const startedAt = running ? time(running.startedAt) : ended?.startedAt;
    out.set(str(s.name), {
      init: found.init,
      sidecar: found.init && found.container.restartPolicy === "Always",
      timers: [],
      status: {
        name: str(s.name),
        containerID: running ? str(s.containerID) : ended!.containerID,
        image: normalizeImage(image),
        imageID: simImageID(image),
        state: running ? "running" : "exited",
        attempt: typeof s.restartCount === "number" ? s.restartCount : 0,
        createdAt: startedAt ?? 0,
        startedAt,
        termination: running ? undefined : ended,
        lastTermination: running || state.terminated ? last : undefined,
        ready: running !== undefined && s.ready === true,
      },
    });
  }
  return out;
}
