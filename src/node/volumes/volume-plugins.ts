// Sets up one pod volume on the host, per source type, as the kubelet's in-tree plugins do.
// Everything a pod owns lives under <pod dir>/volumes/kubernetes.io~<plugin>/<name>; hostPath and
// claims bind their host directory directly. Running again refreshes content and repairs nothing
// else: a directory or tmpfs already in place is kept as it is.
import { mkdir, chmod, stat } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "../../api/meta.ts";
import { obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import { writeAtomically } from "./atomic-writer.ts";
import type { MountedVolume } from "./container-mounts.ts";
import { applyFsGroup } from "./fs-group.ts";
import { checkHostPathType } from "./host-path-type.ts";
import { tmpfsSizeBytes } from "./memory-size.ts";
import { nestedMountpoints } from "./nested-mountpoints.ts";
import { resolveClaim } from "./claim-resolver.ts";
import { securityContext, VolumeError, volumeDir, type PluginContext } from "./plugin-context.ts";
import { configMapPayload, DEFAULT_FILE_MODE, downwardAPIPayload, modeOf, projectedPayload, secretPayload, type Payload } from "./volume-payloads.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The emptyDir underneath every kind but hostPath and claims. True when it was made just now. */
async function ensureEmptyDir(ctx: PluginContext, dir: string, memory: { sizeLimit?: unknown } | undefined): Promise<boolean> {
  let made = false;
  if (!(await exists(dir))) {
    await mkdir(dir, { recursive: true });
    // 0777 whatever the umask: any container user may write an emptyDir.
    await chmod(dir, 0o777);
    made = true;
  }
  if (memory && !(await ctx.mounter.mountPointsUnder(dir)).includes(dir)) {
    const size = tmpfsSizeBytes(ctx.pod, memory.sizeLimit, ctx.allocatable.memory);
    await ctx.mounter.mountTmpfs(dir, size > 0 ? [`size=${size}`] : []);
    made = true;
  }
  return made;
}

async function emptyDir(ctx: PluginContext, name: string, source: JsonObject): Promise<MountedVolume> {
  const medium = str(source.medium);
  if (medium !== "" && medium !== "Memory") {
    if (medium.startsWith("HugePages")) throw new VolumeError("setup", name, `not implemented: emptyDir medium ${medium}`);
    throw new VolumeError("setup", name, `unknown storage medium "${medium}"`);
  }
  const dir = volumeDir(ctx.podDir, "empty-dir", name);
  const made = await ensureEmptyDir(ctx, dir, medium === "Memory" ? { sizeLimit: source.sizeLimit } : undefined);
  const { fsGroup, policy } = securityContext(ctx.pod);
  if (made && fsGroup !== undefined) await applyFsGroup(dir, fsGroup, { readOnly: false, policy });
  return { path: dir, readOnly: false };
}

/** configMap, secret, downwardAPI and projected: files written atomically, read-only for containers. */
async function projection(ctx: PluginContext, name: string, plugin: string, memory: boolean, payload: () => Promise<Payload>): Promise<MountedVolume> {
  const files = await payload();
  const dir = volumeDir(ctx.podDir, plugin, name);
  await ensureEmptyDir(ctx, dir, memory ? {} : undefined);
  for (const nested of nestedMountpoints(ctx.pod, name)) await mkdir(join(dir, nested), { recursive: true, mode: 0o755 });
  const { fsGroup } = securityContext(ctx.pod);
  await writeAtomically(dir, files, {
    now: ctx.now,
    // Over the whole volume: the first write also creates links outside the new version.
    setPerms: fsGroup === undefined ? undefined : () => applyFsGroup(dir, fsGroup, { readOnly: true }),
  });
  return { path: dir, readOnly: true };
}

/** The source object; undefined when it is absent but optional. */
async function fetched(read: Promise<KubeObject | undefined>, kind: string, name: string, optional: boolean): Promise<KubeObject | undefined> {
  const found = await read;
  if (!found && !optional) throw new Error(`${kind} "${name}" not found`);
  return found;
}

const defaultModeOf = (source: JsonObject) => modeOf(source.defaultMode, DEFAULT_FILE_MODE);

const sourceTypes = ["emptyDir", "configMap", "secret", "downwardAPI", "projected", "hostPath", "persistentVolumeClaim", "ephemeral"];

/** Sets up `volume` (an entry of spec.volumes); throws VolumeError. */
export async function setUpVolume(ctx: PluginContext, volume: JsonObject): Promise<MountedVolume> {
  const name = str(volume.name);
  const ns = ctx.pod.metadata.namespace ?? "";
  const type = sourceTypes.find((t) => obj(volume[t]));
  const source = obj(volume[type ?? ""]) ?? {};
  try {
    switch (type) {
      case "emptyDir":
        return await emptyDir(ctx, name, source);
      case "configMap": {
        const [cm, optional] = [str(source.name), source.optional === true];
        return await projection(ctx, name, "configmap", false, async () =>
          configMapPayload(await fetched(ctx.sources.configMap(ns, cm), "configmap", cm, optional), source.items, defaultModeOf(source), optional),
        );
      }
      case "secret": {
        const [secret, optional] = [str(source.secretName), source.optional === true];
        return await projection(ctx, name, "secret", true, async () =>
          secretPayload(await fetched(ctx.sources.secret(ns, secret), "secret", secret, optional), source.items, defaultModeOf(source), optional),
        );
      }
      case "downwardAPI":
        return await projection(ctx, name, "downward-api", true, async () => downwardAPIPayload(ctx.pod, source.items, defaultModeOf(source), ctx.allocatable));
      case "projected":
        return await projection(ctx, name, "projected", true, () => projectedPayload(ctx.pod, source, ctx));
      case "hostPath":
        await checkHostPathType(str(source.path), str(source.type));
        return { path: str(source.path), readOnly: false };
      case "persistentVolumeClaim":
      case "ephemeral":
        return await resolveClaim(ctx, name, type === "ephemeral" ? undefined : source);
    }
  } catch (e) {
    if (e instanceof VolumeError) throw e;
    throw new VolumeError("setup", name, e instanceof Error ? e.message : String(e));
  }
  const kind = Object.keys(volume).find((k) => k !== "name") ?? "source";
  throw new VolumeError("process", name, `not implemented: ${kind} volumes`);
}
