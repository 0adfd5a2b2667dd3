// The OCI runtime config (config.json) for one container, built as the kubelet and containerd's
// CRI plugin build it. Pure: everything read from the machine comes in through the input.
//
// - Process: command/args expanded against the container env, then combined with the image's
//   Entrypoint/Cmd by containerd's rules; env is PATH, HOSTNAME, the image's, then the
//   container's, a later value replacing an earlier one in place; cwd is workingDir, else the
//   image's, else "/"; user and groups from container-user.ts.
// - Namespaces: a new pid, ipc, uts and mount namespace per container, and the pod's network
//   namespace by path. Containers of a pod share the hostname and the network, not IPC.
// - Mounts: containerd's /proc, /dev, /dev/pts, /dev/shm, /dev/mqueue, /sys (read-only unless
//   privileged) and /sys/fs/cgroup, then the pod's /etc/hostname and /etc/resolv.conf and the
//   container's own mounts (volumes, /etc/hosts, the termination log), parents before children.
import { obj, str, type JsonObject } from "../../../api/validation/json-access.ts";
import type { ImageConfig } from "../../../images/image-config.ts";
import { expandCommandAndArgs, type EnvVar } from "../../volumes/expand-vars.ts";
import { effectiveSecurityContext, type ResolvedUser } from "./container-user.ts";
import { createContainerError } from "./start-error.ts";
import { containerResources, oomScoreAdj } from "./oci-resources.ts";
import { containerCapabilities, isPrivileged, MASKED_PATHS, noNewPrivileges, READONLY_PATHS, seccompFor } from "./oci-security.ts";
import type { OciDevice, OciMount, OciSpec } from "./oci-types.ts";

export const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** What the node contributes: what it can grant, and how its kernel accounts resources. */
export interface HostFacts {
  /** Capabilities this process holds and can pass on ("CAP_..."). */
  capabilities: string[];
  swapAccounting: boolean;
  /** Bytes of memory on the node, for Burstable OOM scores. */
  memoryCapacity: number;
  /** The lowest oom_score_adj this process may set (its own, without CAP_SYS_RESOURCE). */
  minOomScoreAdj: number;
  /** Per-container pids limit; undefined for none. */
  pidsLimit?: number;
  /** The node's devices, given to privileged containers. */
  devices: OciDevice[];
}

export interface ContainerSpecInput {
  pod: JsonObject;
  container: JsonObject;
  image: ImageConfig;
  /** The container's environment as the kubelet computes it (service links, envFrom, env), in order. */
  env: readonly EnvVar[];
  /** The pod's kernel hostname. */
  hostname: string;
  user: ResolvedUser;
  rootfs: string;
  netnsPath: string;
  cgroupsPath: string;
  /** Host files bind-mounted over /etc/hostname and /etc/resolv.conf, as containerd does. */
  etcFiles: { hostname: string; resolvConf: string };
  /** The container's own mounts, as the kubelet makes them: volumeMounts, /etc/hosts, the termination log. */
  mounts: readonly OciMount[];
  host: HostFacts;
  annotations: Record<string, string>;
}

/** containerd's WithProcessArgs over kubelet's expanded command and args. */
export function processArgs(command: readonly string[], args: readonly string[], image: Pick<ImageConfig, "entrypoint" | "cmd">): string[] {
  let cmd = [...command];
  let rest = [...args];
  if (cmd.length === 0) {
    if (rest.length === 0) rest = [...(image.cmd ?? [])];
    const ep = image.entrypoint ?? [];
    // An entrypoint of one empty string is docker's way of clearing it.
    if (!(ep.length === 1 && ep[0] === "")) cmd = [...ep];
  }
  const all = [...cmd, ...rest];
  if (all.length === 0) throw createContainerError("no command specified");
  return all;
}

