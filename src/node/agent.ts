// The node agent (our kubelet): registers the Node, keeps its Lease fresh, and runs one worker per
// pod bound to it, through a PodRuntime. It reaches the cluster only through the client. On start
// it re-adopts what the runtime still runs and re-reserves the IPs pod objects show, so pods
// survive an agent restart.
import type { KubeObject } from "../api/meta.ts";
import { obj, str } from "../api/validation/json-access.ts";
import type { Client } from "../client/client.ts";
import { ApiEventRecorder, type EventRecorder } from "../client/event-recorder.ts";
import { Informer } from "../client/informer.ts";
import { systemTimerClock, type Timer, type TimerClock } from "./clock.ts";
import { detectHost, type HostInfo } from "./host-info.ts";
import { NameFence } from "./name-fence.ts";
import { PodIPAM } from "./network/ipam.ts";
import { NodeLease } from "./node-lease.ts";
import { NodeRegistrar } from "./node-registrar.ts";
import { PodWorker, type PodWorkerContext } from "./pod-worker.ts";
import { ApiPodWriter, type PodWriter } from "./pod-writer.ts";
import { RestartBackoff, type RestartBackoffOptions } from "./restart-backoff.ts";
import type { PodRuntime } from "./runtime/pod-runtime.ts";
import { ApiClaimCheck, type ClaimCheck } from "./volume-claims.ts";

export const DEFAULT_NODE_NAME = "ordinal-0";
export const DEFAULT_POD_CIDR = "10.244.0.0/24";
export const DEFAULT_KUBELET_VERSION = "v1.33.0-ordinal";

export interface NodeAgentOptions {
  client: Client;
  runtime: PodRuntime;
  /** Default "ordinal-0". */
  nodeName?: string;
  /** The node's pod range, default 10.244.0.0/24; an existing Node's spec.podCIDR wins. */
  podCIDR?: string;
  /** Where pod IP allocations persist ($ORDINAL_HOME/node/ipam); without it they are rebuilt from pod objects. */
  ipamDir?: string;
  /** Default 110, as the kubelet's --max-pods. */
  maxPods?: number;
  /** Should match /version's gitVersion. */
  kubeletVersion?: string;
  clock?: TimerClock;
  /** Default: detected from this machine. */
  host?: HostInfo;
  /** Default: core/v1 Events through the client, from component "kubelet". */
  events?: EventRecorder;
  /** Default: claims must exist (see volume-claims.ts). */
  claims?: ClaimCheck;
  /** Default 10 s doubling to 5 min. */
  restartBackoff?: RestartBackoffOptions;
  /** Default 40. */
  leaseDurationSeconds?: number;
  /** Default 10 s. */
  leaseRenewIntervalMs?: number;
  /** Default 5 min (the kubelet's nodeStatusReportFrequency). */
  statusReportIntervalMs?: number;
  log?: (message: string) => void;
}

const podsId = { group: "", version: "v1", plural: "pods" };

function isTerminal(pod: KubeObject): boolean {
  const phase = str(obj(pod.status)?.phase);
  return phase === "Succeeded" || phase === "Failed";
}

export class NodeAgent {
  readonly nodeName: string;
  readonly #opts: NodeAgentOptions;
  readonly #clock: TimerClock;
  readonly #runtime: PodRuntime;
  readonly #registrar: NodeRegistrar;
  readonly #lease: NodeLease;
  readonly #informer: Informer;
  readonly #workers = new Map<string, PodWorker>();
  readonly #fence = new NameFence();
  readonly #timers = new Set<Timer>();
  readonly #log: (message: string) => void;
  #ctx: PodWorkerContext | undefined;
  #node: KubeObject | undefined;
  #unsubscribe: (() => void) | undefined;
  #stopped = false;

