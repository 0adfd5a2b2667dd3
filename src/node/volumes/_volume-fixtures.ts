// Shared by the volume manager's tests: a temporary pods directory, a fake mounter and objects.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, type JsonObject } from "../../api/validation/json-access.ts";
import { FakeMounter } from "./fake-mounter.ts";
import { PodVolumeManager } from "./pod-volumes.ts";
import { ObjectVolumeSources } from "./volume-sources.ts";

export const b64 = (s: string): string => Buffer.from(s).toString("base64");

export interface VolumeHarness {
  root: string;
  podsDir: string;
  sources: ObjectVolumeSources;
  mounter: FakeMounter;
  manager: PodVolumeManager;
}

export async function withVolumes(body: (h: VolumeHarness) => Promise<void>, objects: KubeObject[] = []): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "ordinal-volumes-"));
  try {
    const podsDir = join(root, "pods");
    const sources = new ObjectVolumeSources(objects);
    const mounter = new FakeMounter();
    let tick = Date.parse("2024-05-01T10:00:00Z");
    const manager = new PodVolumeManager({ podsDir, sources, mounter, allocatable: () => ({ cpu: "4", memory: "8Gi" }), now: () => new Date((tick += 1000)) });
    await body({ root, podsDir, sources, mounter, manager });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function podWith(volumes: JsonObject[], containers: JsonObject[], extra: JsonObject = {}): KubeObject {
  return {
    metadata: { namespace: "ns", name: "web-0", uid: "pod-uid-1", labels: { app: "web" }, resourceVersion: "1" },
    spec: { nodeName: "ordinal-0", serviceAccountName: "default", volumes, containers, ...extra },
  };
}

export const firstContainer = (pod: KubeObject): JsonObject => obj(arr(obj(pod.spec)?.containers)[0]) ?? {};

export const configMap = (name: string, data: Record<string, string>): KubeObject => ({ kind: "ConfigMap", metadata: { namespace: "ns", name }, data });

export const claim = (name: string, phase: string, volumeName = "", uid = `claim-${name}`): KubeObject => ({
  kind: "PersistentVolumeClaim",
  metadata: { namespace: "ns", name, uid },
  spec: { volumeName },
  status: { phase },
});

export const persistentVolume = (name: string, source: JsonObject, claimUid: string, extra: JsonObject = {}): KubeObject => ({
  kind: "PersistentVolume",
  metadata: { name },
  spec: { ...source, claimRef: { namespace: "ns", name: "www", uid: claimUid }, ...extra },
});
