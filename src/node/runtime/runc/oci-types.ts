// The parts of the OCI runtime spec (config.json, runtime-spec 1.0.2 as runc 1.1 reads it) that
// ordinal writes. Field names are the spec's.

export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

export interface OciCapabilities {
  bounding: string[];
  effective: string[];
  permitted: string[];
}

export interface OciUser {
  uid: number;
  gid: number;
  additionalGids?: number[];
}

export interface OciProcess {
  terminal: boolean;
  user: OciUser;
  args: string[];
  env: string[];
  cwd: string;
  capabilities: OciCapabilities;
  noNewPrivileges: boolean;
  oomScoreAdj?: number;
  rlimits?: Array<{ type: string; hard: number; soft: number }>;
}

export interface OciDevice {
  path: string;
  type: "c" | "b" | "p";
  major: number;
  minor: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

export interface OciDeviceRule {
  allow: boolean;
  type?: "a" | "c" | "b";
  major?: number;
  minor?: number;
  access?: string;
}

export interface OciResources {
  devices: OciDeviceRule[];
  memory?: { limit?: number; swap?: number };
  cpu?: { shares?: number; quota?: number; period?: number };
  pids?: { limit: number };
}

export interface OciNamespace {
  type: "pid" | "network" | "ipc" | "uts" | "mount" | "cgroup" | "user";
  path?: string;
}

export interface OciSeccomp {
  defaultAction: string;
  architectures?: string[];
  syscalls: Array<{ names: string[]; action: string; errnoRet?: number }>;
}

export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly: boolean };
  hostname: string;
  mounts: OciMount[];
  annotations: Record<string, string>;
  linux: {
    namespaces: OciNamespace[];
    cgroupsPath: string;
    resources: OciResources;
    devices?: OciDevice[];
    maskedPaths?: string[];
    readonlyPaths?: string[];
    rootfsPropagation?: string;
    seccomp?: OciSeccomp;
  };
}
