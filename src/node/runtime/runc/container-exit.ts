// How a container ended, read from what its conmon left: the exit file (the code; its mtime is
// when), the "oom" marker, and the termination message the container wrote, or for
// terminationMessagePolicy FallbackToLogsOnError and a failure, the end of its log (the kubelet's
// limits: 4096 bytes of message, or the last 80 lines and at most 2048 bytes of log).
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { str, type JsonObject } from "../../../api/validation/json-access.ts";
import { lastLogLines } from "../../logs/file-container-log.ts";
import type { ContainerTermination } from "../pod-runtime.ts";

const MAX_MESSAGE_BYTES = 4096;
const FALLBACK_LOG_LINES = 80;
const FALLBACK_LOG_BYTES = 2048;

export interface ExitSources {
  exitFile: string;
  /** Where conmon leaves its "oom" marker. */
  bundle: string;
  /** The host file behind terminationMessagePath, when the container has one. */
  terminationLog?: string;
  logPath: string;
  spec: JsonObject;
  startedAt: number;
  containerID: string;
}

async function tryStat(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

async function terminationMessage(src: ExitSources, exitCode: number): Promise<string> {
  let message = "";
  if (src.terminationLog) {
    try {
      message = (await readFile(src.terminationLog)).subarray(0, MAX_MESSAGE_BYTES).toString("utf8");
    } catch {
      message = "";
    }
  }
  if (message === "" && exitCode !== 0 && str(src.spec.terminationMessagePolicy) === "FallbackToLogsOnError") {
    message = await lastLogLines(src.logPath, FALLBACK_LOG_LINES, FALLBACK_LOG_BYTES);
  }
  return message;
}

/** The termination, or undefined while the exit file is not there (the container runs). */
export async function readTermination(src: ExitSources): Promise<ContainerTermination | undefined> {
  const st = await tryStat(src.exitFile);
  if (!st) return undefined;
  const text = (await readFile(src.exitFile, "utf8")).trim();
  const exitCode = /^-?\d+$/.test(text) ? Number(text) : 255;
  const oom = (await tryStat(join(src.bundle, "oom"))) !== undefined;
  const message = await terminationMessage(src, exitCode);
  return {
    exitCode,
    reason: oom ? "OOMKilled" : exitCode === 0 ? "Completed" : "Error",
    ...(message ? { message } : {}),
    startedAt: src.startedAt,
    finishedAt: Math.max(src.startedAt, Math.floor(st.mtimeMs)),
    containerID: src.containerID,
  };
}

/** For a container whose monitor is gone and that no longer runs: the kubelet's ContainerStatusUnknown. */
export function unknownTermination(startedAt: number, finishedAt: number, containerID: string): ContainerTermination {
  return {
    exitCode: 137,
    reason: "ContainerStatusUnknown",
    message: "The container could not be located when the pod was terminated",
    startedAt,
    finishedAt,
    containerID,
  };
}

/** A container that was created but could not be started: containerd's StartError. */
export function startErrorTermination(message: string, at: number, containerID: string): ContainerTermination {
  return { exitCode: 128, reason: "StartError", message, startedAt: at, finishedAt: at, containerID };
}
