// What every volume plugin works with, and how it fails.
import { join } from "node:path";
import type { KubeObject } from "../../api/meta.ts";
import { obj, str } from "../../api/validation/json-access.ts";
import type { ResourceList } from "./downward-api.ts";
import type { FsGroupChangePolicy } from "./fs-group.ts";
import type { Mounter } from "./mounter.ts";
import type { VolumeSources } from "./volume-sources.ts";

/**
 * Why a volume is not usable, and in which of the kubelet's phases it failed: "process" (the
 * claim cannot be resolved: "failed to process volumes"), "new-mounter" or "setup"
 * ("MountVolume.SetUp failed"). `specName` is what the kubelet's events call the volume: the PV's
 * name for a claim.
 */
export class VolumeError extends Error {
  readonly stage: "process" | "new-mounter" | "setup";
  readonly specName: string;

  constructor(stage: VolumeError["stage"], specName: string, message: string) {
    super(message);
    this.name = "VolumeError";
    this.stage = stage;
    this.specName = specName;
  }
}

export interface PluginContext {
  pod: KubeObject;
  podDir: string;
  sources: VolumeSources;
  mounter: Mounter;
  allocatable: ResourceList;
  now: Date;
  /** The volume was not in place for this pod before: one-time work (ownership) is due. */
  firstMount: boolean;
}

/** The directory the kubelet would use: kubernetes.io~<plugin>/<volume>. */
export const volumeDir = (podDir: string, plugin: string, name: string): string => join(podDir, "volumes", `kubernetes.io~${plugin}`, name);

export function securityContext(pod: KubeObject): { fsGroup?: number; policy?: FsGroupChangePolicy } {
  const sc = obj(obj(pod.spec)?.securityContext) ?? {};
  return {
    fsGroup: typeof sc.fsGroup === "number" ? sc.fsGroup : undefined,
    policy: str(sc.fsGroupChangePolicy) === "OnRootMismatch" ? "OnRootMismatch" : undefined,
  };
}
