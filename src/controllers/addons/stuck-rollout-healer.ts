// Add-on: a stuck rollout heals itself (kubernetes issue 67250). With OrderedReady, a pod that is
// not Ready and runs a revision that is neither status.currentRevision nor status.updateRevision is
// deleted, so the StatefulSet controller re-creates it at a revision the user still wants, and a
// Warning `DeletedStuckPod` Event on the set says so. Acts only through the public API.
import { isConflict, isNotFound } from "../../api/status-error.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import { systemClock, type Clock } from "../../client/clock.ts";
import { ApiEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import { WorkQueue, runWorkers } from "../../client/work-queue.ts";
import { findStuckPod } from "./find-stuck-pod.ts";
import { setReference } from "./set-view.ts";
import { StatefulSetWatch } from "./stateful-set-watch.ts";

export const HEALER_COMPONENT = "stuck-rollout-healer";

export interface StuckRolloutHealerOptions {
  clock?: Clock;
  recorder?: EventRecorder;
}

export class StuckRolloutHealer {
  readonly #pods: ResourceClient;
  readonly #watch: StatefulSetWatch;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  readonly #recorder: EventRecorder;

  constructor(client: Client, opts: StuckRolloutHealerOptions = {}) {
    this.#pods = client.resource({ group: "", version: "v1", plural: "pods" });
    this.#watch = new StatefulSetWatch(client, (key) => this.#queue.add(key));
    this.#recorder = opts.recorder ?? new ApiEventRecorder(client, { component: HEALER_COMPONENT, clock: opts.clock ?? systemClock });
  }

  async start(): Promise<void> {
    await this.#watch.start();
    void runWorkers(this.#queue, 1, (key) => this.#sync(key));
  }

  stop(): void {
    this.#queue.shutDown();
    this.#watch.stop();
  }

  /** At most one deletion per set per sync: the deleted pod's change brings the set back here. */
  async #sync(key: string): Promise<void> {
    const set = this.#watch.set(key);
    if (!set) return;
    const stuck = findStuckPod(set, this.#watch.podsOf(set));
    if (!stuck) return;
    const { metadata } = stuck.pod;
    try {
      // The preconditions make sure the pod deleted is the one judged: same object, unchanged since.
      await this.#pods.delete(metadata.namespace, metadata.name!, { preconditions: { uid: metadata.uid, resourceVersion: metadata.resourceVersion } });
    } catch (e) {
      // A changed pod arrives as an informer update and is judged again.
      if (isNotFound(e) || isConflict(e)) return;
      throw e;
    }
    this.#recorder.event(setReference(set), "Warning", "DeletedStuckPod", stuck.message);
  }
}
