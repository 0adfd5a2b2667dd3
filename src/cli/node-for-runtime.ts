// The node part of one ordinal process: the agent with the runtime chosen by --runtime, and where
// the API server sends exec, attach, port-forward and logs of its pods.
import { join } from "node:path";
import type { LogBackend, StreamingBackend } from "../apiserver/streaming/backend.ts";
import { versionInfo } from "../apiserver/version-info.ts";
import type { Client } from "../client/client.ts";
import { ApiEventRecorder } from "../client/event-recorder.ts";
import { NodeAgent } from "../node/agent.ts";
import { detectHost } from "../node/host-info.ts";
import { DEFAULT_POD_NETWORK, type PodNetworkConfig } from "../node/network/pod-network-config.ts";

export const NODE_NAME = "ordinal-0";
export const CLUSTER_DOMAIN = "cluster.local";
/** The kube-dns Service address pods' resolv.conf names (the DNS server comes in its own issue). */
export const CLUSTER_DNS = "10.96.0.10";

/**
 * One node per machine owns the bridge, the pod /24, the netns name prefix and the cgroup parent.
 * Tests that run several ordinal processes side by side give each its own through ORDINAL_BRIDGE,
 * ORDINAL_POD_CIDR and ORDINAL_NETNS_PREFIX (the cgroup parent follows the prefix unless
 * ORDINAL_CGROUP_PARENT says otherwise), so no process cleans up another's pods.
 */
export function nodeIsolationFromEnv(env: NodeJS.ProcessEnv): { network: PodNetworkConfig; cgroupParent: string } {
  const network = {
    bridge: env.ORDINAL_BRIDGE || DEFAULT_POD_NETWORK.bridge,
    subnet: env.ORDINAL_POD_CIDR || DEFAULT_POD_NETWORK.subnet,
    prefix: env.ORDINAL_NETNS_PREFIX || DEFAULT_POD_NETWORK.prefix,
  };
  const fromPrefix = env.ORDINAL_NETNS_PREFIX ? `/${env.ORDINAL_NETNS_PREFIX.replace(/[^A-Za-z0-9]+$/, "")}` : "/ordinal";
  return { network, cgroupParent: env.ORDINAL_CGROUP_PARENT || fromPrefix };
}

export interface NodePart {
  streaming: { backend: StreamingBackend; logs: LogBackend };
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Only the chosen runtime's code is loaded: each is a good share of the process's memory. */
export async function nodeForRuntime(runtime: "runc" | "sim", client: Client, home: string): Promise<NodePart> {
  const nodeHome = join(home, "node");
  const ipamDir = join(nodeHome, "ipam");
  if (runtime === "sim") {
    const { SimRuntime } = await import("../node/runtime/sim/sim-runtime.ts");
    const { simDelaysFromEnv } = await import("../node/runtime/sim/sim-behavior.ts");
    const { UnavailableStreamingBackend } = await import("../apiserver/streaming/unavailable-backend.ts");
    // Real containers take a moment to stop after TERM. An instant stop lets a StatefulSet replace
    // a deleted pod before `kubectl delete --wait` has even listed it, and kubectl then waits
    // for the replacement to go (its informer race), so the node's default is a short delay.
    const sim = new SimRuntime({ stopDelayMs: 200, ...simDelaysFromEnv(process.env) });
    // Scale benchmarks run far more pods than a real node's 110 on a /24.
    const maxPods = Number(process.env.ORDINAL_SIM_MAX_PODS) || undefined;
    const podCIDR = process.env.ORDINAL_SIM_POD_CIDR || undefined;
    const agent = new NodeAgent({ client, runtime: sim, kubeletVersion: versionInfo.gitVersion, ipamDir, maxPods, podCIDR });
    const none = new UnavailableStreamingBackend("the sim runtime runs no processes (use --runtime runc)");
    return {
      streaming: { backend: none, logs: none },
      start: () => agent.start(),
      stop: async () => {
        await agent.stop();
        sim.close();
      },
    };
  }
  const { RuncRuntime } = await import("../node/runtime/runc/runc-runtime.ts");
  const { ImageStore } = await import("../images/image-store.ts");
  const { PodVolumeManager } = await import("../node/volumes/pod-volumes.ts");
  const { ApiVolumeSources } = await import("../node/volumes/volume-sources.ts");
  const sources = new ApiVolumeSources(client);
  const { network, cgroupParent } = nodeIsolationFromEnv(process.env);
  const runc = new RuncRuntime({
    home: nodeHome,
    network,
    cgroupParent,
    images: ImageStore.forHome(home),
    hostIP: detectHost().internalIP,
    dns: { clusterDomain: CLUSTER_DOMAIN, clusterDNS: [CLUSTER_DNS] },
    volumes: new PodVolumeManager({ podsDir: join(nodeHome, "pods"), sources }),
    sources,
    events: new ApiEventRecorder(client, { component: "kubelet", host: NODE_NAME }),
  });
  const agent = new NodeAgent({ client, runtime: runc, kubeletVersion: versionInfo.gitVersion, ipamDir, podCIDR: network.subnet });
  return {
    streaming: { backend: runc.streaming, logs: runc.logs },
    start: () => agent.start(),
    // Containers keep running: the next `up` re-adopts them.
    stop: async () => {
      await agent.stop();
      await runc.close();
    },
  };
}
