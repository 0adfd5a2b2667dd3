// Real containers (root): the PodRuntime contract and what pods see and get from runc.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mountsUnder } from "../../../images/mounts.ts";
import { get } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import { runPodRuntimeContract } from "../pod-runtime-contract.ts";
import type { PodRuntime, RuntimePodStatus } from "../pod-runtime.ts";
import { cgroupMounts } from "./cgroups.ts";
import type { RuncRuntime } from "./runc-runtime.ts";
import { destroyClean, eventually, logText, never, RuncTestEnv } from "./_runc-test-env.ts";

let env: RuncTestEnv;

before(async () => {
  env = await RuncTestEnv.create();
});

after(() => destroyClean(env));

/** A runtime for one test; whatever the test leaves running is removed afterwards. */
async function withRuntime(body: (rt: RuncRuntime) => Promise<void>): Promise<void> {
  const rt = env.runtime();
  try {
    await body(rt);
  } finally {
    for (const p of await rt.list()) await rt.removePod(p.uid);
    await rt.close();
  }
}

const FOREVER = "trap 'exit 0' TERM; sleep 3600 & wait";
const sh = (name: string, script: string, extra: JsonObject = {}): JsonObject => ({ name, command: ["sh", "-c", script], ...extra });

/**
 * The contract names pod IPs in 10.244.0.0/24, the default node subnet a running ordinal may use:
 * the runtime under test gets addresses of the test's own /24 instead and shows the contract's.
 */
function withContractAddresses(rt: RuncRuntime): PodRuntime {
  const real = new Map<string, string>();
  const shown = <T extends RuntimePodStatus | undefined>(s: T): T => s && { ...s, podIP: [...real].find(([, r]) => r === s.podIP)?.[0] ?? s.podIP };
  return {
    type: rt.type,
    version: rt.version,
    recordsProbeEvents: rt.recordsProbeEvents,
    runSandbox: (pod, ip, signal) => {
      if (!real.has(ip)) real.set(ip, env.ip());
      return rt.runSandbox(pod, real.get(ip)!, signal);
    },
    startContainer: (uid, req, signal) => rt.startContainer(uid, req, signal),
    update: (pod) => rt.update(pod),
    stopPod: (uid, grace, signal) => rt.stopPod(uid, grace, signal),
    removePod: (uid) => rt.removePod(uid),
    reattach: (pod, ip) => rt.reattach(pod, real.get(ip) ?? ip),
    status: async (uid) => shown(await rt.status(uid)),
    list: async () => (await rt.list()).map(shown),
    subscribe: (listener) => rt.subscribe(listener),
  };
}

runPodRuntimeContract("RuncRuntime", async () => {
  const rt = env.runtime();
  const pod = (uid: string, script: string) => {
    const p = env.pod("contract", [sh("app", script)]);
    p.metadata.uid = uid;
    return p;
  };
  return {
    runtime: withContractAddresses(rt),
    longRunning: (uid) => pod(uid, FOREVER),
    exiting: (uid, code) => pod(uid, `exit ${code}`),
    // Real processes: time cannot be skipped, only waited for as long as they need.
    pass: (ms) => sleep(Math.min(ms, 300)),
    close: async () => {
      for (const p of await rt.list()) await rt.removePod(p.uid);
      await rt.close();
    },
  };
});

async function run(rt: RuncRuntime, pod: ReturnType<RuncTestEnv["pod"]>, ip = env.ip()): Promise<void> {
  await rt.runSandbox(pod, ip, never());
  for (const c of (pod.spec as { containers: JsonObject[] }).containers) await rt.startContainer(pod.metadata.uid!, { container: c, init: false }, never());
}

const exitOf = (rt: RuncRuntime, uid: string, name = "app") =>
  eventually(`${name} to exit`, async () => (await rt.status(uid))?.containers.find((c) => c.name === name && c.state === "exited")?.termination);

test("a container sees the pod name as hostname, its IP in /etc/hosts, and logs stdout and stderr", () =>
  withRuntime(async (rt) => {
    const pod = env.pod("web-0", [sh("app", "hostname; cat /etc/hostname; grep web-0 /etc/hosts; echo oops >&2")], { restartPolicy: "Never" });
    const ip = env.ip();
    await run(rt, pod, ip);
    assert.equal((await exitOf(rt, pod.metadata.uid!)).exitCode, 0);
    assert.equal(await logText(rt, pod, "app"), `web-0\nweb-0\n${ip}\tweb-0\noops\n`);
  }));

