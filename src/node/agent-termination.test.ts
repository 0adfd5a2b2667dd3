// Termination across agent restarts (the fencing cases of test/e2e/fencing.test.ts at the agent's
// level): a pod being deleted when the agent goes away, by kill -9 (a new agent on a fresh
// runtime) or by a graceful stop, is still stopped within its grace period, and its deletion is
// confirmed only once its final status shows its containers stopped.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { arr, obj } from "../api/validation/json-access.ts";
import { isNotFound } from "../api/status-error.ts";
import { simplePod, startHarness, type Harness } from "./_agent-harness.ts";

interface Seen {
  type: string;
  at: number;
  running: string[];
  exitCodes: number[];
}

/** Records every event of the pod `name` from now on, with the clock's time. */
async function recordPod(h: Harness, name: string): Promise<{ seen: Seen[]; close(): void }> {
  const seen: Seen[] = [];
  const { resourceVersion } = await h.pods.list({ namespace: "default" });
  const statuses = (pod: KubeObject) => arr(obj(pod.status)?.containerStatuses).map((s) => obj(s) ?? {});
  const watch = h.pods.watch(
    { namespace: "default", fieldSelector: `metadata.name=${name}`, resourceVersion },
    (e) => {
      if (e.type === "BOOKMARK" || e.type === "ERROR") return;
      const all = statuses(e.object);
      seen.push({
        type: e.type,
        at: h.clock.now().getTime(),
        running: all.filter((s) => obj(obj(s.state)?.running)).map((s) => String(s.name)),
        exitCodes: all.map((s) => obj(obj(s.state)?.terminated)?.exitCode).filter((c): c is number => typeof c === "number"),
      });
    },
    () => {},
  );
  return { seen, close: () => watch.close() };
}

async function gone(h: Harness, name: string): Promise<boolean> {
  try {
    await h.pods.get("default", name);
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

/** A ready pod that takes 3 s to stop, being deleted with the default 30 s grace period. */
async function terminating(h: Harness, stopDelayMs = "3000"): Promise<KubeObject> {
  await h.pods.create("default", simplePod("par-0", { "sim.ordinal.dev/stop-delay-ms": stopDelayMs }));
  await h.until("par-0 ready", async () => (await h.shown("par-0")).ready === "1/1");
  const marked = await h.pods.delete("default", "par-0");
  await h.clock.tick(500);
  assert.equal((await h.shown("par-0")).status, "Terminating");
  return marked;
}

test("NodeAgent after kill -9 stops a terminating pod within its grace period, then confirms the deletion", async () => {
  const h = await startHarness();
  const rec = await recordPod(h, "par-0");
  try {
    const marked = await terminating(h);
    const restartedAt = h.clock.now().getTime();
    await h.restartAgent({ freshRuntime: true });
    await h.until("par-0 gone", () => gone(h, "par-0"), 100);
    const deleted = rec.seen.find((e) => e.type === "DELETED")!;
    assert.deepEqual({ running: deleted.running, exitCodes: deleted.exitCodes }, { running: [], exitCodes: [0] }, "the final status");
    assert.ok(deleted.at - restartedAt >= 3000, `confirmed ${deleted.at - restartedAt} ms after the restart, before the container stopped`);
    assert.equal(await h.runtime.status(marked.metadata.uid!), undefined);
    assert.equal(h.agent.workerCount, 0);
  } finally {
    rec.close();
    await h.close();
  }
});

test("NodeAgent.stop() during termination neither kills the containers nor confirms the deletion", async () => {
  const h = await startHarness();
  const rec = await recordPod(h, "par-0");
  try {
    const marked = await terminating(h);
    await h.agent.stop();
    await h.clock.tick(5000);
    assert.equal(await gone(h, "par-0"), false, "nobody confirmed the deletion");
    assert.ok(!rec.seen.some((e) => e.exitCodes.length > 0), "no final status was written");
    const app = (await h.runtime.status(marked.metadata.uid!))!.containers[0];
    assert.equal(app.termination?.exitCode, 0, "the stop under way went on within the grace period");
    await h.restartAgent();
    await h.until("par-0 gone", () => gone(h, "par-0"), 100);
    const deleted = rec.seen.find((e) => e.type === "DELETED")!;
    assert.deepEqual({ running: deleted.running, exitCodes: deleted.exitCodes }, { running: [], exitCodes: [0] });
  } finally {
    rec.close();
    await h.close();
  }
});

test("NodeAgent after a graceful restart on a fresh runtime (ordinal down, up) stops the pod in its grace period", async () => {
  const h = await startHarness();
  const rec = await recordPod(h, "par-0");
  try {
    await terminating(h);
    await h.agent.stop();
    assert.deepEqual(rec.seen.at(-1)?.running, ["app"], "the status still shows the container running");
    const restartedAt = h.clock.now().getTime();
    await h.restartAgent({ freshRuntime: true });
    await h.until("par-0 gone", () => gone(h, "par-0"), 100);
    const deleted = rec.seen.find((e) => e.type === "DELETED")!;
    assert.deepEqual({ running: deleted.running, exitCodes: deleted.exitCodes }, { running: [], exitCodes: [0] });
    assert.ok(deleted.at - restartedAt >= 3000);
  } finally {
    rec.close();
    await h.close();
  }
});

test("NodeAgent after a restart still cuts a reattached pod's stop short on a shorter grace period", async () => {
  const h = await startHarness();
  const rec = await recordPod(h, "par-0");
  try {
    await terminating(h, "60000");
    await h.restartAgent({ freshRuntime: true });
    await h.clock.tick(1000);
    assert.equal(await gone(h, "par-0"), false);
    await h.pods.delete("default", "par-0", { gracePeriodSeconds: 1 });
    await h.until("par-0 gone", () => gone(h, "par-0"), 100, 5000);
    const final = rec.seen.findLast((e) => e.type !== "DELETED" && e.exitCodes.length > 0);
    assert.deepEqual(final?.exitCodes, [137], "killed when the shorter grace period ran out");
  } finally {
    rec.close();
    await h.close();
  }
});
