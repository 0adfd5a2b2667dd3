// A node agent on the real registry in-process, a simulated runtime and a manual clock: what the
// agent's integration tests share.
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { summarizePod } from "../apiserver/tables/pods.ts";
import type { ResourceClient } from "../client/client.ts";
import { FakeEventRecorder } from "../client/event-recorder.ts";
import type { InProcessClient } from "../client/in-process-client.ts";
import type { ResourceRegistry } from "../apiserver/registry/resource-registry.ts";
import { inProcessCluster } from "./_registry.ts";
import { NodeAgent, type NodeAgentOptions } from "./agent.ts";
import type { HostInfo } from "./host-info.ts";
import { ManualTimerClock } from "./manual-timer-clock.ts";
import { SimRuntime } from "./runtime/sim/sim-runtime.ts";

export const testHost: HostInfo = {
  hostname: "box",
  internalIP: "192.168.1.5",
  cpus: 4,
  memoryBytes: 8 * 1024 ** 3,
  ephemeralStorageBytes: 100 * 1024 ** 3,
  kernelVersion: "6.1.0-test",
  osImage: "Debian GNU/Linux 12 (bookworm)",
  architecture: "amd64",
  operatingSystem: "linux",
  machineID: "m",
  systemUUID: "s",
  bootID: "b",
};

export interface Harness {
  clock: ManualTimerClock;
  registry: ResourceRegistry;
  client: InProcessClient;
  runtime: SimRuntime;
  events: FakeEventRecorder;
  pods: ResourceClient;
  agent: NodeAgent;
  /**
   * Stops the agent and starts another one, on the same runtime or, like a process restart, on a
   * fresh one that knows nothing.
   */
  restartAgent(opts?: { freshRuntime?: boolean }): Promise<NodeAgent>;
  /** Ticks the clock in `stepMs` steps until `check` holds. */
  until(what: string, check: () => Promise<boolean> | boolean, stepMs?: number, maxMs?: number): Promise<void>;
  /** The pod as `kubectl get` shows it: STATUS, READY, RESTARTS. */
  shown(name: string): Promise<{ status: string; ready: string; restarts: string }>;
  close(): Promise<void>;
}

export function simplePod(name: string, annotations: Record<string, string> = {}, spec: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { name, annotations },
    spec: { nodeName: "ordinal-0", containers: [{ name: "app", image: "nginx" }], ...spec },
  };
}

export async function startHarness(opts: Partial<NodeAgentOptions> = {}): Promise<Harness> {
  const clock = new ManualTimerClock();
  const { registry, client } = await inProcessCluster(() => clock.now());
  const newRuntime = () => new SimRuntime({ clock, createDelayMs: 50, readyDelayMs: 50 });
  const events = new FakeEventRecorder();
  const pods = client.resource({ group: "", version: "v1", plural: "pods" });
  const make = (runtime: SimRuntime) => new NodeAgent({ client, runtime, clock, host: testHost, events, log: () => {}, ...opts });
  const runtime = newRuntime();
  const h: Harness = {
    clock,
    registry,
    client,
    runtime,
    events,
    pods,
    agent: make(runtime),
    async restartAgent(restart = {}) {
      await h.agent.stop();
      if (restart.freshRuntime) {
        h.runtime.close();
        h.runtime = newRuntime();
      }
      h.agent = make(h.runtime);
      await h.agent.start();
      return h.agent;
    },
    async until(what, check, stepMs = 10, maxMs = 60_000) {
      for (let waited = 0; waited <= maxMs; waited += stepMs) {
        if (await check()) return;
        await clock.tick(stepMs);
      }
      assert.fail(`timed out waiting for ${what}`);
    },
    async shown(name) {
      return summarizePod((await pods.get("default", name)) as never, clock.now());
    },
    async close() {
      await h.agent.stop();
      h.runtime.close();
      assert.equal(clock.pending, 0, "every timer was cancelled");
    },
  };
  await h.agent.start();
  return h;
}
