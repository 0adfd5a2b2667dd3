import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { isScheduled, requireLogs, requireRunning, requireScheduled, resolveContainer } from "./pod-target.ts";

function pod(spec: Record<string, unknown>, statuses: Record<string, unknown>[] = []): KubeObject {
  return { metadata: { name: "web-0", namespace: "default", uid: "u1" }, spec: { nodeName: "n1", ...spec }, status: { containerStatuses: statuses } };
}

const one = { containers: [{ name: "nginx" }] };
const two = { containers: [{ name: "a" }, { name: "b" }] };

test("resolveContainer() picks the named or only container and words refusals like the API server", () => {
  const cases: { name: string; spec: Record<string, unknown>; requested: string | null; want: string | RegExp }[] = [
    { name: "only container", spec: one, requested: null, want: "nginx" },
    { name: "named container", spec: two, requested: "b", want: "b" },
    { name: "init container by name", spec: { ...one, initContainers: [{ name: "init" }] }, requested: "init", want: "init" },
    { name: "empty name is none", spec: one, requested: "", want: "nginx" },
    { name: "several, none named", spec: two, requested: null, want: /^a container name must be specified for pod web-0, choose one of: \[a b\]$/ },
    { name: "with init containers", spec: { ...two, initContainers: [{ name: "i1" }, { name: "i2" }] }, requested: null, want: /^a container name must be specified for pod web-0, choose one of: \[a b\] or one of the init containers: \[i1 i2\]$/ },
    { name: "no containers", spec: { containers: [] }, requested: null, want: /^a container name must be specified for pod web-0$/ },
    { name: "unknown name", spec: one, requested: "nope", want: /^container nope is not valid for pod web-0$/ },
  ];
  for (const c of cases) {
    if (typeof c.want === "string") assert.deepEqual(resolveContainer(pod(c.spec), c.requested), { namespace: "default", name: "web-0", uid: "u1", container: c.want }, c.name);
    else assert.throws(() => resolveContainer(pod(c.spec), c.requested), (e: Error & { code?: number }) => c.want instanceof RegExp && c.want.test(e.message) && e.code === 400, c.name);
  }
});

test("requireScheduled() refuses a pod without a node", () => {
  const p = pod({ ...one, nodeName: "" });
  assert.equal(isScheduled(p), false);
  assert.throws(() => requireScheduled(p), /^StatusError: pod web-0 does not have a host assigned$/);
  assert.doesNotThrow(() => requireScheduled(pod(one)));
});

test("requireRunning() wants a running instance of the container", () => {
  const target = { namespace: "default", name: "web-0", uid: "u1", container: "nginx" };
  assert.doesNotThrow(() => requireRunning(pod(one, [{ name: "nginx", state: { running: {} } }]), target));
  for (const statuses of [[], [{ name: "nginx", state: { waiting: { reason: "ContainerCreating" } } }], [{ name: "nginx", state: { terminated: { exitCode: 0 } } }]]) {
    assert.throws(() => requireRunning(pod(one, statuses), target), /unable to upgrade connection: container not found \("nginx"\)/);
  }
});

test("requireLogs() follows the kubelet's container log status rules", () => {
  const target = { namespace: "default", name: "web-0", uid: "u1", container: "nginx" };
  const cases: { name: string; status?: Record<string, unknown>; previous?: boolean; error?: string }[] = [
    { name: "running", status: { state: { running: {} } } },
    { name: "terminated", status: { state: { terminated: { exitCode: 1 } } } },
    { name: "waiting after a crash", status: { state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1 } } } },
    { name: "previous exists", status: { state: { running: {} }, lastState: { terminated: { exitCode: 1 } } }, previous: true },
    { name: "no status", error: 'container "nginx" in pod "web-0" is not available' },
    { name: "previous missing", status: { state: { running: {} }, lastState: {} }, previous: true, error: 'previous terminated container "nginx" in pod "web-0" not found' },
    { name: "creating", status: { state: { waiting: { reason: "ContainerCreating" } } }, error: 'container "nginx" in pod "web-0" is waiting to start: ContainerCreating' },
    { name: "image pull", status: { state: { waiting: { reason: "ErrImagePull" } } }, error: `container "nginx" in pod "web-0" is waiting to start: image can't be pulled` },
    { name: "image backoff", status: { state: { waiting: { reason: "ImagePullBackOff" } } }, error: 'container "nginx" in pod "web-0" is waiting to start: trying and failing to pull image' },
    { name: "no state", status: { state: {} }, error: 'container "nginx" in pod "web-0" is waiting to start - no logs yet' },
  ];
  for (const c of cases) {
    const p = pod(one, c.status ? [{ name: "nginx", ...c.status }] : []);
    if (c.error) assert.throws(() => requireLogs(p, target, c.previous ?? false), (e: Error & { code?: number }) => e.message === c.error && e.code === 400, c.name);
    else assert.doesNotThrow(() => requireLogs(p, target, c.previous ?? false), c.name);
  }
});
