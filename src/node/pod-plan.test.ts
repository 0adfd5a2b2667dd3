import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { planPod } from "./pod-plan.ts";
import { RestartBackoff } from "./restart-backoff.ts";
import type { RuntimeContainerStatus, RuntimePodStatus } from "./runtime/pod-runtime.ts";

const NOW = 100_000;

const pod = (spec: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: "web-0", namespace: "default", uid: "u1" },
  spec: { restartPolicy: "Always", containers: [{ name: "a" }, { name: "b" }], ...spec },
});

const c = (name: string, state: RuntimeContainerStatus["state"], exitCode = 1): RuntimeContainerStatus => ({
  name,
  containerID: `sim://${name}`,
  image: "x",
  imageID: "x",
  state,
  attempt: 0,
  createdAt: 0,
  ready: false,
  ...(state === "exited" ? { termination: { exitCode, reason: exitCode ? "Error" : "Completed", startedAt: 0, finishedAt: NOW - 1000, containerID: `sim://${name}` } } : {}),
});

const rs = (...containers: RuntimeContainerStatus[]): RuntimePodStatus => ({
  uid: "u1", namespace: "default", name: "web-0", sandbox: "ready", podIP: "10.244.0.2", createdAt: 0, containers,
});

function describe(p: KubeObject, runtime: RuntimePodStatus | undefined, backoff = new RestartBackoff()): string {
  const { action, waiting } = planPod(p, runtime, backoff, NOW);
  const what =
    action.kind === "start" ? `start ${String(action.container.name)}${action.init ? " (init)" : ""}${action.restart ? " (restart)" : ""}`
    : action.kind === "wait" ? `wait${action.until !== undefined ? ` until ${action.until}` : ""}`
    : action.kind;
  return [what, ...[...waiting].map(([name, w]) => `${name}:${w.reason}`)].join(" ");
}

test("planPod() picks the kubelet's next step", () => {
  const inBackoff = new RestartBackoff();
  inBackoff.next("u1/a", 0);
  const cases = [
    { name: "no sandbox", pod: pod(), rs: undefined, want: "create-sandbox" },
    { name: "stopped sandbox", pod: pod(), rs: { ...rs(), sandbox: "stopped" as const }, want: "create-sandbox" },
    { name: "first container", pod: pod(), rs: rs(), want: "start a" },
    { name: "second container", pod: pod(), rs: rs(c("a", "running")), want: "start b" },
    { name: "all running", pod: pod(), rs: rs(c("a", "running"), c("b", "running")), want: "wait" },
    { name: "first crash restarts at once", pod: pod(), rs: rs(c("a", "exited"), c("b", "running")), want: "start a (restart)" },
    {
      name: "later crash waits out the back-off",
      pod: pod(),
      rs: rs(c("a", "exited"), c("b", "running")),
      backoff: inBackoff,
      want: `wait until ${NOW - 1000 + 10_000} a:CrashLoopBackOff`,
    },
    { name: "clean exit restarts under Always", pod: pod(), rs: rs(c("a", "exited", 0), c("b", "running")), want: "start a (restart)" },
    { name: "clean exit stays under OnFailure", pod: pod({ restartPolicy: "OnFailure" }), rs: rs(c("a", "exited", 0), c("b", "running")), want: "wait" },
    { name: "all done under OnFailure", pod: pod({ restartPolicy: "OnFailure" }), rs: rs(c("a", "exited", 0), c("b", "exited", 0)), want: "finish" },
    { name: "all done under Never", pod: pod({ restartPolicy: "Never" }), rs: rs(c("a", "exited", 1), c("b", "exited", 0)), want: "finish" },
    { name: "init first", pod: pod({ initContainers: [{ name: "i" }] }), rs: rs(), want: "start i (init)" },
    { name: "init running holds the app", pod: pod({ initContainers: [{ name: "i" }] }), rs: rs(c("i", "running")), want: "wait" },
    { name: "init done", pod: pod({ initContainers: [{ name: "i" }] }), rs: rs(c("i", "exited", 0)), want: "start a" },
    { name: "init failed under Never", pod: pod({ restartPolicy: "Never", initContainers: [{ name: "i" }] }), rs: rs(c("i", "exited", 1)), want: "finish" },
    { name: "init failed restarts", pod: pod({ initContainers: [{ name: "i" }] }), rs: rs(c("i", "exited", 1)), want: "start i (init) (restart)" },
    {
      name: "running sidecar lets the app start",
      pod: pod({ initContainers: [{ name: "s", restartPolicy: "Always" }] }),
      rs: rs(c("s", "running")),
      want: "start a",
    },
  ];
  for (const t of cases) assert.equal(describe(t.pod, t.rs, t.backoff), t.want, t.name);
});

