// A StatusUpdater for control-logic tests: keeps the latest set per key, counts writes, fails on cue.
import { RequestTracker } from "./request-tracker.ts";
import { setKey, type StatefulSet, type StatefulSetStatus } from "./stateful-set-types.ts";

export class FakeStatusUpdater {
  readonly sets = new Map<string, StatefulSet>();
  readonly tracker = new RequestTracker();
  writes = 0;

  async updateStatefulSetStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    this.tracker.check();
    this.writes++;
    this.sets.set(setKey(set), { ...structuredClone(set), status: structuredClone(status) });
  }
}
