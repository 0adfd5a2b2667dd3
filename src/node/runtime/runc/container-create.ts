// Makes one container instance ready to run: finds its image, computes its environment and
// mounts, mounts its overlay root filesystem, resolves its user and writes the OCI bundle. Then
// launches it: conmon runs `runc create`, we run `runc start`.
import { chmod, lstat, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "../../../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../../../api/validation/json-access.ts";
import type { ImageStore } from "../../../images/image-store.ts";
import { lookupImage } from "../../../images/lookup-image.ts";
import { prepareRootfs } from "../../../images/rootfs.ts";
import { ContainerConfigError } from "../../volumes/container-env.ts";
import type { EnvVar } from "../../volumes/expand-vars.ts";
import type { PodVolumeManager } from "../../volumes/pod-volumes.ts";
import { conmonCreate } from "./conmon.ts";
import { resolveUser } from "./container-user.ts";
import type { NodeLayout } from "./node-layout.ts";
import { bind, buildOciSpec, type HostFacts } from "./oci-spec.ts";
import type { OciMount } from "./oci-types.ts";
import type { ContainerRecord, PodRecord } from "./pod-record.ts";
import type { RuncCli } from "./runc-cli.ts";
import { ContainerStartError } from "./start-error.ts";

export interface CreateContext {
  layout: NodeLayout;
  runc: RuncCli;
  conmon: string;
  images: ImageStore;
  host: HostFacts;
  /** Gives containers their volume mounts; without it a container with volumeMounts cannot start. */
  volumes?: Pick<PodVolumeManager, "mountsFor">;
  env(pod: KubeObject, container: JsonObject, podIP: string): Promise<EnvVar[]>;
}

/** The runtime could not run the instance it created: containerd's StartError. */
export class StartFailure extends Error {
  override name = "StartFailure";
}

async function readRootfsFile(rootfs: string, path: string): Promise<string> {
  const file = join(rootfs, path);
  try {
    // A symlink could point anywhere on the host: only a regular file in the image is read.
    if (!(await lstat(file)).isFile()) return "";
    return await readFile(file, "utf8");
  } catch {
    return "";
  }
}

/** /etc/hosts and the termination log, which the volume manager provides when there is one. */
async function ownMounts(container: JsonObject, bundle: string, etcHosts: string): Promise<{ mounts: OciMount[]; terminationLog?: string }> {
  const first = arr(container.volumeMounts).map((m) => obj(m) ?? {})[0];
  if (first) throw new ContainerConfigError(`cannot find volume "${str(first.name)}" to mount into container "${str(container.name)}"`);
  const mounts = [bind("/etc/hosts", etcHosts, false)];
  const messagePath = str(container.terminationMessagePath);
  if (!messagePath) return { mounts };
  const terminationLog = join(bundle, "termination-log");
  await writeFile(terminationLog, "");
  await chmod(terminationLog, 0o666);
  mounts.push(bind(messagePath, terminationLog, false));
  return { mounts, terminationLog };
}

/**
 * Writes the bundle of `rec` (filling in its image, image ID, stop signal and termination log).
 * Throws ContainerStartError or ContainerConfigError when the container cannot be made as specified.
 */
export async function prepareContainer(ctx: CreateContext, pod: PodRecord, object: KubeObject, rec: ContainerRecord, signal: AbortSignal): Promise<void> {
  const container = rec.spec;
  // Independent steps run side by side; a missing image is reported before a bad environment, as
  // the kubelet ensures the image first.
  const [found, envResult] = await Promise.allSettled([
    lookupImage(ctx.images, str(container.image), str(container.imagePullPolicy) || undefined),
    ctx.env(object, container, pod.podIP),
  ]);
  if (found.status === "rejected") throw found.reason;
  if (!found.value.ok) throw new ContainerStartError(found.value.reason, found.value.message);
  if (envResult.status === "rejected") throw envResult.reason;
  const image = found.value.image;
  const env = envResult.value;
  rec.image = image.name;
  rec.imageID = image.imageRef;
  rec.stopSignal = image.config.stopSignal;
  signal.throwIfAborted();

  const bundle = ctx.layout.bundle(pod.uid, rec.id);
  await mkdir(bundle, { recursive: true, mode: 0o700 });
  const etc = ctx.layout.etcDir(pod.uid);
  // Both settle before either failure is thrown: the caller then removes a finished mount, never one under way.
  const [mounts, prepared, logDir] = await Promise.allSettled([
    ctx.volumes ? ctx.volumes.mountsFor(object, container, { env, etcHosts: join(etc, "hosts") }) : ownMounts(container, bundle, join(etc, "hosts")),
    prepareRootfs(image, bundle),
    mkdir(ctx.layout.logDir(pod.uid, rec.name), { recursive: true }),
  ]);
  if (mounts.status === "rejected") throw mounts.reason;
  if (prepared.status === "rejected") throw prepared.reason;
  if (logDir.status === "rejected") throw logDir.reason;
  const own = mounts.value;
  rec.terminationLog = own.terminationLog;
  const { rootfs } = prepared.value;
  const [passwd, group] = await Promise.all([readRootfsFile(rootfs, "etc/passwd"), readRootfsFile(rootfs, "etc/group")]);
  const user = resolveUser({ pod: object, container, imageUser: image.config.user ?? "", passwd, group });
  const spec = buildOciSpec({
    pod: object,
    container,
    image: image.config,
    env,
    hostname: pod.hostname,
    user,
    rootfs,
    netnsPath: pod.netnsPath,
    cgroupsPath: ctx.layout.cgroupsPath(pod.uid, rec.id),
    etcFiles: { hostname: join(etc, "hostname"), resolvConf: join(etc, "resolv.conf") },
    mounts: own.mounts,
    host: ctx.host,
    annotations: {
      "io.kubernetes.pod.uid": pod.uid,
      "io.kubernetes.pod.namespace": pod.namespace,
      "io.kubernetes.pod.name": pod.name,
      "io.kubernetes.container.name": rec.name,
      "io.kubernetes.container.restartCount": String(rec.attempt),
    },
  });
  await writeFile(join(bundle, "config.json"), JSON.stringify(spec));
  signal.throwIfAborted();
}

/** Creates (through conmon) and starts the prepared instance; StartFailure when runc refuses. */
export async function launchContainer(ctx: CreateContext, pod: PodRecord, rec: ContainerRecord, signal: AbortSignal): Promise<void> {
  try {
    await conmonCreate({
      conmon: ctx.conmon,
      runc: ctx.runc.binary,
      runcRoot: ctx.runc.root,
      id: rec.id,
      bundle: ctx.layout.bundle(pod.uid, rec.id),
      logPath: ctx.layout.logPath(pod.uid, rec.name, rec.attempt),
      exitDir: ctx.layout.exitDir,
      socketDir: ctx.layout.socketDir,
      terminal: rec.spec.tty === true,
      stdin: rec.spec.stdin === true,
      stdinOnce: rec.spec.stdinOnce === true,
      signal,
    });
    signal.throwIfAborted();
    await ctx.runc.start(rec.id);
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    throw new StartFailure(e instanceof Error ? e.message : String(e));
  }
}