test("a crashing container reports its exit code, termination message and StartError for a missing binary", () =>
  withRuntime(async (rt) => {
    const pod = env.pod("crash", [
      sh("app", "echo bye > /dev/termination-log; exit 42"),
      sh("logs", "echo last words; exit 1", { terminationMessagePolicy: "FallbackToLogsOnError" }),
      { name: "missing", command: ["/no/such/binary"] },
    ]);
    await run(rt, pod);
    const t = await exitOf(rt, pod.metadata.uid!);
    assert.deepEqual([t.exitCode, t.reason, t.message], [42, "Error", "bye\n"]);
    const l = await exitOf(rt, pod.metadata.uid!, "logs");
    assert.deepEqual([l.exitCode, l.message], [1, "last words\n"]);
    const m = await exitOf(rt, pod.metadata.uid!, "missing");
    assert.deepEqual([m.exitCode, m.reason], [128, "StartError"]);
    assert.match(m.message ?? "", /no such file or directory|not found/);
  }));

test("a missing image fails the start with the kubelet's reason and keeps no instance", () =>
  withRuntime(async (rt) => {
    const pod = env.pod("noimage", [{ name: "app", image: "nosuch:1", imagePullPolicy: "Never" }]);
    await rt.runSandbox(pod, env.ip(), never());
    const c = (pod.spec as { containers: JsonObject[] }).containers[0];
    await assert.rejects(rt.startContainer(pod.metadata.uid!, { container: c, init: false }, never()), (e: Error & { reason?: string }) => {
      assert.equal(e.reason, "ErrImageNeverPull");
      assert.equal(e.message, 'Container image "nosuch:1" is not present with pull policy of Never');
      return true;
    });
    assert.deepEqual((await rt.status(pod.metadata.uid!))?.containers, []);
  }));

/** runc containers of the pod in state "created": staged, not started. */
async function createdIn(uid: string): Promise<string[]> {
  return (await env.runcContainers()).filter((c) => c.status === "created" && c.bundle.includes(uid)).map((c) => c.id);
}

test("runSandbox creates the first containers beside the network; their first instances are those, and nothing stays", () =>
  withRuntime(async (rt) => {
    const pod = env.pod("staged", [sh("app", FOREVER), sh("side", FOREVER)], { initContainers: [sh("init", "true", { image: "busybox", imagePullPolicy: "Never" })] });
    const uid = pod.metadata.uid!;
    const podDir = join(env.home, "pods", uid);
    await rt.runSandbox(pod, env.ip(), never());
    const [staged] = await eventually("the staged init container", async () => ((await createdIn(uid)).length > 0 ? createdIn(uid) : undefined));
    assert.deepEqual(await createdIn(uid), [staged], "only the first init container is staged");
    const spec = pod.spec as { initContainers: JsonObject[] };
    await rt.startContainer(uid, { container: spec.initContainers[0], init: true }, never());
    assert.equal((await rt.status(uid))!.containers[0].containerID, `runc://${staged}`);
    await rt.removePod(uid);
    assert.deepEqual(await mountsUnder(podDir), []);
  }));

test("a staged container the pod no longer asks for is removed, and the container is made as asked", () =>
  withRuntime(async (rt) => {
    const pod = env.pod("changed", [sh("app", FOREVER)]);
    const uid = pod.metadata.uid!;
    await rt.runSandbox(pod, env.ip(), never());
    const [staged] = await eventually("the staged container", async () => ((await createdIn(uid)).length > 0 ? createdIn(uid) : undefined));
    const asked = (pod.spec as { containers: JsonObject[] }).containers[0];
    await rt.startContainer(uid, { container: { ...asked, command: ["sh", "-c", `echo changed; ${FOREVER}`] }, init: false }, never());
    const id = (await rt.status(uid))!.containers[0].containerID.replace("runc://", "");
    assert.notEqual(id, staged);
    assert.deepEqual(await createdIn(uid), []);
    await eventually("the new command's output", async () => ((await logText(rt, pod, "app")).includes("changed") ? true : undefined));
  }));

test("a pod stopped before its first start leaves no staged container", async () => {
  const rt = env.runtime();
  try {
    const pod = env.pod("stopped-early", [sh("app", FOREVER), sh("side", FOREVER)]);
    const uid = pod.metadata.uid!;
    await rt.runSandbox(pod, env.ip(), never());
    await rt.stopPod(uid, 0);
    assert.deepEqual(await createdIn(uid), []);
    await rt.removePod(uid);
    assert.deepEqual(await env.leftovers(), []);
  } finally {
    await rt.close();
  }
});

test("a sandbox that fails after its network was made leaves no network and no staged rootfs", async () => {
  const rt = env.runtime({
    volumes: {
      setUp: async () => {
        throw new Error('configmap "missing" not found');
      },
      mountsFor: async () => ({ mounts: [] }),
      tearDown: async () => {},
    },
  });
  try {
    const pod = env.pod("failing", [sh("app", FOREVER)]);
    await assert.rejects(rt.runSandbox(pod, env.ip(), never()), /configmap "missing" not found/);
    assert.deepEqual(await env.leftovers(), []);
  } finally {
    await rt.close();
  }
});