/** containerd's replaceOrAppendEnvValues: a later KEY replaces an earlier one where it stands. */
export function mergeEnv(...lists: ReadonlyArray<readonly string[]>): string[] {
  const out: string[] = [];
  const index = new Map<string, number>();
  for (const list of lists) {
    for (const kv of list) {
      const eq = kv.indexOf("=");
      const key = eq < 0 ? kv : kv.slice(0, eq);
      const at = index.get(key);
      if (at !== undefined) out[at] = kv;
      else {
        index.set(key, out.length);
        out.push(kv);
      }
    }
  }
  return out;
}

export function bind(destination: string, source: string, readonly: boolean): OciMount {
  return { destination, type: "bind", source, options: ["rbind", "rprivate", readonly ? "ro" : "rw"] };
}

function systemMounts(privileged: boolean): OciMount[] {
  const rw = privileged ? "rw" : "ro";
  return [
    { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"] },
    { destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
    { destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
    { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", rw] },
    { destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", rw] },
  ];
}

const depth = (p: string) => p.split("/").filter((s) => s !== "").length;

/** Default mounts a container mount replaces are dropped; the rest are ordered parents first. */
export function containerMounts(privileged: boolean, extra: readonly OciMount[]): OciMount[] {
  const taken = new Set(extra.map((m) => m.destination));
  const ordered = [...extra].sort((a, b) => depth(a.destination) - depth(b.destination));
  return [...systemMounts(privileged).filter((m) => !taken.has(m.destination)), ...ordered];
}

export function buildOciSpec(input: ContainerSpecInput): OciSpec {
  const { pod, container, image, host } = input;
  const privileged = isPrivileged(container);
  const sc = effectiveSecurityContext(pod, container);
  const { command, args } = expandCommandAndArgs(container, input.env);
  const tty = container.tty === true;
  const readonlyRoot = obj(container.securityContext)?.readOnlyRootFilesystem === true;
  const extra: OciMount[] = [
    bind("/etc/hostname", input.etcFiles.hostname, readonlyRoot),
    bind("/etc/resolv.conf", input.etcFiles.resolvConf, readonlyRoot),
    ...input.mounts.filter((m) => m.destination !== "/etc/hostname" && m.destination !== "/etc/resolv.conf"),
  ];
  const resources = containerResources(container, { swapAccounting: host.swapAccounting, pidsLimit: host.pidsLimit });
  if (privileged) resources.devices = [{ allow: true, access: "rwm" }];
  const seccomp = seccompFor(container, sc.seccompProfile);
  const unmasked = str(obj(container.securityContext)?.procMount) === "Unmasked";
  return {
    ociVersion: "1.0.2-dev",
    process: {
      terminal: tty,
      user: { uid: input.user.uid, gid: input.user.gid, ...(input.user.additionalGids.length ? { additionalGids: input.user.additionalGids } : {}) },
      args: processArgs(command, args, image),
      env: mergeEnv([DEFAULT_PATH], tty ? ["TERM=xterm"] : [], [`HOSTNAME=${input.hostname}`], image.env, input.env.map((e) => `${e.name}=${e.value}`)),
      cwd: str(container.workingDir) || image.workingDir || "/",
      capabilities: containerCapabilities(container, host.capabilities),
      noNewPrivileges: noNewPrivileges(container),
      oomScoreAdj: Math.max(host.minOomScoreAdj, oomScoreAdj(pod, container, host.memoryCapacity)),
    },
    root: { path: input.rootfs, readonly: readonlyRoot },
    hostname: input.hostname,
    mounts: containerMounts(privileged, extra),
    annotations: input.annotations,
    linux: {
      namespaces: [{ type: "pid" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }, { type: "network", path: input.netnsPath }],
      cgroupsPath: input.cgroupsPath,
      resources,
      ...(privileged ? { devices: host.devices } : {}),
      ...(privileged || unmasked ? {} : { maskedPaths: [...MASKED_PATHS], readonlyPaths: [...READONLY_PATHS] }),
      ...(seccomp ? { seccomp } : {}),
    },
  };
}
