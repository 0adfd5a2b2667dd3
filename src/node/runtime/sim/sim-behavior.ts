// How a simulated pod behaves: the runtime's delays, overridden per pod by annotations that tests
// use to inject failures (after kwok's stages). Every annotation the sim reads is listed here:
//
//   sim.ordinal.dev/start-delay-ms: "N"        each container spends N ms in ContainerCreating
//   sim.ordinal.dev/ready-delay-ms: "N"        a running container becomes ready after N ms
//   sim.ordinal.dev/never-ready: "true"        containers run but never become ready
//   sim.ordinal.dev/readiness: "fail"          the readiness check fails: Running, not Ready, and
//                                              an Unhealthy "Readiness probe failed: ..." event
//   sim.ordinal.dev/crash-after-seconds: "N"   each regular container exits N s (may be fractional)
//                                              after it starts; the agent restarts it per
//                                              restartPolicy with back-off (CrashLoopBackOff)
//   sim.ordinal.dev/exit-code: "N"             the exit code of that exit (default 1); alone, the
//                                              container exits as soon as it starts ("0" with
//                                              restartPolicy Never gives a Completed pod)
//   sim.ordinal.dev/stop-delay-ms: "N"         a container takes N ms to stop after TERM; past the
//                                              grace period it is killed (exit code 137)
//   sim.ordinal.dev/start-error: "REASON"      every start fails with that waiting reason:
//                                              ErrImagePull, ErrImageNeverPull, InvalidImageName,
//                                              CreateContainerConfigError or CreateContainerError
//
// Annotations are read when the sandbox starts and again whenever the pod object changes, so a
// test can, for example, remove `readiness: fail` to let a pod become ready.
import type { KubeObject } from "../../../api/meta.ts";
import { ContainerStartError } from "../pod-runtime.ts";

export const SIM_ANNOTATION_PREFIX = "sim.ordinal.dev/";

export interface SimDelays {
  /** Time each container spends in ContainerCreating. */
  createDelayMs: number;
  /** Time from running to ready. */
  readyDelayMs: number;
  /** How long a (non-sidecar) init container runs before it exits 0. */
  initDurationMs: number;
  /** How long a container takes to stop after TERM (unless annotated otherwise). */
  stopDelayMs: number;
}

export interface SimBehavior extends SimDelays {
  neverReady: boolean;
  /** The readiness check's failure output, when it fails. */
  readinessFailure?: string;
  /** When a regular container exits after starting, if it does. */
  crashAfterMs?: number;
  exitCode: number;
  /** The waiting reason every container start fails with, if any. */
  startError?: string;
}

/** The start errors the sim can inject: those that need no container instance. */
export const SIM_START_ERRORS = ["ErrImagePull", "ErrImageNeverPull", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError"];

export const defaultSimDelays: SimDelays = { createDelayMs: 50, readyDelayMs: 50, initDurationMs: 50, stopDelayMs: 0 };

/**
 * Delays from ORDINAL_SIM_CREATE_DELAY_MS, ORDINAL_SIM_READY_DELAY_MS, ORDINAL_SIM_INIT_DURATION_MS
 * and ORDINAL_SIM_STOP_DELAY_MS.
 */
export function simDelaysFromEnv(env: Record<string, string | undefined>): Partial<SimDelays> {
  const out: Partial<SimDelays> = {};
  const read = (name: string, key: keyof SimDelays) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name}: ${JSON.stringify(raw)} is not a number of milliseconds >= 0`);
    out[key] = n;
  };
  read("ORDINAL_SIM_CREATE_DELAY_MS", "createDelayMs");
  read("ORDINAL_SIM_READY_DELAY_MS", "readyDelayMs");
  read("ORDINAL_SIM_INIT_DURATION_MS", "initDurationMs");
  read("ORDINAL_SIM_STOP_DELAY_MS", "stopDelayMs");
  return out;
}

export class SimAnnotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimAnnotationError";
  }
}

function number(annotations: Record<string, string>, name: string, integer: boolean): number | undefined {
  const key = SIM_ANNOTATION_PREFIX + name;
  const raw = annotations[key];
  if (raw === undefined) return undefined;
  const n = raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new SimAnnotationError(`annotation ${key}: ${JSON.stringify(raw)} is not ${integer ? "an integer" : "a number"} >= 0`);
  }
  return n;
}

function flag(annotations: Record<string, string>, name: string, accepted: string): boolean {
  const key = SIM_ANNOTATION_PREFIX + name;
  const raw = annotations[key];
  if (raw === undefined) return false;
  if (raw !== accepted && raw !== "") throw new SimAnnotationError(`annotation ${key}: ${JSON.stringify(raw)} is not supported (use ${JSON.stringify(accepted)})`);
  return raw === accepted;
}

function oneOf(annotations: Record<string, string>, name: string, accepted: readonly string[]): string | undefined {
  const key = SIM_ANNOTATION_PREFIX + name;
  const raw = annotations[key];
  if (raw === undefined) return undefined;
  if (!accepted.includes(raw)) throw new SimAnnotationError(`annotation ${key}: ${JSON.stringify(raw)} is not supported (use one of ${accepted.join(", ")})`);
  return raw;
}

/** The pod's behaviour; throws SimAnnotationError naming the first bad annotation. */
export function simBehavior(pod: KubeObject, delays: SimDelays): SimBehavior {
  const a = pod.metadata.annotations ?? {};
  const crashSeconds = number(a, "crash-after-seconds", false);
  const exitCode = number(a, "exit-code", true);
  const failing = flag(a, "readiness", "fail");
  return {
    createDelayMs: number(a, "start-delay-ms", false) ?? delays.createDelayMs,
    readyDelayMs: number(a, "ready-delay-ms", false) ?? delays.readyDelayMs,
    initDurationMs: delays.initDurationMs,
    neverReady: flag(a, "never-ready", "true"),
    readinessFailure: failing ? `Readiness probe failed: ${SIM_ANNOTATION_PREFIX}readiness is "fail"` : undefined,
    crashAfterMs: crashSeconds !== undefined ? crashSeconds * 1000 : exitCode !== undefined ? 0 : undefined,
    exitCode: exitCode ?? 1,
    stopDelayMs: number(a, "stop-delay-ms", false) ?? delays.stopDelayMs,
    startError: oneOf(a, "start-error", SIM_START_ERRORS),
  };
}

/** The error a start fails with under `start-error`, with the kubelet's message where it has one. */
export function simStartError(reason: string, image: string): ContainerStartError {
  const why = `${SIM_ANNOTATION_PREFIX}start-error is ${JSON.stringify(reason)}`;
  switch (reason) {
    case "ErrImagePull":
      return new ContainerStartError(reason, `failed to pull image ${JSON.stringify(image)}: ${why}`);
    case "ErrImageNeverPull":
      return new ContainerStartError(reason, `Container image ${JSON.stringify(image)} is not present with pull policy of Never`);
    case "InvalidImageName":
      return new ContainerStartError(reason, `Failed to apply default image tag ${JSON.stringify(image)}: ${why}`);
    default:
      return new ContainerStartError(reason, why);
  }
}