test("planPod() writes the back-off message as the kubelet does", () => {
  const backoff = new RestartBackoff();
  backoff.next("u1/a", 0);
  backoff.next("u1/a", 20_000);
  const { waiting } = planPod(pod(), rs(c("a", "exited"), c("b", "running")), backoff, NOW);
  assert.equal(waiting.get("a")?.message, "back-off 20s restarting failed container=a pod=web-0_default(u1)");
});

test("planPod() holds a container whose start failed until it may be tried again", () => {
  const failure = (reason: string, at: number, retryAt: number, image = "x") => new Map([["a", { reason, message: `${reason} happened`, image, at, retryAt }]]);
  const one = (spec: Record<string, unknown> = {}) => pod({ containers: [{ name: "a", image: "x" }], ...spec });
  const cases = [
    { name: "config error, retry pending", pod: one(), rs: rs(), failed: failure("CreateContainerConfigError", NOW - 1000, NOW + 9000), want: `wait until ${NOW + 9000} a:CreateContainerConfigError` },
    { name: "config error, retry due", pod: one(), rs: rs(), failed: failure("CreateContainerConfigError", NOW - 10_000, NOW), want: "start a a:CreateContainerConfigError" },
    { name: "pull failed just now", pod: one(), rs: rs(), failed: failure("ErrImagePull", NOW, NOW + 10_000), want: `wait until ${NOW + 1000} a:ErrImagePull` },
    { name: "pull backing off", pod: one(), rs: rs(), failed: failure("ErrImagePull", NOW - 2000, NOW + 8000), want: `wait until ${NOW + 8000} a:ImagePullBackOff` },
    { name: "pull due", pod: one(), rs: rs(), failed: failure("ErrImagePull", NOW - 10_000, NOW), want: "start a a:ErrImagePull" },
    { name: "another image starts afresh", pod: one(), rs: rs(), failed: failure("ErrImagePull", NOW, NOW + 10_000, "y"), want: "start a" },
    {
      name: "failed init container holds the pod",
      pod: one({ initContainers: [{ name: "a", image: "x" }] }),
      rs: rs(),
      failed: failure("ErrImageNeverPull", NOW - 1000, NOW + 9000),
      want: `wait until ${NOW + 9000} a:ErrImageNeverPull`,
    },
    {
      name: "restart back-off comes first",
      pod: one(),
      rs: rs(c("a", "exited")),
      failed: failure("CreateContainerConfigError", NOW - 1000, NOW + 9000),
      backoff: (() => {
        const b = new RestartBackoff();
        b.next("u1/a", NOW - 1000);
        return b;
      })(),
      want: `wait until ${NOW + 9000} a:CrashLoopBackOff`,
    },
    { name: "restart after the back-off shows the failure", pod: one(), rs: rs(c("a", "exited")), failed: failure("CreateContainerConfigError", NOW - 1000, NOW + 9000), want: `wait until ${NOW + 9000} a:CreateContainerConfigError` },
  ];
  for (const t of cases) {
    const { action, waiting } = planPod(t.pod, t.rs, t.backoff ?? new RestartBackoff(), NOW, t.failed);
    const what = action.kind === "start" ? `start ${String(action.container.name)}` : action.kind === "wait" ? `wait until ${action.until}` : action.kind;
    assert.equal([what, ...[...waiting].map(([name, w]) => `${name}:${w.reason}`)].join(" "), t.want, t.name);
  }
});
