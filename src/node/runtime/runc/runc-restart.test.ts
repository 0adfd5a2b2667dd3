// Restart safety (root): containers outlive the RuncRuntime that started them, the next one over
// the same home re-adopts them, reads what happened meanwhile and removes what no record owns.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import { purgeRuncNode } from "./node-cleanup.ts";
import type { PodRecord } from "./pod-record.ts";
import type { RuncRuntime } from "./runc-runtime.ts";
import { PodVolumeManager } from "../../volumes/pod-volumes.ts";
import { destroyClean, eventually, logText, never, RuncTestEnv } from "./_runc-test-env.ts";

let env: RuncTestEnv;

before(async () => {
  env = await RuncTestEnv.create();
});

after(() => destroyClean(env));

const FOREVER = "trap 'exit 0' TERM; sleep 3600 & wait";
const sh = (name: string, script: string): JsonObject => ({ name, command: ["sh", "-c", script] });

async function run(rt: RuncRuntime, pod: ReturnType<RuncTestEnv["pod"]>): Promise<void> {
  await rt.runSandbox(pod, env.ip(), never());
  for (const c of (pod.spec as { containers: JsonObject[] }).containers) await rt.startContainer(pod.metadata.uid!, { container: c, init: false }, never());
}

async function removeAll(rt: RuncRuntime): Promise<void> {
  for (const p of await rt.list()) await rt.removePod(p.uid);
  await rt.close();
}

const runcKill = (id: string) => execFileSync("runc", ["--root", join(env.home, "runc"), "kill", id, "KILL"]);
const idOf = (containerID: string) => containerID.slice("runc://".length);

test("a new RuncRuntime re-adopts running containers and sees them exit", async () => {
  const first = env.runtime();
  const pod = env.pod("keep", [sh("app", FOREVER)]);
  await run(first, pod);
  const before = (await first.status(pod.metadata.uid!))!;
  await first.close();

  const second = env.runtime();
  try {
    const changes: string[] = [];
    second.subscribe((uid) => changes.push(uid));
    const [adopted] = await second.list();
    assert.deepEqual(adopted, before);
    runcKill(idOf(before.containers[0].containerID));
    const t = await eventually("the exit", async () => (await second.status(pod.metadata.uid!))!.containers[0].termination);
    assert.deepEqual([t.exitCode, t.reason, t.containerID], [137, "Error", before.containers[0].containerID]);
    // status() may read the exit before the exit watcher's notification is delivered.
    await eventually("the change notification", async () => changes.includes(pod.metadata.uid!) || undefined);
  } finally {
    await removeAll(second);
  }
});

test("an exit while no runtime runs is read by the next one", async () => {
  const first = env.runtime();
  const pod = env.pod("meanwhile", [sh("app", "sleep 0.3; exit 5")]);
  await run(first, pod);
  const id = idOf((await first.status(pod.metadata.uid!))!.containers[0].containerID);
  await first.close();
  await eventually("conmon's exit file", async () => (await readFile(join(env.home, "exits", id), "utf8").catch(() => undefined)) || undefined);

  const second = env.runtime();
  try {
    const [s] = await second.list();
    assert.equal(s.containers[0].state, "exited");
    assert.equal(s.containers[0].termination?.exitCode, 5);
  } finally {
    await removeAll(second);
  }
});

test("a container whose conmon died is reported as ContainerStatusUnknown once it is gone", async () => {
  const rt = env.runtime();
  try {
    const pod = env.pod("orphaned", [sh("app", FOREVER)]);
    await run(rt, pod);
    const s = (await rt.status(pod.metadata.uid!))!.containers[0];
    const bundle = join(env.home, "pods", pod.metadata.uid!, "bundles", idOf(s.containerID));
    process.kill(Number(await readFile(join(bundle, "conmon.pid"), "utf8")), "SIGKILL");
    runcKill(idOf(s.containerID));
    const t = await eventually("the lost exit", async () => (await rt.status(pod.metadata.uid!))!.containers[0].termination);
    assert.deepEqual([t.exitCode, t.reason], [137, "ContainerStatusUnknown"]);
  } finally {
    await removeAll(rt);
  }
});

test("what no record owns is removed at start; a creation cut short is rolled back", async () => {
  const first = env.runtime();
  const kept = env.pod("kept", [sh("app", FOREVER)]);
  const lost = env.pod("lost", [sh("app", FOREVER), sh("sidecar", FOREVER)]);
  await run(first, kept);
  await run(first, lost);
  const keptStatus = (await first.status(kept.metadata.uid!))!;
  await first.close();
  // The record of one pod is gone, as if ordinal died before writing it.
  await rm(join(env.home, "pods", lost.metadata.uid!, "pod.json"));
  // The other pod's record shows a second container still being created when ordinal died.
  const recordPath = join(env.home, "pods", kept.metadata.uid!, "pod.json");
  const record = JSON.parse(await readFile(recordPath, "utf8")) as PodRecord;
  record.containers.push({ ...record.containers[0], id: "f".repeat(64), name: "late", startedAt: undefined, replaces: undefined });
  await writeFile(recordPath, JSON.stringify(record));

  const second = env.runtime();
  try {
    assert.deepEqual(await second.list(), [keptStatus]);
    // What is left on the machine is the kept pod's: its uid, short uid or container ID names it.
    const keptNames = [kept.metadata.uid!, kept.metadata.uid!.slice(0, 8), idOf(keptStatus.containers[0].containerID)];
    assert.deepEqual((await env.leftovers()).filter((l) => !keptNames.some((k) => l.includes(k))), []);
  } finally {
    await removeAll(second);
  }
  assert.deepEqual(await env.leftovers(), []);
});

test("after a restart, a container started again still gets the pod's volumes", async () => {
  const volumes = () => new PodVolumeManager({ podsDir: join(env.home, "pods"), sources: { configMap: async () => undefined, secret: async () => undefined, claim: async () => undefined, volume: async () => undefined } });
  const pod = env.pod("durable", [{ ...sh("app", "cat /data/note 2>/dev/null || echo first > /data/note"), volumeMounts: [{ name: "data", mountPath: "/data" }] }], {
    volumes: [{ name: "data", emptyDir: {} }],
  });
  const first = env.runtime({ volumes: volumes() });
  await run(first, pod);
  await eventually("the first run", async () => (await first.status(pod.metadata.uid!))!.containers[0].termination);
  await first.close();

  const second = env.runtime({ volumes: volumes() });
  try {
    const c = (pod.spec as { containers: JsonObject[] }).containers[0];
    await second.startContainer(pod.metadata.uid!, { container: c, init: false }, never());
    await eventually("the second run", async () => (await second.status(pod.metadata.uid!))!.containers[0].termination);
    assert.equal(await logText(second, pod, "app"), "first\n");
  } finally {
    await removeAll(second);
  }
});

test("purgeRuncNode() removes running pods and every trace of the node", async () => {
  const rt = env.runtime();
  await run(rt, env.pod("purged", [sh("app", FOREVER)]));
  await rt.close();
  await purgeRuncNode({ home: env.home, network: env.network, cgroupParent: env.cgroupParent });
  assert.deepEqual(await env.leftovers(true), []);
});
