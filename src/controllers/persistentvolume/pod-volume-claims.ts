// What the scheduler asks of a pod's claims before it binds the pod to a node (upstream's
// VolumeBinding plugin, reduced to one node): every claim must exist, claims of Immediate classes
// must already be bound, and unbound claims of WaitForFirstConsumer classes are told the chosen node
// through the volume.kubernetes.io/selected-node annotation, which the PV controller acts on.
import { claimClass, claimNamesOf, isDelayBinding } from "./volume-helpers.ts";
import { annSelectedNode, type PersistentVolumeClaim, type Pod, type StorageClass } from "./volume-types.ts";

export interface PodClaimCheck {
  /** Claim names the pod uses that do not exist: `persistentvolumeclaim "<name>" not found`. */
  missing: string[];
  /** Unbound claims of Immediate classes: "pod has unbound immediate PersistentVolumeClaims". */
  unboundImmediate: string[];
  /** Unbound late-binding claims that still need the selected-node annotation for this node. */
  toAnnotate: PersistentVolumeClaim[];
}

function lookup(pod: Pod, claims: readonly PersistentVolumeClaim[], name: string): PersistentVolumeClaim | undefined {
  return claims.find((c) => c.metadata.namespace === pod.metadata.namespace && c.metadata.name === name);
}

export function checkPodClaims(pod: Pod, claims: readonly PersistentVolumeClaim[], classes: readonly StorageClass[], nodeName: string): PodClaimCheck {
  const out: PodClaimCheck = { missing: [], unboundImmediate: [], toAnnotate: [] };
  for (const name of new Set(claimNamesOf(pod))) {
    const claim = lookup(pod, claims, name);
    if (!claim || claim.metadata.deletionTimestamp) {
      out.missing.push(name);
      continue;
    }
    if (claim.spec.volumeName) continue;
    const className = claimClass(claim);
    const late = isDelayBinding(classes.find((c) => c.metadata.name === className));
    if (!late) out.unboundImmediate.push(name);
    else if (claim.metadata.annotations?.[annSelectedNode] !== nodeName) out.toAnnotate.push(claim);
  }
  return out;
}

/** The claims to annotate with `volume.kubernetes.io/selected-node: <nodeName>` before binding the pod. */
export function claimsToAnnotateForNode(pod: Pod, claims: readonly PersistentVolumeClaim[], classes: readonly StorageClass[], nodeName: string): PersistentVolumeClaim[] {
  return checkPodClaims(pod, claims, classes, nodeName).toAnnotate;
}
