// Which volume a claim binds to (upstream FindMatchingVolume and the PV controller's access-mode
// index): a volume pre-bound to the claim wins; otherwise the smallest Available volume of the
// claim's class whose capacity, volume mode, selector and node affinity fit, looked for first among
// volumes offering the fewest access modes that still cover the claim's.
import { selectorFromLabelSelector, type LabelMatcher } from "../../api/selectors/label-selector.ts";
import { compareQuantity, type Quantity } from "../../api/validation/quantity.ts";
import {
  claimClass,
  claimKey,
  isVolumeBoundToClaim,
  nodeAffinityMatches,
  quantityAtLeast,
  requestedStorage,
  volumeCapacity,
  volumeClass,
  volumeModeMismatch,
} from "./volume-helpers.ts";
import type { PersistentVolume, PersistentVolumeClaim } from "./volume-types.ts";

export interface MatchNode {
  name: string;
  labels: Record<string, string>;
}

export interface MatchOptions {
  /** The claim's class binds late: only volumes pre-bound to it may be chosen without a node. */
  delayBinding: boolean;
  /** The node the claim's pod goes to; its labels must satisfy each volume's node affinity. */
  node?: MatchNode;
}

function claimSelector(claim: PersistentVolumeClaim): LabelMatcher | undefined {
  if (!claim.spec.selector) return undefined;
  try {
    return selectorFromLabelSelector(claim.spec.selector);
  } catch (e) {
    throw new Error(`error creating internal label selector for claim: ${claimKey(claim)}: ${e instanceof Error ? e.message : e}`);
  }
}

/** FindMatchingVolume over one group of volumes. */
export function findMatchingVolume(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], opts: MatchOptions): PersistentVolume | undefined {
  const requested = requestedStorage(claim);
  const requestedClass = claimClass(claim);
  const selector = claimSelector(claim);
  let smallest: PersistentVolume | undefined;
  let smallestQty: Quantity | undefined;
  for (const volume of volumes) {
    if (volume.spec.claimRef && !isVolumeBoundToClaim(volume, claim)) continue;
    const qty = volumeCapacity(volume);
    if (!quantityAtLeast(qty, requested)) continue;
    if (volumeModeMismatch(claim, volume)) continue;
    if (volume.metadata.deletionTimestamp) continue;
    const affinityOk = !opts.node || nodeAffinityMatches(volume, opts.node.name, opts.node.labels);
    if (isVolumeBoundToClaim(volume, claim)) return affinityOk ? volume : undefined;
    if (!opts.node && opts.delayBinding) continue;
    if (volume.status?.phase !== "Available") continue;
    if (selector && !selector.matches(volume.metadata.labels ?? {})) continue;
    if (volumeClass(volume) !== requestedClass) continue;
    if (!affinityOk) continue;
    if (!smallest || (qty && smallestQty && compareQuantity(smallestQty, qty) > 0)) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}

const modesKey = (modes: readonly string[] | undefined): string => [...new Set(modes ?? [])].sort().join(",");

/**
 * findBestMatchForClaim: volumes grouped by their access modes; groups covering the claim's modes
 * are tried from the fewest modes up. Volumes are taken in name order so ties resolve the same way
 * every time (pv-a before pv-b).
 */
export function findBestMatchForClaim(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], opts: MatchOptions): PersistentVolume | undefined {
  const wanted = new Set(claim.spec.accessModes ?? []);
  const groups = new Map<string, PersistentVolume[]>();
  const sorted = [...volumes].sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
  for (const volume of sorted) {
    const key = modesKey(volume.spec.accessModes);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(volume);
  }
  const candidates = [...groups.entries()]
    .filter(([key]) => {
      const offered = new Set(key.split(",").filter((m) => m !== ""));
      return [...wanted].every((m) => offered.has(m));
    })
    .sort(([a], [b]) => a.split(",").length - b.split(",").length || (a < b ? -1 : 1));
  for (const [, group] of candidates) {
    const found = findMatchingVolume(claim, group, opts);
    if (found) return found;
  }
  return undefined;
}
