// The parts of PersistentVolume, PersistentVolumeClaim, StorageClass and Pod the storage controllers
// read and write, with Kubernetes' field names, and the annotation, finalizer and event names they
// share with upstream (k8s.io/component-helpers/storage/volume, pkg/controller/volume/events).
import type { KubeObject } from "../../api/meta.ts";
import type { LabelSelector } from "../../api/selectors/label-selector.ts";

export const annBindCompleted = "pv.kubernetes.io/bind-completed";
export const annBoundByController = "pv.kubernetes.io/bound-by-controller";
export const annDynamicallyProvisioned = "pv.kubernetes.io/provisioned-by";
export const annStorageProvisioner = "volume.kubernetes.io/storage-provisioner";
export const annBetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";
export const annSelectedNode = "volume.kubernetes.io/selected-node";
export const annStorageResizer = "volume.kubernetes.io/storage-resizer";
export const annBetaStorageClass = "volume.beta.kubernetes.io/storage-class";
export const annDefaultStorageClass = "storageclass.kubernetes.io/is-default-class";
export const annBetaDefaultStorageClass = "storageclass.beta.kubernetes.io/is-default-class";

export const pvcProtectionFinalizer = "kubernetes.io/pvc-protection";
export const pvProtectionFinalizer = "kubernetes.io/pv-protection";
/** What csi-provisioner puts on the PVs it provisions so their storage goes with them. */
export const provisionerDeletionFinalizer = "external-provisioner.volume.kubernetes.io/finalizer";

export const hostnameLabel = "kubernetes.io/hostname";

export type ClaimPhase = "Pending" | "Bound" | "Lost";
export type VolumePhase = "Pending" | "Available" | "Bound" | "Released" | "Failed";
export type ReclaimPolicy = "Retain" | "Delete" | "Recycle";

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  [field: string]: unknown;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PersistentVolumeSpec {
  capacity?: Record<string, string | number>;
  accessModes?: string[];
  claimRef?: ObjectReference | null;
  persistentVolumeReclaimPolicy?: ReclaimPolicy;
  storageClassName?: string;
  volumeMode?: string;
  mountOptions?: string[];
  nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } };
  hostPath?: { path: string; type?: string };
  local?: { path: string; fsType?: string };
  csi?: Record<string, unknown>;
  [source: string]: unknown;
}

export interface PersistentVolume extends KubeObject {
  spec: PersistentVolumeSpec;
  status?: { phase?: VolumePhase; message?: string; reason?: string; [field: string]: unknown };
}

export interface ClaimCondition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface PersistentVolumeClaimSpec {
  accessModes?: string[];
  selector?: LabelSelector | null;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeName?: string;
  storageClassName?: string | null;
  volumeMode?: string;
  dataSource?: unknown;
  [field: string]: unknown;
}

export interface PersistentVolumeClaimStatus {
  phase?: ClaimPhase;
  accessModes?: string[];
  capacity?: Record<string, string | number>;
  conditions?: ClaimCondition[];
  allocatedResources?: Record<string, string | number>;
  allocatedResourceStatuses?: Record<string, string>;
  [field: string]: unknown;
}

export interface PersistentVolumeClaim extends KubeObject {
  spec: PersistentVolumeClaimSpec;
  status?: PersistentVolumeClaimStatus;
}

export interface StorageClass extends KubeObject {
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: "Delete" | "Retain";
  volumeBindingMode?: "Immediate" | "WaitForFirstConsumer";
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
}

export interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [source: string]: unknown;
}

export interface Pod extends KubeObject {
  spec?: { nodeName?: string; volumes?: PodVolume[]; [field: string]: unknown };
  status?: { phase?: string; [field: string]: unknown };
}

export const volumesId = { group: "", version: "v1", plural: "persistentvolumes" };
export const claimsId = { group: "", version: "v1", plural: "persistentvolumeclaims" };
export const classesId = { group: "storage.k8s.io", version: "v1", plural: "storageclasses" };
export const podsId = { group: "", version: "v1", plural: "pods" };
export const nodesId = { group: "", version: "v1", plural: "nodes" };

/** Event reasons of pkg/controller/volume/events and the external provisioner and resizer. */
export const reasons = {
  failedBinding: "FailedBinding",
  volumeMismatch: "VolumeMismatch",
  volumeFailedRecycle: "VolumeFailedRecycle",
  volumeFailedDelete: "VolumeFailedDelete",
  externalProvisioning: "ExternalProvisioning",
  provisioning: "Provisioning",
  provisioningFailed: "ProvisioningFailed",
  provisioningSucceeded: "ProvisioningSucceeded",
  waitForFirstConsumer: "WaitForFirstConsumer",
  waitForPodScheduled: "WaitForPodScheduled",
  externalExpanding: "ExternalExpanding",
  resizing: "Resizing",
  volumeResizeFailed: "VolumeResizeFailed",
  fileSystemResizeRequired: "FileSystemResizeRequired",
  fileSystemResizeSuccessful: "FileSystemResizeSuccessful",
  volumeResizeSuccessful: "VolumeResizeSuccessful",
  claimLost: "ClaimLost",
  claimMisbound: "ClaimMisbound",
  volumeUnknownReclaimPolicy: "VolumeUnknownReclaimPolicy",
} as const;
