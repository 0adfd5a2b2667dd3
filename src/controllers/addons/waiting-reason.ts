// Add-on: the StatefulSet says why it waits. Whenever the StatefulSet controller is held back, the
// annotation ordinal.dev/waiting-for on the set names the blocking pod and the reason, and a Normal
// `Waiting` Event records each new reason; the annotation goes away when progress resumes. It acts
// only through the public API (a merge patch of one annotation), so it never conflicts with the
// StatefulSet controller's writes and runs the same against any cluster.
import type { KubeObject } from "../../api/meta.ts";
import { isConflict, isNotFound } from "../../api/status-error.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import { systemClock, type Clock } from "../../client/clock.ts";
import { ApiEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import { WorkQueue, runWorkers } from "../../client/work-queue.ts";
import { findBlocker } from "./find-blocker.ts";
import { setReference } from "./set-view.ts";
import { StatefulSetWatch } from "./stateful-set-watch.ts";

export const WAITING_ANNOTATION = "ordinal.dev/waiting-for";
export const WAITING_COMPONENT = "waiting-reason";

const PATCH_ATTEMPTS = 3;

export interface WaitingReasonOptions {
  clock?: Clock;
  recorder?: EventRecorder;
}

export class WaitingReasonController {
  readonly #sets: ResourceClient;
  readonly #watch: StatefulSetWatch;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  readonly #clock: Clock;
  readonly #recorder: EventRecorder;
  /** Set key -> the reason last announced by an Event for that set (by UID), so each reason is announced once. */
  readonly #announced = new Map<string, { uid: string; reason: string | undefined }>();

  constructor(client: Client, opts: WaitingReasonOptions = {}) {
    this.#sets = client.resource({ group: "apps", version: "v1", plural: "statefulsets" });
    this.#watch = new StatefulSetWatch(client, (key) => this.#queue.add(key), { claims: true });
    this.#clock = opts.clock ?? systemClock;
    this.#recorder = opts.recorder ?? new ApiEventRecorder(client, { component: WAITING_COMPONENT, clock: this.#clock });
  }

  async start(): Promise<void> {
    await this.#watch.start();
    void runWorkers(this.#queue, 1, (key) => this.#sync(key));
  }

  stop(): void {
    this.#queue.shutDown();
    this.#watch.stop();
  }

  async #sync(key: string): Promise<void> {
    const set = this.#watch.set(key);
    if (!set) {
      this.#announced.delete(key);
      return;
    }
    const state = findBlocker(set, this.#watch.podsOf(set), this.#watch.claimsIn(set.metadata.namespace ?? ""), this.#clock.now());
    if (state.kind === "unknown") return;
    const reason = state.kind === "waiting" ? state.message : undefined;
    const annotated = set.metadata.annotations?.[WAITING_ANNOTATION];
    const uid = set.metadata.uid ?? "";
    let announced = this.#announced.get(key);
    // After a restart (or for a set seen for the first time) the annotation tells what was already announced.
    if (announced?.uid !== uid) this.#announced.set(key, (announced = { uid, reason: annotated }));
    if (annotated !== reason && !(await this.#annotate(set, reason))) return;
    if (reason !== undefined && announced.reason !== reason) this.#recorder.event(setReference(set), "Normal", "Waiting", reason);
    announced.reason = reason;
    if (state.kind === "waiting" && state.recheckAfterMs !== undefined) this.#queue.addAfter(key, state.recheckAfterMs + 100);
  }

  /** Merge-patches the annotation (null removes it). False when the set is gone. */
  async #annotate(set: KubeObject, reason: string | undefined): Promise<boolean> {
    const patch = { metadata: { annotations: { [WAITING_ANNOTATION]: reason ?? null } } };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#sets.patch(set.metadata.namespace, set.metadata.name!, "merge", patch);
        return true;
      } catch (e) {
        if (isNotFound(e)) return false;
        if (!isConflict(e) || attempt === PATCH_ATTEMPTS) throw e;
      }
    }
  }
}
