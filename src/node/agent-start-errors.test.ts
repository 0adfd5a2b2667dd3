// Containers that cannot start (sim.ordinal.dev/start-error) show the kubelet's waiting reasons,
// events and retries, so kubectl shows ErrImagePull, ImagePullBackOff, ErrImageNeverPull or
// CreateContainerConfigError as on a real cluster.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { arr, obj } from "../api/validation/json-access.ts";
import { simplePod, startHarness, type Harness } from "./_agent-harness.ts";

const waitingOf = (pod: KubeObject, list = "containerStatuses") => obj(obj(obj(arr(obj(pod.status)?.[list])[0])?.state)?.waiting);

async function clearAnnotations(h: Harness, name: string): Promise<void> {
  const pod = await h.pods.get("default", name);
  await h.pods.update({ ...pod, metadata: { ...pod.metadata, annotations: {} } });
}

test("NodeAgent shows ErrImagePull, then ImagePullBackOff, and pulls again with growing back-off", async () => {
  const h = await startHarness();
  try {
    const before = h.events.events.length;
    await h.pods.create("default", simplePod("web-0", { "sim.ordinal.dev/start-error": "ErrImagePull" }));
    const pulls: number[] = [];
    const seen: string[] = [];
    await h.until(
      "three pulls and a back-off after them",
      async () => {
        const shown = (await h.shown("web-0")).status;
        if (seen.at(-1) !== shown) {
          seen.push(shown);
          if (shown === "ErrImagePull") pulls.push(h.clock.now().getTime());
        }
        return pulls.length === 3 && shown === "ImagePullBackOff";
      },
      100,
    );
    assert.deepEqual(seen, ["Pending", "ErrImagePull", "ImagePullBackOff", "ErrImagePull", "ImagePullBackOff", "ErrImagePull", "ImagePullBackOff"]);
    assert.deepEqual(pulls.slice(1).map((t, i) => Math.round((t - pulls[i]) / 1000)), [10, 20], "the pull backs off 10 s, then 20 s");
    const pod = await h.pods.get("default", "web-0");
    assert.deepEqual(waitingOf(pod), { reason: "ImagePullBackOff", message: 'Back-off pulling image "nginx"' });
    assert.equal(obj(pod.status)?.phase, "Pending");
    const pulled = 'Warning Failed Failed to pull image "nginx": failed to pull image "nginx": sim.ordinal.dev/start-error is "ErrImagePull"';
    assert.deepEqual(h.events.events.slice(before, before + 4), [
      pulled,
      "Warning Failed Error: ErrImagePull",
      'Normal BackOff Back-off pulling image "nginx"',
      "Warning Failed Error: ImagePullBackOff",
    ]);
    assert.equal(h.events.events.filter((e) => e === pulled).length, 3);

    await clearAnnotations(h, "web-0");
    await h.until("web-0 ready after the next pull", async () => (await h.shown("web-0")).ready === "1/1", 100);
    assert.ok(h.clock.now().getTime() >= pulls[2] + 40_000, "the next pull waited out its 40 s back-off");
    assert.equal(obj(arr(obj((await h.pods.get("default", "web-0")).status)?.containerStatuses)[0])?.restartCount, 0);
  } finally {
    await h.close();
  }
});

test("NodeAgent shows why a container cannot be created and tries again every 10 s", async () => {
  const cases = [
    {
      reason: "ErrImageNeverPull",
      message: 'Container image "nginx" is not present with pull policy of Never',
      events: ['Warning ErrImageNeverPull Container image "nginx" is not present with pull policy of Never', "Warning Failed Error: ErrImageNeverPull"],
    },
    {
      reason: "InvalidImageName",
      message: 'Failed to apply default image tag "nginx": sim.ordinal.dev/start-error is "InvalidImageName"',
      events: ['Warning InspectFailed Failed to apply default image tag "nginx": sim.ordinal.dev/start-error is "InvalidImageName"', "Warning Failed Error: InvalidImageName"],
    },
    {
      reason: "CreateContainerConfigError",
      message: 'sim.ordinal.dev/start-error is "CreateContainerConfigError"',
      events: ['Warning Failed Error: sim.ordinal.dev/start-error is "CreateContainerConfigError"'],
    },
    {
      reason: "CreateContainerError",
      message: 'sim.ordinal.dev/start-error is "CreateContainerError"',
      events: ['Warning Failed Error: sim.ordinal.dev/start-error is "CreateContainerError"'],
    },
  ];
  for (const c of cases) {
    const h = await startHarness();
    try {
      const before = h.events.events.length;
      await h.pods.create("default", simplePod("web-0", { "sim.ordinal.dev/start-error": c.reason }));
      await h.until(`web-0 ${c.reason}`, async () => (await h.shown("web-0")).status === c.reason);
      assert.deepEqual(waitingOf(await h.pods.get("default", "web-0")), { reason: c.reason, message: c.message });
      assert.deepEqual(h.events.events.slice(before), c.events, c.reason);
      await h.clock.tick(9000);
      assert.deepEqual(h.events.events.slice(before), c.events, `${c.reason}: no new attempt before 10 s`);
      await h.clock.tick(1000);
      assert.deepEqual(h.events.events.slice(before), [...c.events, ...c.events], `${c.reason}: tried again after 10 s`);
      assert.equal((await h.shown("web-0")).status, c.reason);
      await clearAnnotations(h, "web-0");
      await h.until("web-0 ready", async () => (await h.shown("web-0")).ready === "1/1", 100, 10_500);
    } finally {
      await h.close();
    }
  }
});

test("NodeAgent shows an init container that cannot start as Init:<reason>", async () => {
  const h = await startHarness();
  try {
    const spec = { initContainers: [{ name: "seed", image: "busybox", imagePullPolicy: "Never" }] };
    await h.pods.create("default", simplePod("db-0", { "sim.ordinal.dev/start-error": "ErrImageNeverPull" }, spec));
    await h.until("db-0 Init:ErrImageNeverPull", async () => (await h.shown("db-0")).status === "Init:ErrImageNeverPull");
    const pod = await h.pods.get("default", "db-0");
    assert.deepEqual(waitingOf(pod, "initContainerStatuses"), { reason: "ErrImageNeverPull", message: 'Container image "busybox" is not present with pull policy of Never' });
    assert.deepEqual(waitingOf(pod), { reason: "PodInitializing" });
  } finally {
    await h.close();
  }
});
