// The seam between the prober and a runtime: what probes and lifecycle hooks need from one
// running container. Exec runs inside it; httpGet, tcpSocket and grpc dial the pod IP from the
// host, which reaches it through the node bridge, so no network namespace is entered.
import type { JsonObject } from "../../api/validation/json-access.ts";
import type { TimerClock } from "../clock.ts";

export interface ExecResult {
  exitCode: number;
  /** stdout followed by stderr, as CRI's ExecSync hands them to the kubelet. */
  output: string;
  /** stderr alone when the target can tell it apart (a failed exec hook quotes it). */
  stderr?: string;
}

export interface ProbeTarget {
  /** The pod's IP: the host of httpGet, tcpSocket and grpc actions that name none. */
  readonly podIP: string;
  /**
   * Runs `command` (not through a shell) in the container and resolves with its exit code, also
   * when that is not 0. Rejects when the command cannot be run at all; stops it when `signal` aborts.
   */
  exec(command: readonly string[], signal: AbortSignal): Promise<ExecResult>;
}

/**
 * One probe's verdict. "warning" is a success worth an event (a redirect the prober did not
 * follow). `error` means the probe could not be carried out: upstream logs it as "errored" and
 * the worker throws the result away instead of counting it.
 */
export interface ProbeOutcome {
  result: "success" | "warning" | "failure" | "unknown";
  /** What follows "probe failed: " in the Unhealthy event: body, command output or error text. */
  output: string;
  error?: string;
}

export interface ProbeContext {
  target: ProbeTarget;
  /** The container spec: its ports name probe ports and its env expands exec commands. */
  container: JsonObject;
  clock: TimerClock;
  signal?: AbortSignal;
}

/** Runs one probe (exec, httpGet, tcpSocket or grpc) against a container. */
export type ProbeRunner = (probe: JsonObject, ctx: ProbeContext) => Promise<ProbeOutcome>;

/** The "<major>.<minor>" in kube-probe/<v> and kube-lifecycle/<v> user agents. */
export const KUBE_VERSION_FRAGMENT = "1.33";

/** Probes and exec hooks keep at most this much output or body (10 KiB, as upstream). */
export const MAX_PROBE_OUTPUT_BYTES = 10 * 1024;
