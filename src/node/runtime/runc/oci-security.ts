// A container's capabilities, masked paths and seccomp filter from its securityContext, with
// containerd's defaults: the 14 capabilities of its default set, the kubelet's masked and
// read-only /proc and /sys paths, no seccomp filter unless RuntimeDefault is asked for.
// Privileged containers get every capability the node can grant and nothing masked.
import { arr, obj, str, type JsonObject } from "../../../api/validation/json-access.ts";
import { createContainerError } from "./start-error.ts";
import type { OciCapabilities, OciSeccomp } from "./oci-types.ts";

export const DEFAULT_CAPABILITIES = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_FSETID",
  "CAP_FOWNER",
  "CAP_MKNOD",
  "CAP_NET_RAW",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETFCAP",
  "CAP_SETPCAP",
  "CAP_NET_BIND_SERVICE",
  "CAP_SYS_CHROOT",
  "CAP_KILL",
  "CAP_AUDIT_WRITE",
];

export const MASKED_PATHS = [
  "/proc/asound",
  "/proc/acpi",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/sys/firmware",
  "/sys/devices/virtual/powercap",
];

export const READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

/** Linux capability names by number, as the kernel numbers them (capability.h). */
export const CAPABILITY_NAMES = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
  "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
  "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
  "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
];

/** The names of the capabilities set in a CapBnd-style hex mask (from /proc/self/status). */
export function capabilitiesInMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim() || "0"}`);
  return CAPABILITY_NAMES.filter((_, i) => (mask >> BigInt(i)) & 1n);
}

const capName = (c: string) => {
  const upper = c.toUpperCase();
  return upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
};

export const isPrivileged = (container: JsonObject): boolean => obj(container.securityContext)?.privileged === true;

/**
 * containerd's WithCapabilities: "ALL" in add grants everything, "ALL" in drop clears the set,
 * and the named adds and drops then apply in that order. `grantable` is what the node may give.
 */
export function containerCapabilities(container: JsonObject, grantable: readonly string[]): OciCapabilities {
  let set: string[];
  if (isPrivileged(container)) {
    set = [...grantable];
  } else {
    const caps = obj(obj(container.securityContext)?.capabilities) ?? {};
    const add = arr(caps.add).map(str);
    const drop = arr(caps.drop).map(str);
    set = DEFAULT_CAPABILITIES.filter((c) => grantable.includes(c));
    if (add.includes("ALL")) set = [...grantable];
    if (drop.includes("ALL")) set = [];
    for (const c of add) if (c !== "ALL" && !set.includes(capName(c))) set.push(capName(c));
    const dropped = new Set(drop.filter((c) => c !== "ALL").map(capName));
    set = set.filter((c) => !dropped.has(c));
  }
  return { bounding: [...set], effective: [...set], permitted: [...set] };
}

/** allowPrivilegeEscalation defaults to true; false sets no_new_privs. */
export function noNewPrivileges(container: JsonObject): boolean {
  return obj(container.securityContext)?.allowPrivilegeEscalation === false;
}

/** Syscalls docker's and containerd's default profiles refuse to containers without extra capabilities. */
const REFUSED_SYSCALLS = [
  "acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "create_module", "delete_module", "finit_module",
  "get_kernel_syms", "get_mempolicy", "init_module", "ioperm", "iopl", "kcmp", "kexec_file_load", "kexec_load",
  "keyctl", "lookup_dcookie", "mbind", "mount", "mount_setattr", "move_mount", "move_pages", "name_to_handle_at",
  "nfsservctl", "open_by_handle_at", "open_tree", "perf_event_open", "pivot_root", "process_vm_readv",
  "process_vm_writev", "query_module", "quotactl", "reboot", "request_key", "set_mempolicy", "setns",
  "settimeofday", "stime", "swapoff", "swapon", "sysfs", "_sysctl", "umount", "umount2", "unshare", "uselib",
  "userfaultfd", "ustat", "vm86", "vm86old", "fsconfig", "fsmount", "fsopen", "fspick",
];

/**
 * The seccomp filter for the effective seccompProfile. RuntimeDefault is served by a deny list of
 * the syscalls the upstream default profile leaves out, answered with EPERM; it is smaller than
 * containerd's allow list but refuses the same dangerous calls.
 */
export function seccompFor(container: JsonObject, seccompProfile: unknown): OciSeccomp | undefined {
  if (isPrivileged(container)) return undefined;
  const type = str(obj(seccompProfile)?.type);
  if (type === "" || type === "Unconfined") return undefined;
  if (type === "RuntimeDefault") {
    return { defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ names: REFUSED_SYSCALLS, action: "SCMP_ACT_ERRNO", errnoRet: 1 }] };
  }
  throw createContainerError(`not implemented: securityContext.seccompProfile.type ${type}`);
}
