// Builders for the decision-table tests: a StatefulSet named web whose controller has observed its
// latest spec, and its pods in the states the StatefulSet controller distinguishes.
import type { KubeObject } from "../../api/meta.ts";

export const NOW = new Date("2025-01-01T00:10:00Z");
export const SET_UID = "uid-web";

type Json = Record<string, unknown>;

export interface SetOptions {
  replicas?: number;
  policy?: "OrderedReady" | "Parallel";
  strategy?: Json;
  minReadySeconds?: number;
  start?: number;
  claims?: string[];
  whenScaled?: "Retain" | "Delete";
  current?: string;
  update?: string;
  generation?: number;
  observedGeneration?: number;
  deleting?: boolean;
  annotations?: Record<string, string>;
}

export function statefulSet(o: SetOptions = {}): KubeObject {
  const generation = o.generation ?? 1;
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: {
      name: "web",
      namespace: "default",
      uid: SET_UID,
      generation,
      ...(o.deleting ? { deletionTimestamp: "2025-01-01T00:09:00Z" } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      replicas: o.replicas ?? 3,
      podManagementPolicy: o.policy ?? "OrderedReady",
      updateStrategy: o.strategy ?? { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      minReadySeconds: o.minReadySeconds ?? 0,
      ...(o.start !== undefined ? { ordinals: { start: o.start } } : {}),
      volumeClaimTemplates: (o.claims ?? []).map((name) => ({ metadata: { name } })),
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: o.whenScaled ?? "Retain" },
    },
    status: {
      observedGeneration: o.observedGeneration ?? generation,
      currentRevision: o.current ?? "web-a",
      updateRevision: o.update ?? o.current ?? "web-a",
    },
  };
}

export interface PodOptions {
  rev?: string;
  phase?: string;
  ready?: boolean;
  /** When the Ready condition last changed; default ten minutes before NOW. */
  readySince?: string;
  readyMessage?: string;
  terminating?: boolean;
  containers?: Json[];
  initContainers?: Json[];
  conditions?: Json[];
  status?: Json;
  claims?: string[];
  owner?: string;
}

export function pod(ordinal: number, o: PodOptions = {}): KubeObject {
  const name = `web-${ordinal}`;
  const ready = o.ready ?? true;
  const readyCondition: Json = { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: o.readySince ?? "2025-01-01T00:00:00Z" };
  if (!ready) Object.assign(readyCondition, { reason: "ContainersNotReady", message: o.readyMessage ?? "containers with unready status: [nginx]" });
  return {
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      resourceVersion: "1",
      labels: { app: "web", "controller-revision-hash": o.rev ?? "web-a" },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: o.owner ?? SET_UID, controller: true }],
      ...(o.terminating ? { deletionTimestamp: "2025-01-01T00:09:30Z" } : {}),
    },
    spec: {
      containers: [{ name: "nginx", image: "nginx" }],
      volumes: (o.claims ?? []).map((c) => ({ name: c, persistentVolumeClaim: { claimName: `${c}-${name}` } })),
    },
    status: {
      phase: o.phase ?? "Running",
      conditions: o.conditions ?? [readyCondition],
      ...(o.containers ? { containerStatuses: o.containers } : {}),
      ...(o.initContainers ? { initContainerStatuses: o.initContainers } : {}),
      ...o.status,
    },
  };
}

export function claim(name: string, o: { phase?: string; deleting?: boolean; podOwner?: string } = {}): KubeObject {
  return {
    metadata: {
      name,
      namespace: "default",
      ...(o.deleting ? { deletionTimestamp: "2025-01-01T00:09:00Z" } : {}),
      ...(o.podOwner ? { ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: o.podOwner, uid: "uid-old", controller: true }] } : {}),
    },
    status: { phase: o.phase ?? "Bound" },
  };
}

export const claimsOf = (...claims: KubeObject[]): Map<string, KubeObject> => new Map(claims.map((c) => [c.metadata.name!, c]));

export const waitingContainer = (reason: string, message?: string, extra: Json = {}): Json => ({
  name: "nginx",
  ready: false,
  state: { waiting: { reason, ...(message ? { message } : {}) } },
  ...extra,
});
