// A container's OCI mounts from its pod's volumes (the kubelet's makeMounts plus the runtime's
// termination-log file): a bind mount per volumeMount, subPaths resolved inside their volume,
// /etc/hosts unless the container mounts its own, ordered so parents mount before children.
import { randomBytes } from "node:crypto";
import { chmod, lstat, mkdir, realpath, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";
import { ContainerConfigError } from "./container-env.ts";
import { expandSubPathExpr, type EnvVar } from "./expand-vars.ts";
import { hasBacksteps } from "./host-path-type.ts";

/** A mount as runc's config.json lists it. */
export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

/** A volume in place on the host. */
export interface MountedVolume {
  /** The host path containers bind (a directory, or a file for some hostPath volumes). */
  path: string;
  /** Containers may only read it, whatever their volumeMounts say. */
  readOnly: boolean;
}

export interface ContainerMountsOptions {
  /** The pod's directory; termination logs go under containers/<name>/. */
  podDir: string;
  /** The container's final environment, for subPathExpr. */
  env: readonly EnvVar[];
  /** The pod's hosts file on the host; mounted at /etc/hosts unless a volumeMount claims that path. */
  etcHosts?: string;
}

export interface ContainerMounts {
  mounts: OciMount[];
  /** The host file behind terminationMessagePath, read when the container ends. */
  terminationLog?: string;
}

const ETC_HOSTS = "/etc/hosts";

const propagationOptions: Record<string, string> = { "": "rprivate", None: "rprivate", HostToContainer: "rslave", Bidirectional: "rshared" };

function bind(destination: string, source: string, opts: { readOnly: boolean; propagation?: string; recursiveReadOnly?: boolean }): OciMount {
  const options = ["rbind", opts.propagation ?? "rprivate", opts.readOnly ? "ro" : "rw"];
  if (opts.recursiveReadOnly) options.push("rro");
  return { destination, type: "bind", source, options };
}

const isInside = (base: string, p: string) => p === base || p.startsWith(`${base}/`);

/** Makes the missing directories of `subPath` inside `volume` with the volume root's mode (SafeMakeDir). */
async function makeSubPathDir(volume: string, subPath: string, mode: number): Promise<void> {
  let current = volume;
  for (const part of subPath.split("/").filter((p) => p !== "" && p !== ".")) {
    current = join(current, part);
    try {
      const st = await lstat(current);
      if (st.isSymbolicLink() && !isInside(volume, await realpath(current))) throw new Error(`${current} leaves the volume`);
      continue;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    await mkdir(current);
    await chmod(current, mode);
  }
}

/** The host path of a volumeMount with a subPath, created when missing, never outside the volume. */
async function subPathSource(volumePath: string, subPath: string, mountName: string, containerName: string): Promise<string> {
  if (subPath.startsWith("/")) throw new ContainerConfigError(`error SubPath \`${subPath}\` must not be an absolute path`);
  if (hasBacksteps(subPath)) throw new ContainerConfigError(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
  const volume = await realpath(volumePath);
  const full = join(volume, subPath);
  let exists = true;
  try {
    await stat(full);
  } catch {
    exists = false;
  }
  if (!exists) {
    try {
      await makeSubPathDir(volume, subPath, (await stat(volume)).mode & 0o7777);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        // Upstream keeps host details out of the message.
        throw new ContainerConfigError(`failed to create subPath directory for volumeMount "${mountName}" of container "${containerName}"`);
      }
    }
  }
  let resolved: string;
  try {
    resolved = await realpath(full);
  } catch {
    throw new ContainerConfigError(`failed to prepare subPath for volumeMount "${mountName}" of container "${containerName}"`);
  }
  if (!isInside(volume, resolved)) throw new ContainerConfigError(`failed to prepare subPath for volumeMount "${mountName}" of container "${containerName}"`);
  return resolved;
}

/** An empty file the container writes its termination message to, 0666 whatever its user. */
async function terminationLogFile(podDir: string, containerName: string): Promise<string> {
  const file = join(podDir, "containers", containerName, randomBytes(4).toString("hex"));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, "");
  await chmod(file, 0o666);
  return file;
}

const depth = (p: string) => p.split("/").filter((s) => s !== "").length;

export async function containerMounts(container: JsonObject, volumes: ReadonlyMap<string, MountedVolume>, opts: ContainerMountsOptions): Promise<ContainerMounts> {
  const containerName = str(container.name);
  const mounts: OciMount[] = [];
  let mountHosts = opts.etcHosts !== undefined;
  for (const m of arr(container.volumeMounts).map((v) => obj(v) ?? {})) {
    const name = str(m.name);
    const destination = str(m.mountPath);
    if (destination === ETC_HOSTS) mountHosts = false;
    const volume = volumes.get(name);
    if (!volume) throw new ContainerConfigError(`cannot find volume "${name}" to mount into container "${containerName}"`);
    let subPath = str(m.subPath);
    if (str(m.subPathExpr)) {
      try {
        subPath = expandSubPathExpr(str(m.subPathExpr), opts.env);
      } catch (e) {
        throw new ContainerConfigError((e as Error).message);
      }
    }
    const source = subPath ? await subPathSource(volume.path, subPath, name, containerName) : volume.path;
    const propagation = propagationOptions[str(m.mountPropagation)];
    if (propagation === undefined) throw new ContainerConfigError(`invalid MountPropagation mode: "${str(m.mountPropagation)}"`);
    const readOnly = m.readOnly === true || volume.readOnly;
    const rro = str(m.recursiveReadOnly);
    mounts.push(bind(destination, source, { readOnly, propagation, recursiveReadOnly: readOnly && (rro === "Enabled" || rro === "IfPossible") }));
  }
  if (mountHosts) mounts.push(bind(ETC_HOSTS, opts.etcHosts!, { readOnly: false }));
  let terminationLog: string | undefined;
  const messagePath = str(container.terminationMessagePath);
  if (messagePath) {
    terminationLog = await terminationLogFile(opts.podDir, containerName);
    mounts.push(bind(messagePath, terminationLog, { readOnly: false }));
  }
  // Stable: mounts at the same depth keep the pod's order.
  mounts.sort((a, b) => depth(a.destination) - depth(b.destination));
  return { mounts, terminationLog };
}
