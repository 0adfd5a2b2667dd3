// What to change to bring a pod's network sandbox from what exists to what it should be. Pure:
// pod-network.ts observes the machine and runs the steps. Re-running setup on a complete sandbox
// plans nothing; a half-made one (the agent died mid-setup, someone deleted a veth) is repaired
// from where it stopped.

export interface HostVethState {
  ifindex: number;
  alias: string;
  master: string | undefined;
  up: boolean;
  hairpin: boolean;
}

export interface PodSideState {
  loUp: boolean;
  eth0: { peerIfindex: number | undefined; up: boolean; ipv4: string[] } | undefined;
  defaultGateway: string | undefined;
}

export interface SandboxState {
  /** "stale": the file exists but no namespace is mounted on it (a crash between create and mount). */
  netns: "absent" | "mounted" | "stale";
  hostVeth: HostVethState | undefined;
  /** Known only when the namespace is mounted. */
  pod: PodSideState | undefined;
}

export interface SandboxSpec {
  netns: string;
  veth: string;
  alias: string;
  bridge: string;
  /** "10.244.0.5/24" */
  address: string;
  gateway: string;
}

/** A batch of `ip` lines, run on the host or inside the pod's namespace. */
export interface IpStep {
  where: "host" | "pod";
  lines: string[];
}

/**
 * `first` runs in order (removing what is broken, creating the pair and setting up its new host
 * port); after it the host port (when only it needs repair) and the pod side are independent, so
 * their batches run at the same time.
 */
export interface SandboxPlan {
  first: IpStep[];
  host: string[];
  pod: string[];
}

interface IpJsonLink {
  ifname?: string;
  flags?: string[];
  link_index?: number;
  addr_info?: Array<{ family?: string; local?: string; prefixlen?: number }>;
}

/** Parses `ip -j -batch` output of "addr show" then "route show default": one JSON array per line. */
export function parsePodSide(output: string): PodSideState {
  const [addrs, routes] = output
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as unknown[]);
  const links = (addrs ?? []) as IpJsonLink[];
  const lo = links.find((l) => l.ifname === "lo");
  const eth0 = links.find((l) => l.ifname === "eth0");
  const via = ((routes ?? []) as Array<{ gateway?: string }>).find((r) => r.gateway)?.gateway;
  return {
    loUp: lo?.flags?.includes("UP") ?? false,
    eth0: eth0 && {
      peerIfindex: eth0.link_index,
      up: eth0.flags?.includes("UP") ?? false,
      ipv4: (eth0.addr_info ?? []).filter((a) => a.family === "inet").map((a) => `${a.local}/${a.prefixlen}`),
    },
    defaultGateway: via,
  };
}

export class SandboxConflictError extends Error {
  constructor(veth: string, alias: string, want: string) {
    super(`pod network: ${veth} belongs to ${JSON.stringify(alias)}, not ${JSON.stringify(want)}`);
    this.name = "SandboxConflictError";
  }
}

function push(steps: IpStep[], where: IpStep["where"], ...lines: string[]): void {
  const last = steps.at(-1);
  if (last && last.where === where) last.lines.push(...lines);
  else steps.push({ where, lines: [...lines] });
}

function hostPort(s: SandboxSpec, veth: HostVethState | undefined): string[] {
  const lines: string[] = [];
  if (!veth || veth.alias !== s.alias) lines.push(`link set ${s.veth} alias ${s.alias}`);
  if (!veth || veth.master !== s.bridge || !veth.up) lines.push(`link set ${s.veth} master ${s.bridge} up`);
  // With br_netfilter a pod that reaches itself through a Service VIP is DNATed back to the port it
  // came from; the bridge drops such frames unless the port is in hairpin mode (kubelet's hairpin-veth).
  if (!veth || !veth.hairpin) lines.push(`link set ${s.veth} type bridge_slave hairpin on`);
  return lines;
}

function podSide(s: SandboxSpec, pod: PodSideState | undefined, freshEth0: boolean): string[] {
  const lines: string[] = [];
  if (!pod?.loUp) lines.push("link set lo up");
  const eth0 = freshEth0 ? undefined : pod?.eth0;
  const addrs = eth0?.ipv4 ?? [];
  if (addrs.length !== 1 || addrs[0] !== s.address) {
    if (addrs.length > 0) lines.push("addr flush dev eth0 scope global");
    lines.push(`addr add ${s.address} dev eth0`);
  }
  if (!eth0?.up) lines.push("link set eth0 up");
  if (freshEth0 || pod?.defaultGateway !== s.gateway) lines.push(`route replace default via ${s.gateway} dev eth0`);
  return lines;
}

export function planSandbox(state: SandboxState, s: SandboxSpec): SandboxPlan {
  if (state.hostVeth && state.hostVeth.alias !== "" && state.hostVeth.alias !== s.alias) {
    throw new SandboxConflictError(s.veth, state.hostVeth.alias, s.alias);
  }
  const steps: IpStep[] = [];
  const pairOk =
    state.netns === "mounted" && state.hostVeth !== undefined && state.pod?.eth0 !== undefined && state.pod.eth0.peerIfindex === state.hostVeth.ifindex;
  if (!pairOk) {
    // Creating the pair with its peer already inside the namespace saves a move and a rename.
    if (state.netns === "mounted" && state.pod?.eth0) push(steps, "pod", "link del eth0");
    if (state.hostVeth) push(steps, "host", `link del ${s.veth}`);
    if (state.netns === "stale") push(steps, "host", `netns del ${s.netns}`);
    if (state.netns !== "mounted") push(steps, "host", `netns add ${s.netns}`);
    push(steps, "host", `link add ${s.veth} type veth peer name eth0 netns ${s.netns}`);
    // The new port is set up by the `ip` that made it: one process less before the pod can start.
    push(steps, "host", ...hostPort(s, undefined));
  }
  return {
    first: steps,
    host: pairOk ? hostPort(s, state.hostVeth) : [],
    pod: podSide(s, state.netns === "mounted" ? state.pod : undefined, !pairOk),
  };
}

/** Deleting the host end takes the pod end with it at once; deleting the namespace alone would do so only later. */
export function planTeardown(state: Pick<SandboxState, "netns" | "hostVeth">, s: Pick<SandboxSpec, "netns" | "veth" | "alias">): string[] {
  const lines: string[] = [];
  if (state.hostVeth && (state.hostVeth.alias === "" || state.hostVeth.alias === s.alias)) lines.push(`link del ${s.veth}`);
  if (state.netns !== "absent") lines.push(`netns del ${s.netns}`);
  return lines;
}
