// The next step of growing a bound claim's volume, read from the claim's status as the external
// resizer and the kubelet record it (status.allocatedResources and allocatedResourceStatuses under
// RecoverVolumeExpansionFailure): grow the storage ("controller"), then the filesystem ("node").
import { compareQuantity, tryParseQuantity } from "../../api/validation/quantity.ts";
import type { ClaimCondition, PersistentVolume, PersistentVolumeClaim } from "./volume-types.ts";

export type ExpansionStep = { kind: "none" } | { kind: "controller"; size: string } | { kind: "node"; size: string };

export const resizeStatus = {
  controllerInProgress: "ControllerResizeInProgress",
  controllerFailed: "ControllerResizeInfeasible",
  nodePending: "NodeResizePending",
  nodeInProgress: "NodeResizeInProgress",
  nodeFailed: "NodeResizeInfeasible",
} as const;

const nodeStatuses: readonly string[] = [resizeStatus.nodePending, resizeStatus.nodeInProgress, resizeStatus.nodeFailed];
const resizeConditionTypes = new Set(["Resizing", "FileSystemResizePending", "ControllerResizeError", "NodeResizeError"]);

export function planExpansion(claim: PersistentVolumeClaim, volume: PersistentVolume | undefined): ExpansionStep {
  if (!volume || claim.status?.phase !== "Bound" || claim.spec.volumeName !== volume.metadata.name) return { kind: "none" };
  if (volume.spec.claimRef?.uid !== claim.metadata.uid) return { kind: "none" };
  const status = claim.status;
  const allocated = status.allocatedResources?.storage;
  const state = status.allocatedResourceStatuses?.storage ?? "";
  if (allocated !== undefined && nodeStatuses.includes(state)) return { kind: "node", size: String(allocated) };
  const resuming = allocated !== undefined && state === resizeStatus.controllerInProgress;
  const target = resuming ? String(allocated) : claim.spec.resources?.requests?.storage;
  const want = tryParseQuantity(target);
  if (!want || target === undefined) return { kind: "none" };
  const have = tryParseQuantity(status.capacity?.storage);
  if (have && compareQuantity(want, have) <= 0) return { kind: "none" };
  return { kind: "controller", size: String(target) };
}

/**
 * Replaces the resize conditions with `next` (keeping a condition's transition time when its status
 * did not change) and leaves every other condition alone.
 */
export function mergeResizeConditions(current: readonly ClaimCondition[] | undefined, next: readonly ClaimCondition[]): ClaimCondition[] {
  const out: ClaimCondition[] = (current ?? []).filter((c) => !resizeConditionTypes.has(c.type));
  for (const c of next) {
    const old = (current ?? []).find((o) => o.type === c.type && o.status === c.status);
    out.push(old ? { ...c, lastTransitionTime: old.lastTransitionTime } : c);
  }
  return out;
}
