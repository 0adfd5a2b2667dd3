// Facts about the machine the node reports: CPUs, memory, disk, addresses and versions.
import { readFileSync, statfsSync } from "node:fs";
import { arch, cpus, hostname, networkInterfaces, release, totalmem, type NetworkInterfaceInfo } from "node:os";

export interface HostInfo {
  hostname: string;
  /** The node's InternalIP and every pod's hostIP. */
  internalIP: string;
  cpus: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  kernelVersion: string;
  osImage: string;
  /** GOARCH spelling: amd64, arm64. */
  architecture: string;
  operatingSystem: string;
  machineID: string;
  systemUUID: string;
  bootID: string;
}

/** Interfaces our own networking creates; their addresses are not the host's. */
const VIRTUAL = /^(veth|cni|docker|br-|ordinal|flannel|kube)/;

/** The first non-loopback IPv4 address of a physical-looking interface, else 127.0.0.1. */
export function primaryIPv4(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string {
  for (const [name, addrs] of Object.entries(interfaces)) {
    if (VIRTUAL.test(name)) continue;
    const found = (addrs ?? []).find((a) => a.family === "IPv4" && !a.internal);
    if (found) return found.address;
  }
  return "127.0.0.1";
}

function readTrimmed(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return "";
  }
}

function osImage(): string {
  const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readTrimmed("/etc/os-release"));
  return m ? m[1] : "Linux";
}

function diskBytes(): number {
  try {
    const s = statfsSync("/");
    return s.blocks * s.bsize;
  } catch {
    return 0;
  }
}

const GOARCH: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x" };

export function detectHost(): HostInfo {
  return {
    hostname: hostname(),
    internalIP: primaryIPv4(),
    cpus: cpus().length || 1,
    memoryBytes: totalmem(),
    ephemeralStorageBytes: diskBytes(),
    kernelVersion: release(),
    osImage: osImage(),
    architecture: GOARCH[arch()] ?? arch(),
    operatingSystem: "linux",
    machineID: readTrimmed("/etc/machine-id"),
    systemUUID: readTrimmed("/sys/class/dmi/id/product_uuid"),
    bootID: readTrimmed("/proc/sys/kernel/random/boot_id"),
  };
}
