// The parts of a StatefulSet the add-ons read, with upstream's defaults filled in, so the decision
// functions never touch raw JSON. Objects come from a real API server too, so nothing is assumed
// present.
import { isPlainObject, type KubeObject } from "../../api/meta.ts";

export const REVISION_LABEL = "controller-revision-hash";

export interface SetView {
  name: string;
  namespace: string;
  uid: string;
  deleting: boolean;
  annotations: Record<string, string>;
  /** False until the StatefulSet controller has written status for the latest spec. */
  observedLatest: boolean;
  replicas: number;
  start: number;
  parallel: boolean;
  onDelete: boolean;
  partition: number;
  /** Present only when spec.updateStrategy.rollingUpdate.maxUnavailable is set. */
  maxUnavailable: number | undefined;
  minReadySeconds: number;
  claimTemplates: string[];
  staleClaimsBlock: boolean;
  currentRevision: string;
  updateRevision: string;
}

const rec = (v: unknown): Record<string, unknown> => (isPlainObject(v) ? v : {});
const num = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);
const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** maxUnavailable as a pod count: an int, or a percentage of replicas rounded down; never below 1. */
export function resolveMaxUnavailable(value: unknown, replicas: number): number | undefined {
  if (typeof value === "number") return Math.max(1, value);
  if (typeof value !== "string") return undefined;
  const percent = /^(\d+)%$/.exec(value);
  if (percent) return Math.max(1, Math.floor((Number(percent[1]) * replicas) / 100));
  return /^\d+$/.test(value) ? Math.max(1, Number(value)) : undefined;
}

export function setView(set: KubeObject): SetView {
  const spec = rec(set.spec);
  const status = rec(set.status);
  const strategy = rec(spec.updateStrategy);
  const rolling = rec(strategy.rollingUpdate);
  const replicas = num(spec.replicas, 1);
  const generation = num(set.metadata.generation, 0);
  const annotations = rec(set.metadata.annotations) as Record<string, string>;
  return {
    name: set.metadata.name ?? "",
    namespace: set.metadata.namespace ?? "",
    uid: set.metadata.uid ?? "",
    deleting: Boolean(set.metadata.deletionTimestamp),
    annotations,
    observedLatest: num(status.observedGeneration, 0) >= generation && generation > 0,
    replicas,
    start: num(rec(spec.ordinals).start, 0),
    parallel: spec.podManagementPolicy === "Parallel",
    onDelete: strategy.type === "OnDelete",
    partition: num(rolling.partition, 0),
    maxUnavailable: resolveMaxUnavailable(rolling.maxUnavailable, replicas),
    minReadySeconds: num(spec.minReadySeconds, 0),
    claimTemplates: (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []).map((t) => text(rec(rec(t).metadata).name)).filter(Boolean),
    staleClaimsBlock: rec(spec.persistentVolumeClaimRetentionPolicy).whenScaled === "Delete",
    currentRevision: text(status.currentRevision),
    updateRevision: text(status.updateRevision),
  };
}

/** The ordinal of `<set>-<N>`, or -1 when the pod's name does not have that shape. */
export function ordinalOf(podName: string, setName: string): number {
  if (!podName.startsWith(`${setName}-`)) return -1;
  const digits = podName.slice(setName.length + 1);
  const n = Number(digits);
  // Only the canonical spelling: "web-01" is not web-1.
  if (!/^\d+$/.test(digits) || String(n) !== digits) return -1;
  return n <= 2 ** 31 - 1 ? n : -1;
}

/** The set as an Event's involved object; cached objects may lack apiVersion and kind. */
export const setReference = (set: KubeObject): KubeObject => ({ apiVersion: "apps/v1", kind: "StatefulSet", metadata: set.metadata });

export function revisionOf(pod: KubeObject): string {
  return pod.metadata.labels?.[REVISION_LABEL] ?? "";
}

/** The pods that are replicas or condemned (named `<set>-<N>`), by ordinal. */
export function podsByOrdinal(set: SetView, pods: readonly KubeObject[]): Map<number, KubeObject> {
  const out = new Map<number, KubeObject>();
  for (const pod of pods) {
    const ordinal = ordinalOf(pod.metadata.name ?? "", set.name);
    if (ordinal >= 0 && (pod.metadata.namespace ?? "") === set.namespace) out.set(ordinal, pod);
  }
  return out;
}
