// The node agent's volume manager: puts a pod's volumes in place before its containers start,
// refreshes configMap, secret, downwardAPI and projected content when called again, gives each
// container its mounts, and removes everything once the pod is gone. One pod's calls run one at a
// time; pods proceed independently.
import { rm, rmdir } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import { containerMounts, type ContainerMounts, type MountedVolume } from "./container-mounts.ts";
import type { ResourceList } from "./downward-api.ts";
import type { EnvVar } from "./expand-vars.ts";
import { HostMounter, type Mounter } from "./mounter.ts";
import { VolumeError } from "./plugin-context.ts";
import { setUpVolume } from "./volume-plugins.ts";
import type { VolumeSources } from "./volume-sources.ts";

export interface PodVolumeManagerOptions {
  /** One directory per pod UID, e.g. $ORDINAL_HOME/node/pods. */
  podsDir: string;
  sources: VolumeSources;
  /** Default: mount(8) on this host. */
  mounter?: Mounter;
  /** node.status.allocatable: resourceFieldRef defaults and the size of memory-backed volumes. */
  allocatable?: () => ResourceList;
  /** Names new versions of atomically written volumes. */
  now?: () => Date;
}

export interface VolumeSetUpResult {
  /** Every volume a container mounts is in place: containers may start. */
  ready: boolean;
  /** Volumes some container mounts that are not in place, sorted. */
  unmounted: string[];
  /**
   * Warning FailedMount event messages, worded as the kubelet's: one per volume that failed to
   * set up (also when it stays usable with its earlier content), and one summary when claims
   * could not be resolved.
   */
  failures: string[];
}

export interface MountsForOptions {
  /** The container's final environment (containerEnv), for subPathExpr. */
  env: readonly EnvVar[];
  /** The pod's hosts file, bound at /etc/hosts unless a volumeMount claims that path. */
  etcHosts?: string;
}

const containersOf = (pod: KubeObject): JsonObject[] => {
  const spec = obj(pod.spec) ?? {};
  return [...arr(spec.initContainers), ...arr(spec.containers), ...arr(spec.ephemeralContainers)].map((c) => obj(c) ?? {});
};

/** The pod's volumes some container mounts, in spec order; the kubelet ignores the others. */
export function usedVolumes(pod: KubeObject): JsonObject[] {
  const used = new Set(containersOf(pod).flatMap((c) => arr(c.volumeMounts).map((m) => str(obj(m)?.name))));
  for (const c of containersOf(pod)) {
    const device = arr(c.volumeDevices).map((d) => obj(d) ?? {})[0];
    if (device) throw new Error(`not implemented: volumeDevices (container "${str(c.name)}" maps "${str(device.name)}")`);
  }
  return arr(obj(pod.spec)?.volumes).map((v) => obj(v) ?? {}).filter((v) => used.has(str(v.name)));
}

function eventFor(e: VolumeError): string {
  const what = e.stage === "new-mounter" ? "MountVolume.NewMounter initialization failed" : "MountVolume.SetUp failed";
  return `${what} for volume "${e.specName}" : ${e.message}`;
}

export class PodVolumeManager {
  readonly #podsDir: string;
  readonly #sources: VolumeSources;
  readonly #mounter: Mounter;
  readonly #allocatable: () => ResourceList;
  readonly #now: () => Date;
  /** Volumes in place, by pod UID and volume name. */
  readonly #mounted = new Map<string, Map<string, MountedVolume>>();
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(opts: PodVolumeManagerOptions) {
    this.#podsDir = opts.podsDir;
    this.#sources = opts.sources;
    this.#mounter = opts.mounter ?? new HostMounter();
    this.#allocatable = opts.allocatable ?? (() => ({}));
    this.#now = opts.now ?? (() => new Date());
  }

  podDir(uid: string): string {
    return join(this.#podsDir, uid);
  }

  /** Puts every used volume in place or refreshes it; safe to call on every pod sync. */
  setUp(pod: KubeObject): Promise<VolumeSetUpResult> {
    const uid = pod.metadata.uid!;
    return this.#serial(uid, async () => {
      const mounted = this.#mounted.get(uid) ?? new Map<string, MountedVolume>();
      this.#mounted.set(uid, mounted);
      const failures: string[] = [];
      const unprocessed: string[] = [];
      const processErrors: string[] = [];
      const unmounted: string[] = [];
      for (const volume of usedVolumes(pod)) {
        const name = str(volume.name);
        const ctx = { pod, podDir: this.podDir(uid), sources: this.#sources, mounter: this.#mounter, allocatable: this.#allocatable(), now: this.#now(), firstMount: !mounted.has(name) };
        try {
          mounted.set(name, await setUpVolume(ctx, volume));
        } catch (e) {
          if (!(e instanceof VolumeError)) throw e;
          // A volume already in place keeps serving its last content, as the kubelet's does.
          if (mounted.has(name)) {
            if (e.stage !== "process") failures.push(eventFor(e));
            continue;
          }
          unmounted.push(name);
          if (e.stage !== "process") failures.push(eventFor(e));
          else {
            unprocessed.push(name);
            processErrors.push(e.message);
          }
        }
      }
      unmounted.sort();
      if (processErrors.length > 0) {
        failures.unshift(
          `Unable to attach or mount volumes: unmounted volumes=[${unmounted.join(" ")}], unattached volumes=[], failed to process volumes=[${unprocessed.sort().join(" ")}]: ${processErrors.join("; ")}`,
        );
      }
      return { ready: unmounted.length === 0, unmounted, failures };
    });
  }

  /**
   * The container's OCI mounts, from the volumes the last setUp put in place. Throws
   * ContainerConfigError (CreateContainerConfigError) when a mount cannot be made as specified.
   */
  mountsFor(pod: KubeObject, container: JsonObject, opts: MountsForOptions): Promise<ContainerMounts> {
    const uid = pod.metadata.uid!;
    return this.#serial(uid, () => containerMounts(container, this.#mounted.get(uid) ?? new Map(), { podDir: this.podDir(uid), env: opts.env, etcHosts: opts.etcHosts }));
  }

  /**
   * Unmounts and removes the pod's volumes and termination logs, then its directory when nothing
   * else is left in it. Call after the runtime removed the pod. Host paths and claims' volumes are
   * never touched: they are bound by containers, not placed under the pod.
   */
  tearDown(uid: string): Promise<void> {
    return this.#serial(uid, async () => {
      const dir = this.podDir(uid);
      const volumes = join(dir, "volumes");
      for (const m of await this.#mounter.mountPointsUnder(volumes)) await this.#mounter.unmount(m);
      const left = await this.#mounter.mountPointsUnder(volumes);
      // Removing files below a mount point would delete what it shows: stop instead.
      if (left.length > 0) throw new Error(`pod ${uid}: volumes still mounted: ${left.join(", ")}`);
      await rm(volumes, { recursive: true, force: true });
      await rm(join(dir, "containers"), { recursive: true, force: true });
      try {
        await rmdir(dir);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ENOTEMPTY") throw e;
      }
      this.#mounted.delete(uid);
    });
  }

  #serial<T>(uid: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(uid) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => {});
    this.#queues.set(uid, settled);
    void settled.then(() => {
      if (this.#queues.get(uid) === settled) this.#queues.delete(uid);
    });
    return next;
  }
}
