// The scenarios behind `ordinal bench NAME`, each loaded only when asked for.
import type { Scenario } from "./scenario.ts";

export const scenarios: Record<string, { summary: string; load: () => Promise<Scenario> }> = {
  api: {
    summary: "ConfigMap creates/updates/gets/lists over HTTPS, watch latency, idle RSS, start-up time",
    load: async () => (await import("./api.ts")).apiBench,
  },
  pods: {
    summary: "real pods on --runtime runc (root): create → Running/Ready p50/p99, one by one and all at once, next to raw runc run",
    load: async () => (await import("./pods.ts")).podsBench,
  },
  statefulset: {
    summary: "1,000 StatefulSets x 10 pods on the sim runtime to all Ready, RSS, OrderedReady step delay of a 100-replica rollout",
    load: async () => (await import("./statefulset.ts")).statefulSetBench,
  },
};
