// A StatefulSet pod's identity: its name `<set>-<ordinal>`, hostname and subdomain, identity labels,
// revision label and the claims it mounts. Pure functions over plain objects.
import type { KubeObject } from "../../api/meta.ts";
import {
  controllerRef,
  podIndexLabel,
  podNameLabel,
  revisionLabel,
  statefulSetKind,
  type PersistentVolumeClaim,
  type Pod,
  type StatefulSet,
  type Volume,
} from "./stateful-set-types.ts";

const INT32_MAX = 2 ** 31 - 1;
const statefulPodName = /^(.*)-([0-9]+)$/;

/** The parent name and ordinal a pod name encodes; -1 when there is no ordinal or it overflows int32. */
export function parentAndOrdinal(pod: KubeObject): { parent: string; ordinal: number } {
  const m = statefulPodName.exec(pod.metadata.name ?? "");
  if (!m) return { parent: "", ordinal: -1 };
  const n = Number(m[2]);
  return { parent: m[1], ordinal: Number.isSafeInteger(n) && n <= INT32_MAX ? n : -1 };
}

export const ordinalOf = (pod: KubeObject): number => parentAndOrdinal(pod).ordinal;

export function startOrdinal(set: StatefulSet): number {
  return set.spec.ordinals?.start ?? 0;
}

export function replicasOf(set: StatefulSet): number {
  return set.spec.replicas ?? 1;
}

export function endOrdinal(set: StatefulSet): number {
  return startOrdinal(set) + replicasOf(set) - 1;
}

export function inOrdinalRange(pod: KubeObject, set: StatefulSet): boolean {
  const ordinal = ordinalOf(pod);
  return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
}

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

export function claimName(set: StatefulSet, template: PersistentVolumeClaim, ordinal: number): string {
  return `${template.metadata.name}-${set.metadata.name}-${ordinal}`;
}

/** The name encodes this set as parent: what decides claiming (with the selector). */
export function isMemberOf(set: StatefulSet, pod: KubeObject): boolean {
  return parentAndOrdinal(pod).parent === set.metadata.name;
}

export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[podNameLabel] === pod.metadata.name
  );
}

export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return (set.spec.volumeClaimTemplates ?? []).every((t) => volumes.get(t.metadata.name!)?.persistentVolumeClaim?.claimName === claimName(set, t, ordinal));
}

/**
 * The claims a pod of this ordinal uses, one per claim template in template order: the template
 * with the per-pod name, the set's namespace and the selector's matchLabels added to its labels.
 */
export function claimsFor(set: StatefulSet, pod: KubeObject): { template: string; claim: PersistentVolumeClaim }[] {
  const ordinal = ordinalOf(pod);
  return (set.spec.volumeClaimTemplates ?? []).map((t) => {
    const claim = structuredClone(t);
    delete claim.status;
    const matchLabels = set.spec.selector?.matchLabels ?? {};
    claim.metadata = {
      ...claim.metadata,
      name: claimName(set, t, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...(claim.metadata.labels ?? {}), ...matchLabels },
    };
    return { template: t.metadata.name!, claim };
  });
}

/** Points the pod's claim volumes at its own claims, keeping its other volumes after them. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = claimsFor(set, pod);
  const claimVolumes = new Set(claims.map((c) => c.template));
  const volumes: Volume[] = claims.map((c) => ({ name: c.template, persistentVolumeClaim: { claimName: c.claim.metadata.name!, readOnly: false } }));
  for (const v of pod.spec?.volumes ?? []) if (!claimVolumes.has(v.name)) volumes.push(v);
  pod.spec = { ...(pod.spec ?? {}), volumes };
  if (!volumes.length) delete pod.spec.volumes;
}

/** Name, namespace and identity labels; applied on creation and when identity is repaired. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [podNameLabel]: pod.metadata.name, [podIndexLabel]: String(ordinal) };
}

/** Identity on creation: hostname and subdomain are immutable afterwards. */
function initIdentity(set: StatefulSet, pod: Pod): void {
  updateIdentity(set, pod);
  pod.spec = { ...(pod.spec ?? {}), hostname: pod.metadata.name };
  if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName;
}

export function podRevision(pod: KubeObject): string {
  return pod.metadata.labels?.[revisionLabel] ?? "";
}

export function setPodRevision(pod: KubeObject, revision: string): void {
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [revisionLabel]: revision };
}

/** A pod built from the set's template (GetPodFromTemplate) with the identity of `ordinal`. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const template = set.spec.template ?? {};
  const meta = template.metadata ?? {};
  const pod: Pod = {
    metadata: {
      generateName: `${set.metadata.name}-`,
      name: podName(set, ordinal),
      ownerReferences: [controllerRef(set, statefulSetKind)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  if (meta.labels) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  initIdentity(set, pod);
  updateStorage(set, pod);
  return pod;
}

/**
 * A pod for `ordinal` at the revision it should have: the current revision below the partition
 * (or, with rollingUpdate absent, below status.currentReplicas), the update revision otherwise.
 */
export function newVersionedStatefulSetPod(currentSet: StatefulSet, updateSet: StatefulSet, currentRevision: string, updateRevision: string, ordinal: number): Pod {
  const strategy = currentSet.spec.updateStrategy;
  const start = startOrdinal(currentSet);
  const atCurrent =
    (strategy?.type === "RollingUpdate" && !strategy.rollingUpdate && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (strategy?.rollingUpdate !== undefined && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(atCurrent ? currentSet : updateSet, ordinal);
  setPodRevision(pod, atCurrent ? currentRevision : updateRevision);
  return pod;
}
