// The PodRuntime that runs real containers: runc under conmon, over overlay root filesystems from
// the image store, in per-pod network namespaces on the node bridge. A pod's sandbox is its
// network namespace and its /etc files (no pause container); each container has its own pid, ipc,
// uts and mount namespaces and joins the pod's network namespace.
//
// Nothing the containers need lives in this process: conmon monitors each one, writes its log and
// records its exit, and pods/<uid>/pod.json records what we know. A new RuncRuntime over the same
// home (ordinal restarted, even after kill -9) loads those records, reads the exits that happened
// meanwhile, and removes what no record owns (node-cleanup.ts). node-layout.ts lists the files;
// container-lifecycle.ts handles containers, runc-logs.ts their logs, runc-streaming.ts exec,
// attach and port-forward.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, rm, rmdir } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "../../../api/meta.ts";
import { obj } from "../../../api/validation/json-access.ts";
import type { LogBackend, StreamingBackend } from "../../../apiserver/streaming/backend.ts";
import type { EventRecorder } from "../../../client/event-recorder.ts";
import type { ImageStore } from "../../../images/image-store.ts";
import { systemTimerClock, type TimerClock } from "../../clock.ts";
import type { LogRotationPolicy } from "../../logs/log-rotation.ts";
import { ensureBridge } from "../../network/bridge.ts";
import { podEtcFiles } from "../../network/etc-files.ts";
import { DEFAULT_POD_NETWORK, netnsPath, type PodNetworkConfig } from "../../network/pod-network-config.ts";
import { netnsState, setupPodNetwork, teardownPodNetwork } from "../../network/pod-network.ts";
import { containerEnv } from "../../volumes/container-env.ts";
import type { ResourceList } from "../../volumes/downward-api.ts";
import type { PodVolumeManager } from "../../volumes/pod-volumes.ts";
import type { VolumeSources } from "../../volumes/volume-sources.ts";
import type { PodRuntime, RuntimePodStatus, StartContainerRequest } from "../pod-runtime.ts";
import { removeCgroup } from "./cgroups.ts";
import { ContainerLifecycle } from "./container-lifecycle.ts";
import { findBinary } from "./find-binary.ts";
import { detectHostFacts } from "./host-facts.ts";
import { cleanupOrphans, removePodFiles } from "./node-cleanup.ts";
import { NodeLayout } from "./node-layout.ts";
import { phaseOf, readPodRecords, writePodRecord, type PodRecord } from "./pod-record.ts";
import { RuncCli } from "./runc-cli.ts";
import { RuncLogs } from "./runc-logs.ts";
import { newRuncPod, podStatus, RUNTIME_TYPE, type RuncPod } from "./runc-pod.ts";
import { RuncStreaming } from "./runc-streaming.ts";
import { firstContainers } from "./first-containers.ts";

