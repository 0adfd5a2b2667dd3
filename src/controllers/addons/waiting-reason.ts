// Add-on: the StatefulSet says why it waits. Once the StatefulSet controller has been held back by
// the same pod for a settle time (1 s by default), the annotation ordinal.dev/waiting-for on the
// set names that pod and the reason, and a Normal `Waiting` Event records each new reason; the
// annotation goes away as soon as progress resumes. The short waits of a healthy rollout are never
// announced. It acts only through the public API (a merge patch of one annotation) and runs the same
// against any cluster. The patch changes the set's resourceVersion, so a StatefulSet controller
// status write in flight at that moment conflicts and is retried; the settle time keeps that rare.
import type { KubeObject } from "../../api/meta.ts";
import { isConflict, isNotFound } from "../../api/status-error.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import { ApiEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import { WorkQueue, runWorkers } from "../../client/work-queue.ts";
import { systemTimerClock, type Timer, type TimerClock } from "../../node/clock.ts";
import { findBlocker } from "./find-blocker.ts";
import { setReference } from "./set-view.ts";
import { settleWait, type BlockedSince } from "./settle-wait.ts";
import { StatefulSetWatch } from "./stateful-set-watch.ts";

export const WAITING_ANNOTATION = "ordinal.dev/waiting-for";
export const WAITING_COMPONENT = "waiting-reason";
export const DEFAULT_SETTLE_MS = 1000;

const PATCH_ATTEMPTS = 3;

export interface WaitingReasonOptions {
  clock?: TimerClock;
  recorder?: EventRecorder;
  /** How long one pod must block a set before the wait is announced. */
  settleMs?: number;
}

/** What this controller remembers per set key, for the set with this UID. */
interface SetMemory {
  uid: string;
  /** The reason last announced by an Event, so each reason is announced once. */
  announced: string | undefined;
  blocked: BlockedSince | undefined;
}

export class WaitingReasonController {
  readonly #sets: ResourceClient;
  readonly #watch: StatefulSetWatch;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  readonly #clock: TimerClock;
  readonly #recorder: EventRecorder;
  readonly #settleMs: number;
  readonly #memory = new Map<string, SetMemory>();
  /** The next look at a set that no event would bring, by key. */
  readonly #rechecks = new Map<string, { at: number; timer: Timer }>();

  constructor(client: Client, opts: WaitingReasonOptions = {}) {
    this.#sets = client.resource({ group: "apps", version: "v1", plural: "statefulsets" });
    this.#watch = new StatefulSetWatch(client, (key) => this.#queue.add(key), { claims: true });
    this.#clock = opts.clock ?? systemTimerClock;
    this.#settleMs = opts.settleMs ?? DEFAULT_SETTLE_MS;
    this.#recorder = opts.recorder ?? new ApiEventRecorder(client, { component: WAITING_COMPONENT, clock: this.#clock });
  }

  async start(): Promise<void> {
    await this.#watch.start();
    void runWorkers(this.#queue, 1, (key) => this.#sync(key));
  }

  stop(): void {
    this.#queue.shutDown();
    this.#watch.stop();
    for (const { timer } of this.#rechecks.values()) timer.cancel();
    this.#rechecks.clear();
  }

  async #sync(key: string): Promise<void> {
    const set = this.#watch.set(key);
    if (!set) {
      this.#memory.delete(key);
      this.#cancelRecheck(key);
      return;
    }
    const now = this.#clock.now();
    const state = findBlocker(set, this.#watch.podsOf(set), this.#watch.claimsIn(set.metadata.namespace ?? ""), now);
    if (state.kind === "unknown") return;
    const annotated = set.metadata.annotations?.[WAITING_ANNOTATION];
    const uid = set.metadata.uid ?? "";
    let memory = this.#memory.get(key);
    // After a restart (or for a set seen for the first time) the annotation tells what was already announced.
    if (memory?.uid !== uid) this.#memory.set(key, (memory = { uid, announced: annotated, blocked: undefined }));
    const decision = settleWait({ state, blocked: memory.blocked, annotated, nowMs: now.getTime(), settleMs: this.#settleMs });
    memory.blocked = decision.blocked;
    const { reason } = decision;
    if (annotated !== reason && !(await this.#annotate(set, reason))) return;
    if (reason !== undefined && memory.announced !== reason) this.#recorder.event(setReference(set), "Normal", "Waiting", reason);
    memory.announced = reason;
    const recheck = Math.min(decision.recheckAfterMs ?? Infinity, state.kind === "waiting" ? (state.recheckAfterMs ?? Infinity) + 100 : Infinity);
    if (recheck === Infinity) this.#cancelRecheck(key);
    else this.#recheckAfter(key, now.getTime() + recheck);
  }

  /** Syncs `key` again at `at` (ms since the epoch), unless an earlier recheck is already due. */
  #recheckAfter(key: string, at: number): void {
    const due = this.#rechecks.get(key);
    if (due && due.at <= at) return;
    due?.timer.cancel();
    const timer = this.#clock.after(at - this.#clock.now().getTime(), () => {
      this.#rechecks.delete(key);
      this.#queue.add(key);
    });
    this.#rechecks.set(key, { at, timer });
  }

  #cancelRecheck(key: string): void {
    this.#rechecks.get(key)?.timer.cancel();
    this.#rechecks.delete(key);
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
