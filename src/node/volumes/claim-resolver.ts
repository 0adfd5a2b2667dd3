// persistentVolumeClaim and generic ephemeral volumes: claim -> bound PV -> host directory, with
// the kubelet's checks and messages (desired_state_of_world_populator getPVCExtractPV, getPVSpec).
// A claim that is missing, Pending or being deleted keeps the pod waiting.
import { stat } from "node:fs/promises";
import { obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import type { MountedVolume } from "./container-mounts.ts";
import { applyFsGroup } from "./fs-group.ts";
import { checkHostPathType } from "./host-path-type.ts";
import { securityContext, VolumeError, type PluginContext } from "./plugin-context.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** `source` is the persistentVolumeClaim source; undefined for an ephemeral volume. */
export async function resolveClaim(ctx: PluginContext, volumeName: string, source: JsonObject | undefined): Promise<MountedVolume> {
  const ns = ctx.pod.metadata.namespace ?? "";
  const podName = ctx.pod.metadata.name ?? "";
  // An ephemeral volume's claim is named after the pod and the volume, and owned by the pod.
  const claimName = source ? str(source.claimName) : `${podName}-${volumeName}`;
  const failed = (message: string) => new VolumeError("process", volumeName, `error processing PVC ${ns}/${claimName}: ${message}`);

  const claim = await ctx.sources.claim(ns, claimName);
  if (!claim) throw failed(`failed to fetch PVC from API server: persistentvolumeclaims "${claimName}" not found`);
  if (!source && !(claim.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === ctx.pod.metadata.uid)) {
    throw new VolumeError("process", volumeName, `PVC ${ns}/${claimName} was not created for pod ${ns}/${podName} (pod is not owner)`);
  }
  if (claim.metadata.deletionTimestamp) throw failed("PVC is being deleted");
  if (str(obj(claim.status)?.phase) !== "Bound") throw failed("PVC is not bound");
  const pvName = str(obj(claim.spec)?.volumeName);
  if (!pvName) throw failed("PVC has empty pvc.Spec.VolumeName");

  const pv = await ctx.sources.volume(pvName);
  if (!pv) throw failed(`failed to fetch PV ${pvName} from API server: persistentvolumes "${pvName}" not found`);
  const spec = obj(pv.spec) ?? {};
  const claimRef = obj(spec.claimRef);
  if (!claimRef) throw failed(`found PV object ${pvName} but it has a nil pv.Spec.ClaimRef indicating it is not yet bound to the claim`);
  if (str(claimRef.uid) !== (claim.metadata.uid ?? "")) {
    throw failed(`found PV object ${pvName} but its pv.Spec.ClaimRef.UID ${str(claimRef.uid)} does not point to claim.UID ${claim.metadata.uid ?? ""}`);
  }
  const mode = str(spec.volumeMode) || "Filesystem";
  if (mode !== "Filesystem") throw new VolumeError("process", volumeName, `volume ${volumeName} has volumeMode ${mode}, but is specified in volumeMounts`);

  const readOnly = source?.readOnly === true;
  const hostPath = obj(spec.hostPath);
  const local = obj(spec.local);
  if (hostPath) {
    try {
      await checkHostPathType(str(hostPath.path), str(hostPath.type));
    } catch (e) {
      throw new VolumeError("setup", pvName, (e as Error).message);
    }
    return { path: str(hostPath.path), readOnly };
  }
  if (local) {
    const path = str(local.path);
    if (!(await exists(path))) throw new VolumeError("new-mounter", pvName, `path "${path}" does not exist`);
    const { fsGroup, policy } = securityContext(ctx.pod);
    if (ctx.firstMount && fsGroup !== undefined && !readOnly) await applyFsGroup(path, fsGroup, { readOnly: false, policy });
    return { path, readOnly };
  }
  throw new VolumeError("process", volumeName, `not implemented: persistent volume ${pvName} is neither hostPath nor local`);
}