test("limits land in the container's cgroups", () =>
  withRuntime(async (rt) => {
    const resources = { limits: { memory: "64Mi", cpu: "500m" }, requests: { memory: "64Mi", cpu: "500m" } };
    const pod = env.pod("limits", [sh("app", FOREVER, { resources })]);
    await run(rt, pod);
    const id = (await rt.status(pod.metadata.uid!))!.containers[0].containerID.slice("runc://".length);
    const path = `${env.cgroupParent}/pod${pod.metadata.uid}/${id}`;
    const read = (controller: string, file: string) => {
      const mount = cgroupMounts().find((m) => m.endsWith(`/${controller}`) || m.includes(`${controller},`) || m.endsWith(`,${controller}`))!;
      return readFileSync(`${mount}${path}/${file}`, "utf8").trim();
    };
    assert.equal(read("memory", "memory.limit_in_bytes"), String(64 * 1024 * 1024));
    assert.equal(read("cpu", "cpu.cfs_quota_us"), "50000");
    assert.equal(read("cpu", "cpu.shares"), "512");
    assert.equal(read("pids", "pids.max"), "4096");
  }));

test("a container over its memory limit is OOMKilled", () =>
  withRuntime(async (rt) => {
    const resources = { limits: { memory: "16Mi" } };
    const pod = env.pod("hungry", [sh("app", "dd if=/dev/zero of=/dev/null bs=64M count=1", { resources })], { restartPolicy: "Never" });
    await run(rt, pod);
    const t = await exitOf(rt, pod.metadata.uid!);
    assert.deepEqual([t.exitCode, t.reason], [137, "OOMKilled"]);
  }));

test("stopPod() sends TERM, then KILL once the grace period is over", () =>
  withRuntime(async (rt) => {
    const pod = env.pod("graceful", [sh("polite", "trap 'echo got TERM; exit 0' TERM; sleep 3600 & wait"), sh("stubborn", "trap '' TERM; sleep 3600 & wait")]);
    await run(rt, pod);
    const start = Date.now();
    await rt.stopPod(pod.metadata.uid!, 1);
    const took = Date.now() - start;
    const s = (await rt.status(pod.metadata.uid!))!;
    const byName = new Map(s.containers.map((c) => [c.name, c.termination!]));
    assert.equal(s.sandbox, "stopped");
    assert.equal(byName.get("polite")!.exitCode, 0);
    assert.equal(byName.get("stubborn")!.exitCode, 137);
    assert.equal(await logText(rt, pod, "polite"), "got TERM\n");
    // At least the kubelet's 2 s minimum between the stop signal and SIGKILL, not much more.
    assert.ok(took >= 2000 && took < 5000, `stop took ${took} ms`);
  }));

test("a restarted container keeps the previous instance's log and termination", () =>
  withRuntime(async (rt) => {
    const pod = env.pod("again", [sh("app", "echo run $(cat /proc/self/cgroup | wc -l); exit 3")]);
    await run(rt, pod);
    const first = await exitOf(rt, pod.metadata.uid!);
    const c = (pod.spec as { containers: JsonObject[] }).containers[0];
    await rt.startContainer(pod.metadata.uid!, { container: c, init: false }, never());
    const s = await eventually("second exit", async () => {
      const x = (await rt.status(pod.metadata.uid!))!.containers[0];
      return x.state === "exited" ? x : undefined;
    });
    assert.equal(s.attempt, 1);
    assert.deepEqual(s.lastTermination, first);
    assert.match(await logText(rt, pod, "app", true), /^run \d+\n$/);
    assert.match(await logText(rt, pod, "app"), /^run \d+\n$/);
  }));

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d)).on("end", () => resolve(body));
    }).on("error", reject);
  });
}

test("two pods both serve on port 80, each reachable from the host at its pod IP", () =>
  withRuntime(async (rt) => {
    const serve = (text: string) => sh("web", `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www`);
    const a = env.pod("web-a", [serve("alpha")]);
    const b = env.pod("web-b", [serve("beta")]);
    const ipA = env.ip();
    const ipB = env.ip();
    await run(rt, a, ipA);
    await run(rt, b, ipB);
    const fetch = (ip: string) => eventually(`http://${ip}/`, () => httpGet(`http://${ip}/`).catch(() => undefined));
    assert.equal(await fetch(ipA), "alpha\n");
    assert.equal(await fetch(ipB), "beta\n");
  }));
