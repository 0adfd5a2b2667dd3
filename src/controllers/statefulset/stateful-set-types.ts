// The parts of the apps/v1 and core/v1 wire objects this controller reads and writes. Objects stay
// plain JSON; these types only name the fields, with Kubernetes' spelling.
import type { KubeObject, ObjectMeta, OwnerReference } from "../../api/meta.ts";
import type { LabelSelector } from "../../api/selectors/label-selector.ts";

export const podNameLabel = "statefulset.kubernetes.io/pod-name";
export const podIndexLabel = "apps.kubernetes.io/pod-index";
export const revisionLabel = "controller-revision-hash";
export const revisionHashLabel = "controller.kubernetes.io/hash";

export type RetentionPolicyType = "Retain" | "Delete";

export interface PodTemplate {
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface StatefulSetSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplate;
  volumeClaimTemplates?: PersistentVolumeClaim[];
  serviceName?: string;
  podManagementPolicy?: "OrderedReady" | "Parallel";
  updateStrategy?: { type?: "RollingUpdate" | "OnDelete"; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: RetentionPolicyType; whenScaled?: RetentionPolicyType };
  ordinals?: { start?: number };
  [field: string]: unknown;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: unknown[];
}

export interface StatefulSet extends KubeObject {
  spec: StatefulSetSpec;
  status?: StatefulSetStatus;
}

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  [field: string]: unknown;
}

export interface Pod extends KubeObject {
  spec?: Record<string, unknown> & { volumes?: Volume[] };
  status?: { phase?: string; conditions?: PodCondition[]; [field: string]: unknown };
}

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [field: string]: unknown;
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: Record<string, unknown>;
}

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

export const statefulSetKind = { apiVersion: "apps/v1", kind: "StatefulSet" } as const;
export const podKind = { apiVersion: "v1", kind: "Pod" } as const;

/** A controller reference to `owner` (metav1.NewControllerRef). */
export function controllerRef(owner: KubeObject, kind: { apiVersion: string; kind: string }): OwnerReference {
  return { apiVersion: kind.apiVersion, kind: kind.kind, name: owner.metadata.name ?? "", uid: owner.metadata.uid ?? "", controller: true, blockOwnerDeletion: true };
}

/** The owner reference with controller=true, if any (metav1.GetControllerOf). */
export function controllerOf(o: KubeObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function setKey(set: KubeObject): string {
  return `${set.metadata.namespace}/${set.metadata.name}`;
}
