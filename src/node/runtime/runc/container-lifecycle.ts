// The life of container instances: creation (replacing an exited instance of the same name),
// postStart, probes, the graceful stop, noticing exits, re-adoption after a restart, removal.
// Pod-level work (sandboxes, records, loading) is runc-runtime.ts's.
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { str, type JsonObject } from "../../../api/validation/json-access.ts";
import type { EventRecorder } from "../../../client/event-recorder.ts";
import type { TimerClock } from "../../clock.ts";
import { removeLog } from "../../logs/log-rotation.ts";
import { gracefulStop, runPostStart, type GracefulStopSteps, type HookContext } from "../../prober/lifecycle-hooks.ts";
import { ProberManager, type ContainerProbeState, type RestartRequest } from "../../prober/prober-manager.ts";
import type { ProbeTarget } from "../../prober/probe-target.ts";
import type { StartContainerRequest } from "../pod-runtime.ts";
import { createInstance, stageInstance, startInstance, StartFailure, writeBundle, type CreateContext } from "./container-create.ts";
import { readTermination, startErrorTermination, unknownTermination } from "./container-exit.ts";
import { ExitWatcher } from "./exit-watcher.ts";
import { removeInstance } from "./instance-cleanup.ts";
import type { NodeLayout } from "./node-layout.ts";
import { phaseOf, type ContainerRecord, type PodRecord } from "./pod-record.ts";
import type { RuncCli } from "./runc-cli.ts";
import { runcExecSync } from "./runc-exec.ts";
import { containerID, replaceContainer, RUNTIME_TYPE, type RuncPod, type StagedContainer } from "./runc-pod.ts";
import { ContainerStartError } from "./start-error.ts";

export interface LifecycleDeps {
  layout: NodeLayout;
  runc: RuncCli;
  clock: TimerClock;
  events?: EventRecorder;
  log(message: string): void;
  persist(p: RuncPod): Promise<void>;
  emit(uid: string): void;
}

