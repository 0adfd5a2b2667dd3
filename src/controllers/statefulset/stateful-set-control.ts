// One reconcile of a StatefulSet (defaultStatefulSetControl): pick the current and update
// revisions, run the pod state machine, write the status if it changed, and trim the history.
// Everything it touches goes through the seams it is given.
import { selectorFromLabelSelector } from "../../api/selectors/label-selector.ts";
import type { Clock } from "../../client/clock.ts";
import { aggregate } from "./_errors.ts";
import type { ControllerHistory } from "./controller-history.ts";
import { podRevision } from "./pod-identity.ts";
import { completeUpdate, inconsistentStatus, wireStatus, type ComputedStatus } from "./replica-status.ts";
import { createRevision, equalRevision, findEqualRevisions, newRevision, nextRevision, sortRevisions, templateRevision, type TemplateRevision } from "./revisions.ts";
import type { StatefulPodControl } from "./stateful-pod-control.ts";
import type { StatusUpdater } from "./stateful-set-status-updater.ts";
import { setKey, type ControllerRevision, type Pod, type StatefulSet } from "./stateful-set-types.ts";
import { syncReplicas } from "./sync-replicas.ts";

export interface StatefulSetControlDeps {
  podControl: StatefulPodControl;
  statusUpdater: StatusUpdater;
  history: ControllerHistory;
  clock: Clock;
  /** The maxUnavailable rolling update; on by default, as in 1.37. */
  maxUnavailable?: boolean;
}

interface Revisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
}

export class StatefulSetControl {
  readonly #deps: StatefulSetControlDeps;
  /** Each set's template as revision data, for the generation it was computed at (spec changes bump it). */
  readonly #templates = new Map<string, { uid: string; generation: number; template: TemplateRevision }>();

  constructor(deps: StatefulSetControlDeps) {
    this.#deps = deps;
  }

  /** The set's revisions: those matching its selector that it controls or nobody does. */
  listRevisions(set: StatefulSet): ControllerRevision[] {
    return this.#deps.history.list(set, selectorFromLabelSelector(set.spec.selector));
  }

  async adoptOrphanRevisions(set: StatefulSet, orphans: readonly ControllerRevision[]): Promise<void> {
    for (const revision of orphans) await this.#deps.history.adopt(set, revision);
  }

  /**
   * Reconciles the set against its claimed pods and returns the status it computed. Throws when
   * anything failed; history is trimmed either way and its errors join the others (R23). The set
   * is read, never changed, so the cache's own object can be passed without a copy.
   */
  async updateStatefulSet(set: StatefulSet, pods: readonly Pod[]): Promise<ComputedStatus> {
    const revisions = sortRevisions(this.listRevisions(set));
    let revs: Revisions | undefined;
    let status: ComputedStatus | undefined;
    let failure: unknown;
    try {
      revs = await this.#revisions(set, revisions);
      const result = await syncReplicas(
        { podControl: this.#deps.podControl, now: this.#deps.clock.now(), maxUnavailable: this.#deps.maxUnavailable ?? true },
        set,
        revs.current,
        revs.update,
        revs.collisionCount,
        pods,
      );
      status = result.status;
      let statusError: unknown;
      try {
        await this.#writeStatus(set, status);
      } catch (e) {
        statusError = e;
      }
      failure = result.error ?? statusError;
    } catch (e) {
      failure = e;
    }
    let truncateError: unknown;
    try {
      await this.#truncateHistory(set, pods, revisions, revs?.current, revs?.update);
    } catch (e) {
      truncateError = e;
    }
    if (failure !== undefined) throw aggregate([...flatten(failure), ...(truncateError === undefined ? [] : [truncateError])]);
    if (truncateError !== undefined) throw truncateError;
    return status!;
  }

  /** getStatefulSetRevisions (R42). */
  async #revisions(set: StatefulSet, revisions: ControllerRevision[]): Promise<Revisions> {
    const collision = { count: set.status?.collisionCount ?? 0 };
    let update = newRevision(set, nextRevision(revisions), collision.count, this.#template(set));
    const equal = findEqualRevisions(revisions, update);
    if (equal.length && equalRevision(revisions[revisions.length - 1], equal[equal.length - 1])) {
      update = revisions[revisions.length - 1];
    } else if (equal.length) {
      update = await this.#deps.history.updateRevision(equal[equal.length - 1], update.revision);
    } else {
      update = await createRevision(this.#deps.history, set, update, collision);
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount: collision.count };
  }

  /** Lets go of what is remembered about the set `namespace/name` once it is gone. */
  forget(key: string): void {
    this.#templates.delete(key);
  }

  #template(set: StatefulSet): TemplateRevision {
    const { uid, generation } = set.metadata;
    if (uid === undefined || generation === undefined) return templateRevision(set);
    const key = setKey(set);
    const known = this.#templates.get(key);
    if (known?.uid === uid && known.generation === generation) return known.template;
    const template = templateRevision(set);
    this.#templates.set(key, { uid, generation, template });
    return template;
  }

  async #writeStatus(set: StatefulSet, status: ComputedStatus): Promise<void> {
    completeUpdate(set, status);
    if (!inconsistentStatus(set, status)) return;
    await this.#deps.statusUpdater.updateStatefulSetStatus(set, wireStatus(status));
  }

  /** Keeps revisionHistoryLimit non-live revisions; live ones are current, update and any a pod runs (R55). */
  async #truncateHistory(set: StatefulSet, pods: readonly Pod[], revisions: readonly ControllerRevision[], current?: ControllerRevision, update?: ControllerRevision): Promise<void> {
    const live = new Set<string>(pods.map(podRevision));
    if (current) live.add(current.metadata.name!);
    if (update) live.add(update.metadata.name!);
    const history = revisions.filter((r) => !live.has(r.metadata.name!));
    const limit = set.spec.revisionHistoryLimit ?? 10;
    if (limit < 0 || history.length <= limit) return;
    for (const revision of history.slice(0, history.length - limit)) await this.#deps.history.delete(revision);
  }
}

function flatten(e: unknown): unknown[] {
  return e instanceof AggregateError ? [...e.errors] : [e];
}
