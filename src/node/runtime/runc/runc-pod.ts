// A pod as the runc runtime holds it in memory: its record (pod-record.ts) and the work under way
// on it, and how it is shown to the agent.
import type { RuntimeContainerStatus, RuntimePodStatus } from "../pod-runtime.ts";
import type { ContainerProbeState } from "../../prober/prober-manager.ts";
import { phaseOf, type ContainerRecord, type PodRecord } from "./pod-record.ts";

export const RUNTIME_TYPE = "runc";

export interface RuncPod {
  record: PodRecord;
  /** Creations under way, by container ID: stopPod cuts them short. */
  creating: Map<string, AbortController>;
  inflight: Set<Promise<unknown>>;
  stopping?: Promise<void>;
  /** Aborted when a stopPod caller gives up waiting: the rest of the stop kills at once. */
  cut?: AbortController;
  saving: Promise<void>;
  refreshing: Map<string, Promise<void>>;
  /** Container name → its first instance, staged while the sandbox was made (ContainerLifecycle.stage). */
  staged: Map<string, StagedContainer>;
}

export interface StagedContainer {
  rec: ContainerRecord;
  abort: AbortController;
  /** Its init's pid once `runc create` made it; undefined when staging failed and what it made is removed. */
  created: Promise<number | undefined>;
}

export function newRuncPod(record: PodRecord): RuncPod {
  return { record, creating: new Map(), inflight: new Set(), saving: Promise.resolve(), refreshing: new Map(), staged: new Map() };
}

export const containerID = (rec: ContainerRecord): string => `${RUNTIME_TYPE}://${rec.id}`;

/** Puts `rec` where `old` stood (or appends it); an undefined `rec` just removes `old`. */
export function replaceContainer(p: RuncPod, rec: ContainerRecord | undefined, old: ContainerRecord | undefined): void {
  const list = p.record.containers;
  const at = old ? list.indexOf(old) : -1;
  if (rec) {
    if (at >= 0) list[at] = rec;
    else list.push(rec);
  } else if (at >= 0) {
    list.splice(at, 1);
  }
}

export function containerStatus(rec: ContainerRecord, probes: ContainerProbeState | undefined): RuntimeContainerStatus {
  const phase = phaseOf(rec);
  const running = phase === "running";
  return structuredClone({
    name: rec.name,
    containerID: containerID(rec),
    image: rec.image,
    imageID: rec.imageID,
    state: phase,
    attempt: rec.attempt,
    createdAt: rec.createdAt,
    ...(rec.startedAt !== undefined ? { startedAt: rec.startedAt } : {}),
    ...(rec.termination ? { termination: rec.termination } : {}),
    ...(rec.lastTermination ? { lastTermination: rec.lastTermination } : {}),
    started: running && (probes?.started ?? false),
    ready: running && (probes?.ready ?? false),
    ...(running && probes?.readinessFailure ? { readinessFailure: probes.readinessFailure } : {}),
  });
}

export function podStatus(p: RuncPod, probes: (containerID: string) => ContainerProbeState | undefined): RuntimePodStatus {
  const r = p.record;
  return {
    uid: r.uid,
    namespace: r.namespace,
    name: r.name,
    sandbox: r.sandbox,
    podIP: r.podIP,
    createdAt: r.createdAt,
    containers: r.containers.map((c) => containerStatus(c, probes(containerID(c)))),
  };
}
