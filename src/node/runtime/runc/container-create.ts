// Makes one container instance ready to run: finds its image, mounts its overlay root filesystem
// (stageInstance), computes its environment, mounts and user and writes the OCI bundle
// (writeBundle). Then launches it: conmon runs `runc create`, we start it (exec-fifo.ts). Staging
// needs no sandbox, so a pod's first containers are staged while it is being made
// (ContainerLifecycle.stage).
import { lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "../../../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../../../api/validation/json-access.ts";
import type { ImageStore, ResolvedImage } from "../../../images/image-store.ts";
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

/** Read synchronously, as stageInstance makes directories: small files, on a start's critical path. */
function readRootfsFile(rootfs: string, path: string): string {
  const file = join(rootfs, path);
  try {
    // A symlink could point anywhere on the host: only a regular file in the image is read.
    if (!lstatSync(file).isFile()) return "";
    return readFileSync(file, "utf8");
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

/** What stageInstance made of an instance: its image and mounted root filesystem. */
export interface StagedInstance {
  image: ResolvedImage;
  rootfs: string;
}

/**
 * The part of an instance that needs no sandbox: its image (filling in the image, image ID and stop
 * signal of `rec`), its bundle directory with the overlay root filesystem, and its log directory.
 * Throws ContainerStartError when the image cannot be used.
 */
export async function stageInstance(ctx: CreateContext, uid: string, rec: ContainerRecord, signal: AbortSignal): Promise<StagedInstance> {
  const container = rec.spec;
  const found = await lookupImage(ctx.images, str(container.image), str(container.imagePullPolicy) || undefined);
  if (!found.ok) throw new ContainerStartError(found.reason, found.message);
  const image = found.image;
  rec.image = image.name;
  rec.imageID = image.imageRef;
  rec.stopSignal = image.config.stopSignal;
  signal.throwIfAborted();
  const bundle = ctx.layout.bundle(uid, rec.id);
  // Directories are made synchronously: on a busy event loop each asynchronous call waits its turn
  // (milliseconds), while the calls themselves take microseconds.
  mkdirSync(bundle, { recursive: true, mode: 0o700 });
  mkdirSync(ctx.layout.logDir(uid, rec.name), { recursive: true });
  const { rootfs } = await prepareRootfs(image, bundle);
  return { image, rootfs };
}

/**
 * The part that needs the pod's sandbox: the environment, the mounts, the user, and config.json
 * in the bundle (filling in the termination log of `rec`). Throws ContainerConfigError when the
 * container cannot be made as specified.
 */
export async function writeBundle(ctx: CreateContext, pod: PodRecord, object: KubeObject, rec: ContainerRecord, staged: StagedInstance, signal: AbortSignal): Promise<void> {
  const container = rec.spec;
  const env = await ctx.env(object, container, pod.podIP);
  const bundle = ctx.layout.bundle(pod.uid, rec.id);
  const etc = ctx.layout.etcDir(pod.uid);
  const { rootfs, image } = staged;
  const own = await (ctx.volumes ? ctx.volumes.mountsFor(object, container, { env, etcHosts: join(etc, "hosts") }) : ownMounts(container, bundle, join(etc, "hosts")));
  const passwd = readRootfsFile(rootfs, "etc/passwd");
  const group = readRootfsFile(rootfs, "etc/group");
  rec.terminationLog = own.terminationLog;
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
  writeFileSync(join(bundle, "config.json"), JSON.stringify(spec));
  signal.throwIfAborted();
}

/** Creates the prepared instance through conmon (`runc create`); resolves with its init's pid; StartFailure when runc refuses. */
export async function createInstance(ctx: CreateContext, pod: PodRecord, rec: ContainerRecord, signal: AbortSignal): Promise<number> {
  try {
    return await conmonCreate({
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
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    throw new StartFailure(e instanceof Error ? e.message : String(e));
  }
}

/** Starts a created instance, whose init has `initPid`; StartFailure when it cannot run. */
export async function startInstance(ctx: CreateContext, rec: ContainerRecord, initPid: number, signal: AbortSignal): Promise<void> {
  try {
    signal.throwIfAborted();
    await ctx.runc.start(rec.id, initPid);
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    throw new StartFailure(e instanceof Error ? e.message : String(e));
  }
}
