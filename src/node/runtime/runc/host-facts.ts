// What the node can give containers, read once per runtime: the capabilities this process holds,
// how low it may set an OOM score, whether swap is accounted, memory, and the host's devices for
// privileged containers (containerd's HostDevices: every device node under /dev).
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { totalmem } from "node:os";
import { join } from "node:path";
import { swapAccounting } from "./cgroups.ts";
import type { HostFacts } from "./oci-spec.ts";
import { capabilitiesInMask } from "./oci-security.ts";
import type { OciDevice } from "./oci-types.ts";

function statusField(name: string): string {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
  return line ? line.slice(name.length + 1).trim() : "";
}

const SKIPPED = new Set(["/dev/pts", "/dev/shm", "/dev/fd", "/dev/mqueue", "/dev/.lxc", "/dev/.lxd-mounts", "/dev/console"]);

/** Character and block devices under `dir`, with Linux's major/minor split of st_rdev. */
export function hostDevices(dir = "/dev"): OciDevice[] {
  const out: OciDevice[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const path = join(dir, e);
    if (SKIPPED.has(path)) continue;
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      out.push(...hostDevices(path));
    } else if (st.isCharacterDevice() || st.isBlockDevice()) {
      const rdev = st.rdev;
      const major = Math.floor(rdev / 256) & 0xfff;
      const minor = (rdev & 0xff) | ((Math.floor(rdev / 4096) & 0xfff00));
      out.push({ path, type: st.isCharacterDevice() ? "c" : "b", major, minor, fileMode: st.mode & 0o7777, uid: st.uid, gid: st.gid });
    }
  }
  return out;
}

export function detectHostFacts(opts: { pidsLimit?: number } = {}): HostFacts {
  const effective = capabilitiesInMask(statusField("CapEff"));
  const bounding = capabilitiesInMask(statusField("CapBnd"));
  const grantable = effective.filter((c) => bounding.includes(c));
  const ownOomScore = Number(readFileSync("/proc/self/oom_score_adj", "utf8").trim()) || 0;
  return {
    capabilities: grantable,
    swapAccounting: swapAccounting(),
    memoryCapacity: totalmem(),
    // Lowering an OOM score below one's own takes CAP_SYS_RESOURCE.
    minOomScoreAdj: grantable.includes("CAP_SYS_RESOURCE") ? -1000 : ownOomScore,
    pidsLimit: opts.pidsLimit,
    devices: hostDevices(),
  };
}
