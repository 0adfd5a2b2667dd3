// Small pure readings of volumes, claims, classes and pods, named after their counterparts in
// k8s.io/component-helpers/storage/volume (GetPersistentVolumeClaimClass, IsVolumeBoundToClaim, ...).
import type { KubeObject } from "../../api/meta.ts";
import { compareQuantity, tryParseQuantity, type Quantity } from "../../api/validation/quantity.ts";
import {
  annBetaDefaultStorageClass,
  annBetaStorageClass,
  annDefaultStorageClass,
  type NodeSelectorRequirement,
  type ObjectReference,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  type StorageClass,
} from "./volume-types.ts";

export const claimKey = (claim: KubeObject): string => `${claim.metadata.namespace ?? ""}/${claim.metadata.name ?? ""}`;

export const claimRefKey = (ref: ObjectReference): string => `${ref.namespace ?? ""}/${ref.name ?? ""}`;

export function hasAnnotation(obj: KubeObject, key: string): boolean {
  return Object.hasOwn(obj.metadata.annotations ?? {}, key);
}

/** The class a claim asks for: the beta annotation wins over spec.storageClassName; none is "". */
export function claimClass(claim: PersistentVolumeClaim): string {
  const annotations = claim.metadata.annotations ?? {};
  if (Object.hasOwn(annotations, annBetaStorageClass)) return annotations[annBetaStorageClass];
  return claim.spec.storageClassName ?? "";
}

/** Whether the claim names a class at all; an explicit "" counts, an absent field does not. */
export function claimHasClass(claim: PersistentVolumeClaim): boolean {
  return hasAnnotation(claim, annBetaStorageClass) || (claim.spec.storageClassName !== undefined && claim.spec.storageClassName !== null);
}

export function volumeClass(volume: PersistentVolume): string {
  const annotations = volume.metadata.annotations ?? {};
  if (Object.hasOwn(annotations, annBetaStorageClass)) return annotations[annBetaStorageClass];
  return volume.spec.storageClassName ?? "";
}

export const requestedStorage = (claim: PersistentVolumeClaim): Quantity | undefined => tryParseQuantity(claim.spec.resources?.requests?.storage);

export const volumeCapacity = (volume: PersistentVolume): Quantity | undefined => tryParseQuantity(volume.spec.capacity?.storage);

/** a >= b, with an absent quantity reading as zero. */
export function quantityAtLeast(a: Quantity | undefined, b: Quantity | undefined): boolean {
  if (!b) return true;
  if (!a) return false;
  return compareQuantity(a, b) >= 0;
}

/** Whether the volume's claimRef names this claim (and, when it has a UID, this very claim). */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** Every access mode the claim asks for is one the volume offers. */
export function checkAccessModes(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = new Set(volume.spec.accessModes ?? []);
  return (claim.spec.accessModes ?? []).every((m) => offered.has(m));
}

export function volumeModeMismatch(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec.volumeMode ?? "Filesystem") !== (volume.spec.volumeMode ?? "Filesystem");
}

/** The claimRef a binding writes (reference.GetReference of the claim). */
export function claimRefFor(claim: PersistentVolumeClaim): ObjectReference {
  return {
    kind: "PersistentVolumeClaim",
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
    apiVersion: "v1",
    resourceVersion: claim.metadata.resourceVersion,
  };
}

/** The host directory a node agent bind-mounts for the volume (hostPath or local), if it has one. */
export function volumeHostPath(volume: PersistentVolume): string | undefined {
  return volume.spec.hostPath?.path ?? volume.spec.local?.path;
}

export function isDefaultClass(sc: StorageClass): boolean {
  const annotations = sc.metadata.annotations ?? {};
  return annotations[annDefaultStorageClass] === "true" || annotations[annBetaDefaultStorageClass] === "true";
}

/** The default class: of several, the newest wins and equal ages go by name, as upstream picks. */
export function defaultClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const defaults = classes.filter(isDefaultClass);
  defaults.sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? "";
    const tb = b.metadata.creationTimestamp ?? "";
    if (ta !== tb) return ta > tb ? -1 : 1;
    return (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1;
  });
  return defaults[0];
}

export const isDelayBinding = (sc: StorageClass | undefined): boolean => sc?.volumeBindingMode === "WaitForFirstConsumer";

export function claimNamesOf(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName ?? "").filter((n) => n !== "");
}

export function isPodTerminated(pod: Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

function requirementMatches(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return has && values.includes(value);
    case "NotIn":
      return !has || !values.includes(value);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      const n = Number.parseInt(value ?? "", 10);
      const bound = Number.parseInt(values[0] ?? "", 10);
      if (!has || Number.isNaN(n) || Number.isNaN(bound)) return false;
      return r.operator === "Gt" ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/**
 * Whether a node with these labels (and name, for matchFields metadata.name) satisfies the volume's
 * required node affinity; a volume without one fits every node.
 */
export function nodeAffinityMatches(volume: PersistentVolume, nodeName: string, labels: Record<string, string>): boolean {
  const terms = volume.spec.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return exprs.every((r) => requirementMatches(r, labels)) && fields.every((r) => r.key === "metadata.name" && requirementMatches(r, { "metadata.name": nodeName }));
  });
}