  constructor(opts: NodeAgentOptions) {
    this.#opts = opts;
    this.nodeName = opts.nodeName ?? DEFAULT_NODE_NAME;
    this.#clock = opts.clock ?? systemTimerClock;
    this.#runtime = opts.runtime;
    this.#log = opts.log ?? ((m) => console.error(`ordinal: node ${this.nodeName}: ${m}`));
    const now = () => this.#clock.now().getTime();
    this.#registrar = new NodeRegistrar(
      opts.client.resource({ group: "", version: "v1", plural: "nodes" }),
      {
        name: this.nodeName,
        host: opts.host ?? detectHost(),
        podCIDR: opts.podCIDR ?? DEFAULT_POD_CIDR,
        maxPods: opts.maxPods ?? 110,
        kubeletVersion: opts.kubeletVersion ?? DEFAULT_KUBELET_VERSION,
        containerRuntimeVersion: `${opts.runtime.type}://${opts.runtime.version}`,
      },
      now,
    );
    this.#lease = new NodeLease(
      opts.client.resource({ group: "coordination.k8s.io", version: "v1", plural: "leases" }),
      () => this.#node!,
      opts.leaseDurationSeconds ?? 40,
      now,
    );
    this.#informer = new Informer(opts.client.resource(podsId), { fieldSelector: `spec.nodeName=${this.nodeName}` });
    this.#informer.on({
      add: (pod) => this.#observe(pod),
      update: (old, pod) => {
        if (old.metadata.uid !== pod.metadata.uid) this.#gone(old);
        this.#observe(pod);
      },
      delete: (pod) => this.#gone(pod),
    });
  }

  /** Pods the agent is working on, by UID. */
  get workerCount(): number {
    return this.#workers.size;
  }

  get podCIDR(): string {
    return this.#registrar.description.podCIDR;
  }

  async start(): Promise<void> {
    const opts = this.#opts;
    this.#node = await this.#registrar.register();
    const host = this.#registrar.description.host;
    const writer: PodWriter = new ApiPodWriter(opts.client.resource(podsId));
    this.#ctx = {
      hostIP: host.internalIP,
      runtime: this.#runtime,
      clock: this.#clock,
      ipam: new PodIPAM(this.podCIDR, { dir: opts.ipamDir }),
      backoff: new RestartBackoff(opts.restartBackoff),
      writer,
      events: opts.events ?? new ApiEventRecorder(opts.client, { component: "kubelet", host: this.nodeName, clock: this.#clock }),
      claims: opts.claims ?? new ApiClaimCheck(opts.client.resource({ group: "", version: "v1", plural: "persistentvolumeclaims" })),
      fence: this.#fence,
      onError: (key, e) => this.#log(`pod ${key}: ${e instanceof Error ? e.message : String(e)}`),
    };
    this.#announce(this.#node, this.#ctx.events);
    await this.#heartbeat("lease", () => this.#lease.renew(), opts.leaseRenewIntervalMs ?? 10_000);
    this.#every("node status", () => this.#registrar.reportStatus(), opts.statusReportIntervalMs ?? 300_000);

    const held = await this.#runtime.list();
    for (const rs of held) {
      this.#fence.acquire(`${rs.namespace}/${rs.name}`, rs.uid, () => {});
      if (rs.podIP) this.#ctx.ipam.reserve(rs.uid, rs.podIP);
    }
    this.#unsubscribe = this.#runtime.subscribe((uid) => this.#workers.get(uid)?.poke());
    await this.#informer.start();
    const live = this.#informer.list().filter((p) => !isTerminal(p)).map((p) => p.metadata.uid!);
    this.#ctx.ipam.reconcile([...live, ...held.map((rs) => rs.uid)]);
    for (const rs of held) {
      if (this.#workers.has(rs.uid)) continue;
      // The runtime runs a pod the API no longer has: stop it.
      this.#spawn({ metadata: { uid: rs.uid, namespace: rs.namespace, name: rs.name } }, false);
    }
  }

  /** Stops watching and working; containers keep running in the runtime for the next agent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#informer.stop();
    this.#unsubscribe?.();
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
    const workers = [...this.#workers.values()];
    for (const w of workers) w.stop();
    await Promise.all(workers.map((w) => w.done));
  }

  /** The events a starting kubelet records on its node. */
  #announce(node: KubeObject, events: EventRecorder): void {
    events.event(node, "Normal", "Starting", "Starting kubelet.");
    for (const reason of ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"]) {
      events.event(node, "Normal", reason, `Node ${this.nodeName} status is now: ${reason}`);
    }
    events.event(node, "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
    events.event(node, "Normal", "NodeReady", `Node ${this.nodeName} status is now: NodeReady`);
  }

  /** Runs `fn` now and then every `ms`. */
  async #heartbeat(what: string, fn: () => Promise<unknown>, ms: number): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.#log(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.#every(what, fn, ms);
  }

  #every(what: string, fn: () => Promise<unknown>, ms: number): void {
    if (this.#stopped) return;
    const timer = this.#clock.after(ms, () => {
      this.#timers.delete(timer);
      if (this.#stopped) return;
      void this.#heartbeat(what, fn, ms);
    });
    this.#timers.add(timer);
  }

  #observe(pod: KubeObject): void {
    const existing = this.#workers.get(pod.metadata.uid!);
    if (existing) {
      existing.update(pod);
      return;
    }
    const ip = str(obj(pod.status)?.podIP);
    if (ip && !isTerminal(pod)) this.#ctx!.ipam.reserve(pod.metadata.uid!, ip);
    this.#spawn(pod, true);
  }

  #gone(pod: KubeObject): void {
    this.#workers.get(pod.metadata.uid!)?.update(undefined);
  }

  #spawn(pod: KubeObject, present: boolean): void {
    if (this.#stopped) return;
    const worker = new PodWorker(pod, present, this.#ctx!);
    this.#workers.set(worker.uid, worker);
    void worker.done.then(() => {
      if (this.#workers.get(worker.uid) === worker) this.#workers.delete(worker.uid);
    });
  }
}
