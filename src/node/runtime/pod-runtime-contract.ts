// What every PodRuntime must do, as one suite each implementation runs (sim now, runc later).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import type { PodRuntime } from "./pod-runtime.ts";

export interface PodRuntimeFixture {
  runtime: PodRuntime;
  /** A pod whose one container, "app", runs until stopped. */
  longRunning(uid: string): KubeObject;
  /** A pod whose one container, "app", exits with `code` soon after it starts. */
  exiting(uid: string, code: number): KubeObject;
  /** Lets `ms` of runtime time pass (a manual clock's tick, or a real wait). */
  pass(ms: number): Promise<void>;
  close(): Promise<void>;
}

const container = (pod: KubeObject) => (pod.spec as { containers: Record<string, unknown>[] }).containers[0];

export function runPodRuntimeContract(name: string, make: () => Promise<PodRuntimeFixture>): void {
  const run = (title: string, body: (f: PodRuntimeFixture) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const f = await make();
      try {
        await body(f);
      } finally {
        await f.close();
      }
    });

  run("runSandbox() gives the pod its IP and no containers yet", async (f) => {
    await f.runtime.runSandbox(f.longRunning("u1"), "10.244.0.2", new AbortController().signal);
    const s = await f.runtime.status("u1");
    assert.equal(s?.sandbox, "ready");
    assert.equal(s?.podIP, "10.244.0.2");
    assert.deepEqual(s?.containers, []);
  });

  run("startContainer() resolves once the container runs", async (f) => {
    const pod = f.longRunning("u1");
    const changes: string[] = [];
    const unsubscribe = f.runtime.subscribe((uid) => changes.push(uid));
    await f.runtime.runSandbox(pod, "10.244.0.2", new AbortController().signal);
    const started = f.runtime.startContainer("u1", { container: container(pod), init: false }, new AbortController().signal);
    await f.pass(10_000);
    await started;
    unsubscribe();
    const c = (await f.runtime.status("u1"))!.containers[0];
    assert.equal(c.state, "running");
    assert.notEqual(c.started, false, "without a startup probe a running container has started");
    assert.equal(c.attempt, 0);
    assert.ok(c.containerID.startsWith(`${f.runtime.type}://`));
    assert.ok(changes.length > 0 && changes.every((uid) => uid === "u1"));
  });

  run("an exited container reports its exit and restarts as the next attempt", async (f) => {
    const pod = f.exiting("u1", 3);
    await f.runtime.runSandbox(pod, "10.244.0.2", new AbortController().signal);
    const started = f.runtime.startContainer("u1", { container: container(pod), init: false }, new AbortController().signal);
    await f.pass(10_000);
    await started;
    await f.pass(10_000);
    const exited = (await f.runtime.status("u1"))!.containers[0];
    assert.equal(exited.state, "exited");
    assert.equal(exited.termination?.exitCode, 3);
    assert.equal(exited.termination?.reason, "Error");
    const again = f.runtime.startContainer("u1", { container: container(pod), init: false }, new AbortController().signal);
    await f.pass(10_000);
    await again;
    const next = (await f.runtime.status("u1"))!.containers[0];
    assert.equal(next.attempt, 1);
    assert.equal(next.lastTermination?.containerID, exited.containerID);
  });

  run("stopPod() stops containers and the sandbox; removePod() forgets the pod", async (f) => {
    const pod = f.longRunning("u1");
    await f.runtime.runSandbox(pod, "10.244.0.2", new AbortController().signal);
    const started = f.runtime.startContainer("u1", { container: container(pod), init: false }, new AbortController().signal);
    await f.pass(10_000);
    await started;
    const stopped = f.runtime.stopPod("u1", 30);
    await f.pass(30_000);
    await stopped;
    const s = await f.runtime.status("u1");
    assert.equal(s?.sandbox, "stopped");
    assert.equal(s?.containers[0].state, "exited");
    assert.deepEqual((await f.runtime.list()).map((p) => p.uid), ["u1"]);
    await f.runtime.removePod("u1");
    assert.equal(await f.runtime.status("u1"), undefined);
    assert.deepEqual(await f.runtime.list(), []);
  });

  run("startContainer() stops waiting when its signal aborts", async (f) => {
    const pod = f.longRunning("u1");
    await f.runtime.runSandbox(pod, "10.244.0.2", new AbortController().signal);
    const abort = new AbortController();
    const started = f.runtime.startContainer("u1", { container: container(pod), init: false }, abort.signal);
    abort.abort();
    await assert.rejects(started, (e: Error) => e.name === "AbortError");
  });
}
