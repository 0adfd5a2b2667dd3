import { test } from "node:test";
import assert from "node:assert/strict";
import { selectorFromLabelSelector } from "../../api/selectors/label-selector.ts";
import { StatusError } from "../../api/status-error.ts";
import { newStatefulSet } from "./_control-harness.ts";
import { claimPods, type PodPatcher } from "./pod-claiming.ts";
import type { Pod } from "./stateful-set-types.ts";

const set = newStatefulSet();
const selector = selectorFromLabelSelector(set.spec.selector);
const mine = { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "web-set-uid", controller: true, blockOwnerDeletion: true };
const theirs = { ...mine, name: "other", uid: "other-uid" };

function pod(name: string, opts: { labels?: Record<string, string>; owner?: typeof mine; namespace?: string; deleting?: boolean } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: opts.namespace ?? "default",
      uid: `${name}-uid`,
      labels: opts.labels ?? { app: "nginx" },
      ...(opts.owner ? { ownerReferences: [opts.owner] } : {}),
      ...(opts.deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}),
    },
  };
}

class RecordingPatcher implements PodPatcher {
  readonly patches: string[] = [];
  fail?: unknown;
  async patchPod(_ns: string, name: string, patch: unknown): Promise<void> {
    if (this.fail) throw this.fail;
    this.patches.push(`${name} ${JSON.stringify(patch)}`);
  }
}

test("claimPods() keeps, adopts, releases and ignores by controller ref, selector and name (R14)", async () => {
  const patcher = new RecordingPatcher();
  let rechecks = 0;
  const pods = [
    pod("web-0", { owner: mine }),
    pod("web-1"),
    pod("web-2"),
    pod("web-3", { owner: mine, labels: { app: "other" } }),
    pod("web-4", { owner: theirs }),
    pod("db-0"),
    pod("web-5", { labels: { app: "other" } }),
    pod("web-6", { deleting: true }),
    pod("web-7", { namespace: "elsewhere" }),
  ];
  const claimed = await claimPods(set, selector, pods, async () => void rechecks++, patcher);
  assert.deepEqual(claimed.map((p) => p.metadata.name), ["web-0", "web-1", "web-2"]);
  assert.equal(rechecks, 1, "the live re-check happens once per sync (R15)");
  assert.deepEqual(patcher.patches, [
    `web-1 {"metadata":{"ownerReferences":[${JSON.stringify(mine)}],"uid":"web-1-uid"}}`,
    `web-2 {"metadata":{"ownerReferences":[${JSON.stringify(mine)}],"uid":"web-2-uid"}}`,
    `web-3 {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"web-set-uid"}],"uid":"web-3-uid"}}`,
  ]);
});

test("claimPods() refuses to adopt when the live set is gone or deleting (R15)", async () => {
  const patcher = new RecordingPatcher();
  await assert.rejects(
    claimPods(set, selector, [pod("web-1"), pod("web-0", { owner: mine })], async () => Promise.reject(new Error("default/web has just been deleted")), patcher),
    /can't adopt Pod default\/web-1 \(web-1-uid\): default\/web has just been deleted/,
  );
  assert.deepEqual(patcher.patches, []);
});

test("claimPods() neither adopts nor releases for a set being deleted (R14)", async () => {
  const deleting = { ...set, metadata: { ...set.metadata, deletionTimestamp: "2026-01-01T00:00:00Z" } };
  const patcher = new RecordingPatcher();
  const claimed = await claimPods(deleting, selector, [pod("web-0", { owner: mine }), pod("web-1"), pod("web-3", { owner: mine, labels: {} })], async () => {}, patcher);
  assert.deepEqual(claimed.map((p) => p.metadata.name), ["web-0"]);
  assert.deepEqual(patcher.patches, []);
});

test("claimPods() ignores NotFound and reports other patch errors after trying every pod", async () => {
  const patcher = new RecordingPatcher();
  patcher.fail = StatusError.notFound({ group: "", resource: "pods" }, "web-1");
  assert.deepEqual((await claimPods(set, selector, [pod("web-1")], async () => {}, patcher)).map((p) => p.metadata.name), []);
  patcher.fail = StatusError.internal("down");
  await assert.rejects(claimPods(set, selector, [pod("web-1"), pod("web-2")], async () => {}, patcher), /\[Internal error occurred: down, Internal error occurred: down\]/);
});
