import { test } from "node:test";
import assert from "node:assert/strict";
import { RestartBackoff } from "../restart-backoff.ts";
import { failureEvents, failureWaiting, pullBackOffEvents, StartFailures, type StartFailure } from "./start-failures.ts";

const T0 = 1_000_000;

test("StartFailures.record() backs a failed pull off 10 s, 20 s, 40 s and retries other failures after 10 s", () => {
  const failures = new StartFailures("u1", new RestartBackoff());
  const pulls = [T0, T0 + 10_000, T0 + 30_000].map((at) => failures.record("app", "nginx", { reason: "ErrImagePull", message: "not found" }, at));
  assert.deepEqual(pulls.map((f) => f.retryAt - f.at), [10_000, 20_000, 40_000]);
  const config = failures.record("app", "nginx", { reason: "CreateContainerConfigError", message: 'configmap "cfg" not found' }, T0);
  assert.equal(config.retryAt, T0 + 10_000);
  const hook = failures.record("side", "nginx", { reason: "PostStartHookError", message: "exit 1" }, T0);
  assert.equal(hook.retryAt, T0, "restart back-off governs a container that ran");
  assert.deepEqual([...failures.all.keys()], ["app", "side"]);
  failures.clear("app");
  assert.deepEqual([...failures.all.keys()], ["side"]);
});

test("StartFailures keeps each pod's and image's pull back-off apart", () => {
  const backoff = new RestartBackoff();
  const a = new StartFailures("u1", backoff);
  const b = new StartFailures("u2", backoff);
  a.record("app", "nginx", { reason: "ErrImagePull", message: "x" }, T0);
  assert.equal(b.record("app", "nginx", { reason: "ErrImagePull", message: "x" }, T0).retryAt, T0 + 10_000);
  assert.equal(a.record("app", "redis", { reason: "ErrImagePull", message: "x" }, T0).retryAt, T0 + 10_000);
  assert.equal(a.record("app", "nginx", { reason: "ErrImagePull", message: "x" }, T0 + 10_000).retryAt, T0 + 30_000);
});

test("failureWaiting() shows ErrImagePull, then ImagePullBackOff until the next pull", () => {
  const pull: StartFailure = { reason: "ErrImagePull", message: "not found", image: "nginx", at: T0, retryAt: T0 + 10_000 };
  const config: StartFailure = { reason: "CreateContainerConfigError", message: "no key", image: "nginx", at: T0, retryAt: T0 + 10_000 };
  const cases: Array<[string, StartFailure, number, ReturnType<typeof failureWaiting>]> = [
    ["pull just failed", pull, T0, { reason: "ErrImagePull", message: "not found", until: T0 + 1000 }],
    ["pull backing off", pull, T0 + 1000, { reason: "ImagePullBackOff", message: 'Back-off pulling image "nginx"', until: T0 + 10_000 }],
    ["pull due", pull, T0 + 10_000, { reason: "ErrImagePull", message: "not found" }],
    ["config waiting", config, T0 + 5000, { reason: "CreateContainerConfigError", message: "no key", until: T0 + 10_000 }],
    ["config due", config, T0 + 10_000, { reason: "CreateContainerConfigError", message: "no key" }],
  ];
  for (const [name, f, now, want] of cases) assert.deepEqual(failureWaiting(f, now), want, name);
});

test("failureEvents() records what the kubelet records for each reason", () => {
  const f = (reason: string, message: string): StartFailure => ({ reason, message, image: "nginx:bad", at: T0, retryAt: T0 });
  const line = (events: ReturnType<typeof failureEvents>) => events.map((e) => `${e.type} ${e.reason} ${e.message}`);
  const cases: Array<[StartFailure, string[]]> = [
    [f("ErrImagePull", "rpc error: not found"), ['Warning Failed Failed to pull image "nginx:bad": rpc error: not found', "Warning Failed Error: ErrImagePull"]],
    [f("ErrImageNeverPull", "not present"), ["Warning ErrImageNeverPull not present", "Warning Failed Error: ErrImageNeverPull"]],
    [f("InvalidImageName", "bad tag"), ["Warning InspectFailed bad tag", "Warning Failed Error: InvalidImageName"]],
    [f("CreateContainerConfigError", 'configmap "cfg" not found'), ['Warning Failed Error: configmap "cfg" not found']],
    [f("CreateContainerError", "no such file"), ["Warning Failed Error: no such file"]],
    [f("PostStartHookError", "exit 1"), []],
  ];
  for (const [failure, want] of cases) assert.deepEqual(line(failureEvents(failure)), want, failure.reason);
  assert.deepEqual(line(pullBackOffEvents(f("ErrImagePull", "x"))), ['Normal BackOff Back-off pulling image "nginx:bad"', "Warning Failed Error: ImagePullBackOff"]);
});
