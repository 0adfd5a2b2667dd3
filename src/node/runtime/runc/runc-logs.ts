// Container logs: pods/log reads them (the API server's LogBackend), and while ordinal runs they
// are rotated past the size limit every interval, conmon reopening the live file.
import { StatusError } from "../../../api/status-error.ts";
import type { ContainerLog, ContainerRef, LogBackend } from "../../../apiserver/streaming/backend.ts";
import type { Timer, TimerClock } from "../../clock.ts";
import { FileContainerLog } from "../../logs/file-container-log.ts";
import { DEFAULT_LOG_ROTATION, rotateLog, type LogRotationPolicy } from "../../logs/log-rotation.ts";
import { conmonReopenLog } from "./conmon.ts";
import type { NodeLayout } from "./node-layout.ts";
import { phaseOf, type ContainerRecord } from "./pod-record.ts";
import type { RuncPod } from "./runc-pod.ts";

export interface RuncLogsDeps {
  layout: NodeLayout;
  clock: TimerClock;
  log(message: string): void;
  policy?: LogRotationPolicy;
  /** Default 10 s, as the kubelet's container log monitor. */
  intervalMs?: number;
  pod(uid: string): Promise<RuncPod | undefined>;
  pods(): Iterable<RuncPod>;
  /** Reads the instance's exit if it has one. */
  refresh(p: RuncPod, rec: ContainerRecord): Promise<void>;
}

// An exit writes nothing to the log that would wake a follower: it looks this often, so that
// `logs -f` ends soon after the container does.
const FOLLOW_RECHECK_MS = 250;

export class RuncLogs implements LogBackend {
  readonly #deps: RuncLogsDeps;
  #timer: Timer | undefined;
  #stopped = false;

  constructor(deps: RuncLogsDeps) {
    this.#deps = deps;
  }

  async openLog(target: ContainerRef, opts: { previous: boolean }): Promise<ContainerLog> {
    const p = await this.#deps.pod(target.uid);
    const rec = p?.record.containers.find((c) => c.name === target.container);
    if (!p || !rec) throw StatusError.badRequest(`container "${target.container}" in pod "${target.name}" is not available`);
    const { layout } = this.#deps;
    if (opts.previous) {
      if (rec.attempt === 0) throw StatusError.badRequest(`previous terminated container "${target.container}" in pod "${target.name}" not found`);
      return new FileContainerLog(layout.logPath(target.uid, rec.name, rec.attempt - 1), { isRunning: () => false });
    }
    return new FileContainerLog(layout.logPath(target.uid, rec.name, rec.attempt), {
      recheckMs: FOLLOW_RECHECK_MS,
      isRunning: async () => {
        await this.#deps.refresh(p, rec);
        return phaseOf(rec) === "running";
      },
    });
  }

  startRotation(): void {
    if (this.#stopped) return;
    this.#timer = this.#deps.clock.after(this.#deps.intervalMs ?? 10_000, () => {
      void this.#rotate().finally(() => this.startRotation());
    });
  }

  stopRotation(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  async #rotate(): Promise<void> {
    const { layout } = this.#deps;
    const policy = this.#deps.policy ?? DEFAULT_LOG_ROTATION;
    for (const p of this.#deps.pods()) {
      for (const rec of p.record.containers.filter((c) => phaseOf(c) === "running")) {
        const bundle = layout.bundle(p.record.uid, rec.id);
        try {
          await rotateLog(layout.logPath(p.record.uid, rec.name, rec.attempt), policy, () => conmonReopenLog(bundle), this.#deps.clock.now());
        } catch (e) {
          this.#deps.log(`rotating the log of ${p.record.namespace}/${p.record.name}/${rec.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  }
}
