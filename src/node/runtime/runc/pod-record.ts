// What the runc runtime remembers about a pod, in pods/<uid>/pod.json, so that a restarted
// ordinal knows its pods, their containers' IDs, attempts and past terminations. The file is
// replaced atomically (write, then rename) whenever a record changes.
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { KubeObject } from "../../../api/meta.ts";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import type { ContainerTermination } from "../pod-runtime.ts";

export interface ContainerRecord {
  /** 64 hex digits: the runc container ID, and containerID "runc://<id>". */
  id: string;
  name: string;
  attempt: number;
  init: boolean;
  image: string;
  imageID: string;
  createdAt: number;
  /** Set once `runc start` returned. */
  startedAt?: number;
  termination?: ContainerTermination;
  /** How the instance this one replaced ended. */
  lastTermination?: ContainerTermination;
  /** The container spec it runs (hooks and probes after a restart). */
  spec: JsonObject;
  /** The image's StopSignal, sent instead of SIGTERM. */
  stopSignal?: string;
  /** The host file behind terminationMessagePath. */
  terminationLog?: string;
  /** While it is created: the instance it replaces, restored if creation fails or is cut short. */
  replaces?: ContainerRecord;
}

export interface PodRecord {
  uid: string;
  namespace: string;
  name: string;
  podIP: string;
  createdAt: number;
  sandbox: "ready" | "stopped";
  hostname: string;
  netnsPath: string;
  /** The pod's metadata and spec as last seen, for probes and hooks after a restart. */
  object: KubeObject;
  containers: ContainerRecord[];
}

export type ContainerPhase = "creating" | "running" | "exited";

export function phaseOf(c: ContainerRecord): ContainerPhase {
  if (c.termination) return "exited";
  return c.startedAt === undefined ? "creating" : "running";
}

export async function writePodRecord(path: string, record: PodRecord): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(record));
  await rename(tmp, path);
}

/** Every readable pod record under `podsDir`; directories without one are left to node-cleanup.ts. */
export async function readPodRecords(podsDir: string, recordOf: (uid: string) => string): Promise<PodRecord[]> {
  let uids: string[];
  try {
    uids = await readdir(podsDir);
  } catch {
    return [];
  }
  const records: PodRecord[] = [];
  for (const uid of uids) {
    try {
      records.push(JSON.parse(await readFile(recordOf(uid), "utf8")) as PodRecord);
    } catch {
      // no record: ordinal died before writing it
    }
  }
  return records;
}