const PROBE_OUTPUT_BYTES = 64 * 1024;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ContainerLifecycle {
  readonly #deps: LifecycleDeps;
  readonly #exits: ExitWatcher;
  readonly #prober: ProberManager;
  readonly #byId = new Map<string, { pod: RuncPod; rec: ContainerRecord }>();
  #create: CreateContext | undefined;

  constructor(deps: LifecycleDeps) {
    this.#deps = deps;
    this.#exits = new ExitWatcher(deps.layout.exitDir, (id) => this.#exited(id));
    this.#prober = new ProberManager({ clock: deps.clock, events: deps.events, onRestart: (req) => this.#restartForProbe(req) });
    this.#prober.subscribe((state) => deps.emit(state.uid));
  }

  /** Starts watching exits; containers can be created from now on. */
  open(create: CreateContext): void {
    this.#create = create;
    this.#exits.start();
  }

  async close(): Promise<void> {
    this.#exits.close();
    await this.#prober.close();
  }

  probes(id: string): ContainerProbeState | undefined {
    return this.#prober.get(id);
  }

  /**
   * Stages the first instances of `containers` (a new sandbox's first containers): each gets its
   * image and root filesystem at once, its bundle once `sandbox` gives the pod's record (its files
   * and volumes made), and `runc create` once `namespace` says its network namespace exists.
   * start() then only has to start it. A failure, or a rejected `sandbox` or `namespace`, removes
   * the instance: start() makes it anew and reports why.
   */
  stage(uid: string, containers: readonly JsonObject[], init: boolean, sandbox: Promise<PodRecord>, namespace: Promise<void>): Map<string, StagedContainer> {
    const staged = new Map<string, StagedContainer>();
    for (const spec of containers) {
      const rec = this.#newRecord(spec, init, undefined);
      const abort = new AbortController();
      const created = this.#precreate(uid, rec, sandbox, namespace, abort.signal);
      staged.set(rec.name, { rec, abort, created });
    }
    return staged;
  }

  /** Undoes the staged instances nobody started (the pod stops, or its sandbox failed). */
  async discardStaged(uid: string, staged: Map<string, StagedContainer>): Promise<void> {
    const all = [...staged.values()];
    staged.clear();
    for (const s of all) s.abort.abort();
    await Promise.all(all.map(async (s) => (await s.created) !== undefined && this.#remove(uid, s.rec)));
  }

  async #precreate(uid: string, rec: ContainerRecord, sandbox: Promise<PodRecord>, namespace: Promise<void>, signal: AbortSignal): Promise<number | undefined> {
    const ctx = this.#create!;
    try {
      const instance = await stageInstance(ctx, uid, rec, signal);
      const pod = await sandbox;
      signal.throwIfAborted();
      await writeBundle(ctx, pod, pod.object, rec, instance, signal);
      await namespace;
      signal.throwIfAborted();
      return await createInstance(ctx, pod, rec, signal);
    } catch {
      await this.#remove(uid, rec).catch((e) => this.#deps.log(`cleanup of ${rec.id}: ${message(e)}`));
      return undefined;
    }
  }

  /** Creates and starts a new instance of the container, replacing an exited one of the same name. */
  async start(p: RuncPod, req: StartContainerRequest, signal: AbortSignal): Promise<void> {
    const name = str(req.container.name);
    const prev = p.record.containers.find((c) => c.name === name);
    if (prev && phaseOf(prev) !== "exited") throw new Error(`runc: container ${name} of pod ${p.record.uid} is already ${phaseOf(prev)}`);
    const staged = prev ? undefined : await this.#takeStaged(p, name, req);
    const rec = staged?.rec ?? this.#newRecord(req.container, req.init, prev);
    this.#put(p, rec, prev);
    await this.#deps.persist(p);
    this.#deps.emit(p.record.uid);
    const creating = new AbortController();
    p.creating.set(rec.id, creating);
    const work = this.#createInstance(p, rec, prev, staged?.initPid, AbortSignal.any([signal, creating.signal]));
    p.inflight.add(work);
    try {
      await work;
    } finally {
      p.inflight.delete(work);
      p.creating.delete(rec.id);
    }
  }

  /** The staged instance of `name`, once created, if it is what `req` asks for; otherwise it goes. */
  async #takeStaged(p: RuncPod, name: string, req: StartContainerRequest): Promise<{ rec: ContainerRecord; initPid: number } | undefined> {
    const staged = p.staged.get(name);
    if (!staged) return undefined;
    const initPid = await staged.created;
    // Discarded meanwhile: the pod is stopping, and this start is cut short like a creation would be.
    staged.abort.signal.throwIfAborted();
    p.staged.delete(name);
    if (initPid === undefined) return undefined;
    // The pod may have changed since (a new image): the instance is then made again from `req`.
    if (staged.rec.init === req.init && isDeepStrictEqual(staged.rec.spec, req.container)) return { rec: staged.rec, initPid };
    await this.#remove(p.record.uid, staged.rec);
    return undefined;
  }

  #newRecord(spec: JsonObject, init: boolean, prev: ContainerRecord | undefined): ContainerRecord {
    return {
      id: randomBytes(32).toString("hex"),
      name: str(spec.name),
      attempt: prev ? prev.attempt + 1 : 0,
      init,
      image: str(spec.image),
      imageID: "",
      createdAt: this.#now(),
      lastTermination: prev ? (prev.termination ?? prev.lastTermination) : undefined,
      spec,
      replaces: prev,
    };
  }

  /** `initPid`: the instance was created already (staged), and this is its init. */
  async #createInstance(p: RuncPod, rec: ContainerRecord, prev: ContainerRecord | undefined, initPid: number | undefined, signal: AbortSignal): Promise<void> {
    const ctx = this.#create!;
    try {
      if (initPid === undefined) {
        const instance = await stageInstance(ctx, p.record.uid, rec, signal);
        await writeBundle(ctx, p.record, p.record.object, rec, instance, signal);
        await this.#deps.persist(p);
        initPid = await createInstance(ctx, p.record, rec, signal);
      }
      await startInstance(ctx, rec, initPid, signal);
      rec.startedAt = this.#now();
    } catch (e) {
      await this.#remove(p.record.uid, rec).catch((err) => this.#deps.log(`cleanup of ${rec.id}: ${message(err)}`));
      if (!(e instanceof StartFailure)) {
        this.#byId.delete(rec.id);
        this.#put(p, prev, rec);
        await this.#deps.persist(p);
        this.#deps.emit(p.record.uid);
        throw e;
      }
      // Created but not runnable: an instance that ended at once, which the agent restarts with back-off.
      rec.termination = startErrorTermination(e.message, this.#now(), containerID(rec));
    }
    rec.replaces = undefined;
    await this.#deps.persist(p);
    this.#deps.emit(p.record.uid);
    if (prev) await this.#retire(p, prev, rec.attempt);
    if (phaseOf(rec) !== "running") return;
    this.#probe(p, rec);
    const failure = await runPostStart(this.#hookContext(p, rec, signal), this.#stopSteps(p, rec));
    if (failure !== undefined) throw new ContainerStartError("PostStartHookError", failure);
  }

  /** Frees an instance that was replaced; its log stays for `logs --previous`, older ones go. */
  async #retire(p: RuncPod, prev: ContainerRecord, current: number): Promise<void> {
    this.#byId.delete(prev.id);
    this.#prober.remove(containerID(prev));
    await this.#remove(p.record.uid, prev);
    const dir = this.#deps.layout.logDir(p.record.uid, prev.name);
    for (const f of await readdir(dir).catch(() => [])) {
      const m = /^(\d+)\.log$/.exec(f);
      if (m && Number(m[1]) < current - 1) await removeLog(join(dir, f));
    }
  }

  /** Stops a running instance within `graceSeconds` (preStop, stop signal, SIGKILL) and records its exit. */
  async stop(p: RuncPod, rec: ContainerRecord, graceSeconds: number, signal: AbortSignal): Promise<void> {
    this.#prober.remove(containerID(rec));
    if (phaseOf(rec) === "running") await gracefulStop(this.#hookContext(p, rec, signal), graceSeconds, this.#stopSteps(p, rec));
    await this.refresh(p, rec);
  }

  /** Removes every instance of the pod (not their logs). */
  async removeAll(p: RuncPod): Promise<void> {
    for (const rec of p.record.containers) {
      this.#prober.remove(containerID(rec));
      this.#byId.delete(rec.id);
      await this.#remove(p.record.uid, rec);
    }
  }

  /**
   * Takes over a pod's instances from its record after a restart: a creation that was under way
   * is undone (its predecessor restored), exits that happened meanwhile are read, and running
   * instances without a network (the node rebooted) are ended.
   */
  async adopt(p: RuncPod): Promise<void> {
    for (const rec of [...p.record.containers]) {
      this.#byId.set(rec.id, { pod: p, rec });
      if (phaseOf(rec) === "creating") {
        this.#byId.delete(rec.id);
        await this.#remove(p.record.uid, rec);
        this.#put(p, rec.replaces, rec);
        continue;
      }
      if (phaseOf(rec) !== "running") continue;
      await this.refresh(p, rec);
      if (phaseOf(rec) === "running" && p.record.sandbox !== "ready") {
        await this.#remove(p.record.uid, rec);
        rec.termination ??= unknownTermination(rec.startedAt ?? rec.createdAt, this.#now(), containerID(rec));
      }
      if (phaseOf(rec) === "running") this.#probe(p, rec);
    }
  }

  async refreshAll(p: RuncPod): Promise<void> {
    await Promise.all(p.record.containers.filter((c) => phaseOf(c) === "running").map((c) => this.refresh(p, c)));
  }

  /**
   * Records the exit of a running instance once it has one. `fresh`: the read must start after
   * now (an exit was just announced, and a read already under way may have looked too early).
   */
  refresh(p: RuncPod, rec: ContainerRecord, fresh = false): Promise<void> {
    const pending = p.refreshing.get(rec.id);
    if (pending) return fresh ? pending.then(() => this.refresh(p, rec)) : pending;
    const work = this.#readExit(p, rec).finally(() => p.refreshing.delete(rec.id));
    p.refreshing.set(rec.id, work);
    return work;
  }

  async #readExit(p: RuncPod, rec: ContainerRecord): Promise<void> {
    if (phaseOf(rec) !== "running") return;
    const { layout } = this.#deps;
    let termination = await readTermination({
      exitFile: layout.exitFile(rec.id),
      bundle: layout.bundle(p.record.uid, rec.id),
      terminationLog: rec.terminationLog,
      logPath: layout.logPath(p.record.uid, rec.name, rec.attempt),
      spec: rec.spec,
      startedAt: rec.startedAt ?? rec.createdAt,
      containerID: containerID(rec),
    });
    if (!termination && !this.#exits.exited(rec.id) && (await this.#lost(p, rec))) {
      termination = unknownTermination(rec.startedAt ?? rec.createdAt, this.#now(), containerID(rec));
    }
    if (!termination || phaseOf(rec) !== "running") return;
    rec.termination = termination;
    this.#prober.remove(containerID(rec));
    await this.#deps.persist(p);
    this.#deps.emit(p.record.uid);
  }

  /** A container that stopped with no conmon left to record it (conmon was killed, the node rebooted). */
  async #lost(p: RuncPod, rec: ContainerRecord): Promise<boolean> {
    const pidFile = join(this.#deps.layout.bundle(p.record.uid, rec.id), "conmon.pid");
    const conmon = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
    if (conmon > 0 && processAlive(conmon)) return false;
    return this.#gone(rec.id);
  }

  /** True when the container no longer runs (runc no longer knows it, or knows it stopped). */
  async #gone(id: string): Promise<boolean> {
    const state = await this.#deps.runc.state(id);
    return !state || state.status === "stopped";
  }

  #exited(id: string): void {
    const hit = this.#byId.get(id);
    if (hit) void this.refresh(hit.pod, hit.rec, true).catch((e) => this.#deps.log(`container ${id}: ${message(e)}`));
  }

  #stopSteps(p: RuncPod, rec: ContainerRecord): GracefulStopSteps {
    return {
      stopSignal: rec.stopSignal,
      sendSignal: async (s) => void (await this.#deps.runc.kill(rec.id, s)),
      waitExit: async (s) => {
        const r = await this.#exits.wait(rec.id, s, () => this.#gone(rec.id));
        if (r === "aborted") throw s.reason;
        await this.refresh(p, rec);
      },
    };
  }

  #hookContext(p: RuncPod, rec: ContainerRecord, signal?: AbortSignal): HookContext {
    return { clock: this.#deps.clock, target: this.#target(p, rec), pod: p.record.object, container: rec.spec, events: this.#deps.events, signal };
  }

  /** Where probes and hooks reach the container: exec through runc, the network at the pod IP. */
  #target(p: RuncPod, rec: ContainerRecord): ProbeTarget {
    const { runc } = this.#deps;
    return {
      podIP: p.record.podIP,
      exec: async (command, signal) => {
        const r = await runcExecSync({ runc: runc.binary, root: runc.root, id: rec.id, command, signal }, PROBE_OUTPUT_BYTES);
        return { exitCode: r.exitCode, output: r.stdout + r.stderr, stderr: r.stderr };
      },
    };
  }

  #probe(p: RuncPod, rec: ContainerRecord): void {
    this.#prober.add({
      pod: p.record.object,
      container: rec.spec,
      containerID: containerID(rec),
      startedAt: rec.startedAt ?? rec.createdAt,
      target: this.#target(p, rec),
      sidecar: rec.init && rec.spec.restartPolicy === "Always",
    });
  }

  /** A liveness or startup probe gave up: stop the instance, and the agent restarts it. */
  #restartForProbe(req: RestartRequest): void {
    const hit = this.#byId.get(req.containerID.slice(`${RUNTIME_TYPE}://`.length));
    if (!hit || phaseOf(hit.rec) !== "running") return;
    const { pod, rec } = hit;
    void this.stop(pod, rec, req.gracePeriodSeconds, new AbortController().signal).catch((e) =>
      this.#deps.log(`pod ${pod.record.namespace}/${pod.record.name}: stopping ${rec.name}: ${message(e)}`),
    );
  }

  #put(p: RuncPod, rec: ContainerRecord | undefined, old: ContainerRecord | undefined): void {
    if (rec) this.#byId.set(rec.id, { pod: p, rec });
    replaceContainer(p, rec, old);
  }

  #remove(uid: string, rec: ContainerRecord): Promise<void> {
    return removeInstance(this.#deps.layout, this.#deps.runc, this.#deps.layout.bundle(uid, rec.id), rec.id);
  }

  #now(): number {
    return this.#deps.clock.now().getTime();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