export interface RuncRuntimeOptions {
  /** $ORDINAL_HOME/node: state, bundles and logs (node-layout.ts). */
  home: string;
  images: ImageStore;
  network?: PodNetworkConfig;
  /** For the pods' resolv.conf; default cluster.local and no cluster DNS server. */
  dns?: { clusterDomain: string; clusterDNS: string[] };
  /** The node's address, for the downward API (status.hostIP). */
  hostIP?: string;
  clock?: TimerClock;
  log?: (message: string) => void;
  /** Probe, hook, DNS and volume events on pods. */
  events?: EventRecorder;
  /** Puts pod volumes in place and mounts them into containers; without it a volumeMount fails the container. */
  volumes?: Pick<PodVolumeManager, "setUp" | "mountsFor" | "tearDown">;
  /** ConfigMaps and Secrets for env and envFrom; without it such references are missing. */
  sources?: Pick<VolumeSources, "configMap" | "secret">;
  /** node.status.allocatable, for resourceFieldRef env values the container leaves unlimited. */
  allocatable?: () => ResourceList;
  logRotation?: LogRotationPolicy;
  /** How often logs are checked for rotation; default 10 s, as the kubelet. */
  logCheckIntervalMs?: number;
  /** Processes per container; default 4096. */
  pidsLimit?: number;
  /** Default "/ordinal". */
  cgroupParent?: string;
  runc?: string;
  conmon?: string;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class RuncRuntime implements PodRuntime {
  readonly type = RUNTIME_TYPE;
  readonly version: string;
  /** The prober records Unhealthy, ProbeWarning and Killing events on the pod. */
  readonly recordsProbeEvents = true;
  readonly layout: NodeLayout;
  /** exec, attach and port-forward for the API server's streaming subresources. */
  readonly streaming: StreamingBackend;
  /** pods/log for the API server. */
  readonly logs: LogBackend;
  readonly #opts: RuncRuntimeOptions;
  readonly #clock: TimerClock;
  readonly #log: (message: string) => void;
  readonly #network: PodNetworkConfig;
  readonly #runc: RuncCli;
  readonly #pods = new Map<string, RuncPod>();
  readonly #listeners = new Set<(uid: string) => void>();
  readonly #containers: ContainerLifecycle;
  readonly #logs: RuncLogs;
  /** Pods whose volumes the volume manager has put in place since this runtime started. */
  readonly #volumesUp = new Set<string>();
  #loading: Promise<void> | undefined;
  #bridge: Promise<void> | undefined;

  constructor(opts: RuncRuntimeOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemTimerClock;
    this.#log = opts.log ?? ((m) => console.error(`ordinal: runc: ${m}`));
    this.#network = opts.network ?? DEFAULT_POD_NETWORK;
    this.layout = new NodeLayout(opts.home, opts.cgroupParent);
    this.#runc = new RuncCli({ binary: findBinary(opts.runc ?? "runc"), root: this.layout.runcRoot });
    this.version = runcVersion(this.#runc.binary);
    this.#containers = new ContainerLifecycle({
      layout: this.layout,
      runc: this.#runc,
      clock: this.#clock,
      events: opts.events,
      log: this.#log,
      persist: (p) => this.#persist(p),
      emit: (uid) => this.#emit(uid),
    });
    this.#logs = new RuncLogs({
      layout: this.layout,
      clock: this.#clock,
      log: this.#log,
      policy: opts.logRotation,
      intervalMs: opts.logCheckIntervalMs,
      pod: (uid) => this.#pod(uid),
      pods: () => this.#pods.values(),
      refresh: (p, rec) => this.#containers.refresh(p, rec),
    });
    this.logs = this.#logs;
    this.streaming = new RuncStreaming({
      runc: this.#runc,
      find: async (target) => {
        const p = await this.#pod(target.uid);
        const rec = p?.record.containers.find((c) => c.name === target.container && phaseOf(c) === "running");
        return p && rec ? { id: rec.id, bundle: this.layout.bundle(p.record.uid, rec.id) } : undefined;
      },
      pod: async (uid) => (await this.#pod(uid))?.record,
      logOf: (target) => this.#logs.openLog(target, { previous: false }),
    });
  }

  async runSandbox(pod: KubeObject, podIP: string, signal: AbortSignal): Promise<void> {
    await this.#ready();
    signal.throwIfAborted();
    const spec = obj(pod.spec) ?? {};
    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[field] === true) throw new Error(`not implemented: spec.${field}`);
    const uid = pod.metadata.uid!;
    const existing = this.#pods.get(uid);
    if (existing?.record.sandbox === "ready") return;
    if (existing) {
      // A new sandbox starts its containers over, at attempt 0: their old instances and logs go.
      await this.#containers.discardStaged(uid, existing.staged);
      await this.#containers.removeAll(existing);
      await rm(this.layout.logsDir(uid), { recursive: true, force: true });
    }
    this.#bridge ??= ensureBridge(this.#network).catch((e) => {
      this.#bridge = undefined;
      throw e;
    });
    // The network, the first containers (up to their `runc create`, which needs the network
    // namespace but not its addresses) and the pod's own files are made side by side. What one
    // failure leaves of the others is undone, so that a sandbox that never became ready (perhaps of
    // a pod deleted meanwhile) leaves nothing.
    const sandbox = Promise.withResolvers<PodRecord>();
    sandbox.promise.catch(() => {});
    const namespace = Promise.withResolvers<void>();
    const network = this.#bridge.then(() => setupPodNetwork({ podUid: uid, ip: podIP, network: this.#network, namespaceReady: namespace.resolve }));
    // A network that fails before its namespace exists settles `network` instead.
    const namespaceOrFailure = Promise.race([namespace.promise, network.then(() => {})]);
    namespaceOrFailure.catch(() => {});
    const first = firstContainers(pod);
    const staged = this.#containers.stage(uid, first.containers, first.init, sandbox.promise, namespaceOrFailure);
    let record: PodRecord;
    let warnings: ReturnType<typeof podEtcFiles>["warnings"];
    try {
      await this.#setUpVolumes(pod);
      const files = podEtcFiles(pod, {
        podIPs: [podIP],
        clusterDomain: this.#opts.dns?.clusterDomain ?? "cluster.local",
        clusterDNS: this.#opts.dns?.clusterDNS ?? [],
        hostResolvConf: readTextFile("/etc/resolv.conf"),
      });
      warnings = files.warnings;
      // Small files on the way to the pod's first start: written synchronously (microseconds),
      // where asynchronous calls would wait their turns on a busy event loop.
      const etc = this.layout.etcDir(uid);
      mkdirSync(etc, { recursive: true });
      writeFileSync(join(etc, "hosts"), files.hosts, { mode: 0o644 });
      writeFileSync(join(etc, "hostname"), files.hostnameFile, { mode: 0o644 });
      writeFileSync(join(etc, "resolv.conf"), files.resolvConf, { mode: 0o644 });
      record = {
        uid,
        namespace: pod.metadata.namespace ?? "",
        name: pod.metadata.name ?? "",
        podIP,
        createdAt: this.#now(),
        sandbox: "ready",
        hostname: files.hostname,
        netnsPath: netnsPath(this.#network, uid),
        object: trimmed(pod),
        containers: [],
      };
      sandbox.resolve(record);
      await network;
    } catch (e) {
      sandbox.reject(e);
      await network.catch(() => {});
      await this.#containers.discardStaged(uid, staged);
      await teardownPodNetwork(uid, this.#network).catch((err) => this.#opts.log?.(`sandbox of ${uid}: teardown: ${message(err)}`));
      throw e;
    }
    for (const w of warnings) this.#opts.events?.event(pod, "Warning", w.reason, w.message);
    const p = existing ?? newRuncPod(record);
    p.record = record;
    p.staged = staged;
    this.#pods.set(uid, p);
    await this.#persist(p);
    this.#emit(uid);
  }

  async startContainer(uid: string, req: StartContainerRequest, signal: AbortSignal): Promise<void> {
    await this.#ready();
    const p = this.#pods.get(uid);
    if (!p || p.record.sandbox !== "ready") throw new Error(`runc: pod ${uid} has no running sandbox`);
    // A pod adopted after a restart has its volumes on disk, but the volume manager must learn them again.
    if (!this.#volumesUp.has(uid)) await this.#setUpVolumes(p.record.object);
    await this.#containers.start(p, req, signal);
  }

  async #setUpVolumes(pod: KubeObject): Promise<void> {
    if (!this.#opts.volumes) return;
    const v = await this.#opts.volumes.setUp(pod);
    for (const f of v.failures) this.#opts.events?.event(pod, "Warning", "FailedMount", f);
    if (!v.ready) throw new Error(`unmounted volumes=[${v.unmounted.join(" ")}]`);
    this.#volumesUp.add(pod.metadata.uid!);
  }

  update(pod: KubeObject): void {
    const p = this.#pods.get(pod.metadata.uid ?? "");
    if (!p) return;
    p.record.object = trimmed(pod);
    if (p.record.sandbox !== "ready" || !this.#opts.volumes) return;
    // configMap, secret and downwardAPI volumes follow their sources, as on the kubelet's resyncs.
    this.#setUpVolumes(pod).catch((e) => this.#log(`pod ${p.record.namespace}/${p.record.name}: volumes: ${message(e)}`));
  }

  async stopPod(uid: string, gracePeriodSeconds: number, signal?: AbortSignal): Promise<void> {
    await this.#ready();
    const p = this.#pods.get(uid);
    if (!p) return;
    const cut = (p.cut ??= new AbortController());
    const onAbort = () => cut.abort();
    if (signal?.aborted) cut.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    p.stopping ??= (async () => {
      for (const c of p.creating.values()) c.abort();
      await this.#containers.discardStaged(uid, p.staged);
      await Promise.allSettled([...p.inflight]);
      const running = p.record.containers.filter((c) => phaseOf(c) === "running");
      await Promise.all(running.map((c) => this.#containers.stop(p, c, gracePeriodSeconds, cut.signal)));
      await teardownPodNetwork(uid, this.#network);
      p.record.sandbox = "stopped";
      await this.#persist(p);
      this.#emit(uid);
    })().finally(() => {
      p.stopping = undefined;
      p.cut = undefined;
    });
    try {
      await p.stopping;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async removePod(uid: string): Promise<void> {
    await this.#ready();
    const p = this.#pods.get(uid);
    if (!p) return;
    if (p.record.sandbox === "ready" || p.record.containers.some((c) => phaseOf(c) !== "exited")) await this.stopPod(uid, 0);
    await this.#containers.removeAll(p);
    await removePodFiles(this.layout, this.#runc, uid);
    await removeCgroup(this.layout.podCgroup(uid), { kill: true });
    await teardownPodNetwork(uid, this.#network);
    await this.#opts.volumes?.tearDown(uid);
    this.#volumesUp.delete(uid);
    await rmdir(this.layout.podDir(uid)).catch(() => {});
    this.#pods.delete(uid);
    this.#emit(uid);
  }

  async reattach(pod: KubeObject, _podIP: string): Promise<boolean> {
    await this.#ready();
    // Every pod this node ran is loaded from its record; one without a record cannot be taken over.
    return this.#pods.has(pod.metadata.uid ?? "");
  }

  async status(uid: string): Promise<RuntimePodStatus | undefined> {
    const p = await this.#pod(uid);
    if (!p) return undefined;
    await this.#containers.refreshAll(p);
    return podStatus(p, (id) => this.#containers.probes(id));
  }

  async list(): Promise<RuntimePodStatus[]> {
    await this.#ready();
    const pods = [...this.#pods.values()];
    await Promise.all(pods.map((p) => this.#containers.refreshAll(p)));
    return pods.map((p) => podStatus(p, (id) => this.#containers.probes(id)));
  }

  subscribe(listener: (uid: string) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Stops watching; containers keep running under their conmons for the next RuncRuntime. */
  async close(): Promise<void> {
    this.#logs.stopRotation();
    await this.#containers.close();
    this.#listeners.clear();
    await Promise.allSettled([...this.#pods.values()].map((p) => p.saving));
  }

  #ready(): Promise<void> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #pod(uid: string): Promise<RuncPod | undefined> {
    await this.#ready();
    return this.#pods.get(uid);
  }

  /** Loads the node's pods from their records, takes over their containers, removes the rest. */
  async #load(): Promise<void> {
    for (const dir of [this.layout.runcRoot, this.layout.exitDir, this.layout.socketDir, this.layout.podsDir]) await mkdir(dir, { recursive: true, mode: 0o700 });
    const sources = this.#opts.sources ?? { configMap: async () => undefined, secret: async () => undefined };
    this.#containers.open({
      layout: this.layout,
      runc: this.#runc,
      conmon: findBinary(this.#opts.conmon ?? "conmon"),
      images: this.#opts.images,
      host: detectHostFacts({ pidsLimit: this.#opts.pidsLimit ?? 4096 }),
      volumes: this.#opts.volumes,
      env: (pod, container, podIP) =>
        containerEnv(pod, container, {
          sources,
          addresses: { podIPs: [podIP], hostIPs: this.#opts.hostIP ? [this.#opts.hostIP] : [] },
          allocatable: this.#opts.allocatable?.() ?? {},
        }),
    });
    const records = await readPodRecords(this.layout.podsDir, (uid) => this.layout.podRecord(uid));
    for (const record of records) {
      const p = newRuncPod(record);
      this.#pods.set(record.uid, p);
      // Its network is gone (the node rebooted, or someone deleted it): its containers cannot serve.
      if (record.sandbox === "ready" && netnsState(record.netnsPath) !== "mounted") record.sandbox = "stopped";
      await this.#containers.adopt(p);
      await this.#persist(p);
    }
    const removed = await cleanupOrphans({
      layout: this.layout,
      runc: this.#runc,
      network: this.#network,
      live: new Map([...this.#pods].map(([uid, p]) => [uid, new Set(p.record.containers.map((c) => c.id))])),
      sandboxes: [...this.#pods.values()].filter((p) => p.record.sandbox === "ready").map((p) => p.record.uid),
      tearDownVolumes: this.#opts.volumes ? (uid) => this.#opts.volumes!.tearDown(uid) : undefined,
    });
    if (removed.length > 0) this.#log(`removed what no pod owns: ${removed.join(", ")}`);
    if (this.#pods.size > 0) this.#log(`re-adopted ${this.#pods.size} pod(s)`);
    this.#logs.startRotation();
  }

  /** Writes the pod's record; writes of one pod happen in order. */
  #persist(p: RuncPod): Promise<void> {
    const write = () => writePodRecord(this.layout.podRecord(p.record.uid), p.record);
    p.saving = p.saving.then(write, write);
    return p.saving;
  }

  #emit(uid: string): void {
    for (const l of this.#listeners) l(uid);
  }

  #now(): number {
    return this.#clock.now().getTime();
  }
}

/** What the runtime keeps of a pod object: enough for probes, hooks and env, not its status. */
function trimmed(pod: KubeObject): KubeObject {
  const { managedFields: _ignored, ...metadata } = pod.metadata as KubeObject["metadata"] & { managedFields?: unknown };
  return { apiVersion: pod.apiVersion, kind: pod.kind, metadata, spec: pod.spec };
}

function runcVersion(binary: string): string {
  try {
    const out = execFileSync(binary, ["--version"], { encoding: "utf8" });
    return /runc version (\S+)/.exec(out)?.[1]?.replace(/\+.*$/, "") ?? "unknown";
  } catch {
    return "unknown";
  }
}

function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
