import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { creationSteps, PodMomentLog, updateSteps, type PodWatchEvent } from "./statefulset-steps.ts";

const pod = (name: string, uid: string, extra: { ready?: boolean; deleting?: boolean } = {}): PodWatchEvent["object"] => ({
  metadata: { name, uid, ...(extra.deleting ? { deletionTimestamp: "2025-01-01T00:00:00Z" } : {}) },
  status: { conditions: [{ type: "Ready", status: extra.ready ? "True" : "False" }] },
});

/** Replays [type, name, uid, flags, at] rows into a log of set "web". */
function replay(rows: [string, string, string, { ready?: boolean; deleting?: boolean }, number][]): PodMomentLog {
  const log = new PodMomentLog("web");
  for (const [type, name, uid, extra, at] of rows) log.record({ type, object: pod(name, uid, extra) }, at);
  return log;
}

describe("PodMomentLog", () => {
  it("record() keeps the first moment of each kind per UID and ignores other sets", () => {
    const log = replay([
      ["ADDED", "web-0", "a", {}, 1],
      ["MODIFIED", "web-0", "a", { ready: true }, 5],
      ["MODIFIED", "web-0", "a", { ready: true }, 6],
      ["MODIFIED", "web-0", "a", { ready: true, deleting: true }, 9],
      ["DELETED", "web-0", "a", { deleting: true }, 12],
      ["ADDED", "web-0", "b", {}, 13],
      ["ADDED", "webby-0", "c", {}, 14],
      ["ADDED", "web-x", "d", {}, 15],
    ]);
    assert.deepEqual(log.incarnations(0), [
      { uid: "a", ordinal: 0, added: 1, ready: 5, terminating: 9, deleted: 12 },
      { uid: "b", ordinal: 0, added: 13 },
    ]);
  });

  it("allReadySince() needs every ordinal Ready after the given moment", () => {
    const log = replay([
      ["ADDED", "web-0", "a", { ready: true }, 1],
      ["ADDED", "web-1", "b", {}, 2],
      ["MODIFIED", "web-1", "b", { ready: true }, 10],
    ]);
    assert.deepEqual([log.allReadySince(2, 0), log.allReadySince(2, 5), log.allReadySince(3, 0)], [true, false, false]);
  });
});

describe("step delays", () => {
  it("creationSteps() measures each pod's ADDED from its predecessor's Ready", () => {
    const log = replay([
      ["ADDED", "web-0", "a", {}, 0],
      ["MODIFIED", "web-0", "a", { ready: true }, 10],
      ["ADDED", "web-1", "b", {}, 13],
      ["MODIFIED", "web-1", "b", { ready: true }, 20],
      ["ADDED", "web-2", "c", {}, 21],
    ]);
    assert.deepEqual(creationSteps(log, 3), [3, 1]);
    assert.deepEqual(creationSteps(log, 4), [3, 1]);
  });

  it("updateSteps() measures Ready → next deletion and DELETED → re-creation, highest ordinal first", () => {
    const log = replay([
      ["ADDED", "web-0", "a0", { ready: true }, 0],
      ["ADDED", "web-1", "a1", { ready: true }, 0],
      ["MODIFIED", "web-1", "a1", { deleting: true }, 100],
      ["DELETED", "web-1", "a1", { deleting: true }, 110],
      ["ADDED", "web-1", "b1", {}, 112],
      ["MODIFIED", "web-1", "b1", { ready: true }, 120],
      ["MODIFIED", "web-0", "a0", { deleting: true }, 125],
      ["DELETED", "web-0", "a0", { deleting: true }, 130],
      ["ADDED", "web-0", "b0", {}, 131],
      ["MODIFIED", "web-0", "b0", { ready: true }, 140],
    ]);
    assert.deepEqual(updateSteps(log, 2), { readyToDelete: [5], deletedToCreated: [2, 1] });
  });
});
