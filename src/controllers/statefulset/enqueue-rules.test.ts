import { test } from "node:test";
import assert from "node:assert/strict";
import { newStatefulSet } from "./_control-harness.ts";
import { onPodAdd, onPodDelete, onPodUpdate, setsSelecting, type Enqueue, type SetLookup } from "./enqueue-rules.ts";
import type { Pod, StatefulSet } from "./stateful-set-types.ts";

function lookup(...sets: StatefulSet[]): SetLookup {
  return {
    get: (ns, name) => sets.find((s) => s.metadata.namespace === ns && s.metadata.name === name),
    inNamespace: (ns) => sets.filter((s) => s.metadata.namespace === ns),
  };
}

const web = newStatefulSet({ name: "web" });
const web2 = newStatefulSet({ name: "web2" });
const other = newStatefulSet({ name: "db" });
other.spec.selector = { matchLabels: { app: "db" } };
const sets = lookup(web, web2, other);

const ref = (set: StatefulSet, uid = set.metadata.uid!) => ({ apiVersion: "apps/v1", kind: "StatefulSet", name: set.metadata.name!, uid, controller: true });

function pod(opts: { owner?: ReturnType<typeof ref>; labels?: Record<string, string>; rv?: string; ready?: boolean; deleting?: boolean } = {}): Pod {
  return {
    metadata: {
      name: "web-0",
      namespace: "default",
      resourceVersion: opts.rv ?? "1",
      labels: opts.labels ?? { app: "nginx" },
      ...(opts.owner ? { ownerReferences: [opts.owner] } : {}),
      ...(opts.deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}),
    },
    status: { phase: "Running", conditions: [{ type: "Ready", status: opts.ready ? "True" : "False", lastTransitionTime: "2026-01-01T00:00:00Z" }] },
  };
}

const names = (out: Enqueue[]) => out.map((e) => `${e.set.metadata.name}${e.afterMs ? `+${e.afterMs}` : ""}`);

test("onPodAdd() enqueues the controller, or every selecting set for an orphan (R17,R21)", () => {
  assert.deepEqual(names(onPodAdd(sets, pod({ owner: ref(web) }))), ["web"]);
  assert.deepEqual(names(onPodAdd(sets, pod({ owner: ref(web, "other-uid") }))), [], "a ref to a replaced set resolves to nothing");
  assert.deepEqual(names(onPodAdd(sets, pod())), ["web", "web2"]);
  assert.deepEqual(names(onPodAdd(sets, pod({ labels: { app: "none" } }))), []);
  assert.deepEqual(names(onPodAdd(sets, pod({ deleting: true }))), [], "a terminating orphan is a delete: nobody cares");
  assert.deepEqual(names(onPodAdd(sets, pod({ owner: ref(web), deleting: true }))), ["web"]);
});

test("onPodUpdate() ignores resyncs and follows controller ref and label changes (R21)", () => {
  assert.deepEqual(names(onPodUpdate(sets, pod({ owner: ref(web) }), pod({ owner: ref(web) }))), [], "same resourceVersion");
  assert.deepEqual(names(onPodUpdate(sets, pod({ owner: ref(web) }), pod({ owner: ref(web2), rv: "2" }))), ["web", "web2"]);
  assert.deepEqual(names(onPodUpdate(sets, pod({ owner: ref(web) }), pod({ rv: "2" }))), ["web", "web", "web2"], "released: old owner, then candidates");
  assert.deepEqual(names(onPodUpdate(sets, pod(), pod({ rv: "2" }))), [], "orphan with nothing changed");
  assert.deepEqual(names(onPodUpdate(sets, pod({ labels: { app: "x" } }), pod({ rv: "2" }))), ["web", "web2"], "orphan whose labels changed");
});

test("onPodUpdate() schedules an availability check minReadySeconds+1s after a pod becomes ready (R22)", () => {
  const slow = newStatefulSet({ name: "slow", spec: { minReadySeconds: 10 } });
  const lk = lookup(slow);
  assert.deepEqual(names(onPodUpdate(lk, pod({ owner: ref(slow) }), pod({ owner: ref(slow), rv: "2", ready: true }))), ["slow", "slow+11000"]);
  assert.deepEqual(names(onPodUpdate(lk, pod({ owner: ref(slow), ready: true }), pod({ owner: ref(slow), rv: "2", ready: true }))), ["slow"]);
  assert.deepEqual(names(onPodUpdate(sets, pod({ owner: ref(web) }), pod({ owner: ref(web), rv: "2", ready: true }))), ["web"], "no delay without minReadySeconds");
});

test("onPodDelete() enqueues only the controller (R21)", () => {
  assert.deepEqual(names(onPodDelete(sets, pod({ owner: ref(web) }))), ["web"]);
  assert.deepEqual(names(onPodDelete(sets, pod())), []);
});

test("setsSelecting() skips sets with empty or other selectors", () => {
  const empty = newStatefulSet({ name: "all" });
  empty.spec.selector = {};
  assert.deepEqual(setsSelecting(lookup(empty, other, web), pod()).map((s) => s.metadata.name), ["web"]);
});
