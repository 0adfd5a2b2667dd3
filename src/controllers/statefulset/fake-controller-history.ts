// An in-memory ControllerHistory for control-logic tests, with trackers for injected failures.
import { rfc3339 } from "../../api/meta.ts";
import type { LabelMatcher } from "../../api/selectors/label-selector.ts";
import { StatusError } from "../../api/status-error.ts";
import { ownedOrOrphaned, type ControllerHistory } from "./controller-history.ts";
import { RequestTracker } from "./request-tracker.ts";
import { controllerOf, controllerRef, statefulSetKind, type ControllerRevision, type StatefulSet } from "./stateful-set-types.ts";

const resource = { group: "apps", resource: "controllerrevisions" };

export class FakeControllerHistory implements ControllerHistory {
  readonly revisions = new Map<string, ControllerRevision>();
  readonly createTracker = new RequestTracker();
  readonly updateTracker = new RequestTracker();
  readonly deleteTracker = new RequestTracker();
  readonly #now: () => Date;
  #uids = 0;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  list(set: StatefulSet, selector: LabelMatcher): ControllerRevision[] {
    return ownedOrOrphaned([...this.revisions.values()], set, selector);
  }

  async create(revision: ControllerRevision): Promise<ControllerRevision> {
    this.createTracker.check();
    const k = `${revision.metadata.namespace}/${revision.metadata.name}`;
    if (this.revisions.has(k)) throw StatusError.alreadyExists(resource, revision.metadata.name!);
    const stored = structuredClone(revision);
    stored.metadata.uid = `${revision.metadata.name}-uid-${++this.#uids}`;
    stored.metadata.creationTimestamp = rfc3339(this.#now());
    this.revisions.set(k, stored);
    return structuredClone(stored);
  }

  async get(namespace: string, name: string): Promise<ControllerRevision> {
    const found = this.revisions.get(`${namespace}/${name}`);
    if (!found) throw StatusError.notFound(resource, name);
    return structuredClone(found);
  }

  async updateRevision(revision: ControllerRevision, number: number): Promise<ControllerRevision> {
    this.updateTracker.check();
    const stored = await this.get(revision.metadata.namespace!, revision.metadata.name!);
    stored.revision = number;
    this.revisions.set(`${stored.metadata.namespace}/${stored.metadata.name}`, stored);
    return structuredClone(stored);
  }

  async delete(revision: ControllerRevision): Promise<void> {
    this.deleteTracker.check();
    const k = `${revision.metadata.namespace}/${revision.metadata.name}`;
    if (!this.revisions.delete(k)) throw StatusError.notFound(resource, revision.metadata.name!);
  }

  async adopt(set: StatefulSet, revision: ControllerRevision): Promise<ControllerRevision> {
    if (controllerOf(revision)) throw new Error(`attempt to adopt revision owned by ${controllerOf(revision)!.name}`);
    const stored = await this.get(revision.metadata.namespace!, revision.metadata.name!);
    stored.metadata.ownerReferences = [...(stored.metadata.ownerReferences ?? []), controllerRef(set, statefulSetKind)];
    this.revisions.set(`${stored.metadata.namespace}/${stored.metadata.name}`, stored);
    return structuredClone(stored);
  }

  /** Stored revisions sorted by .revision, for assertions. */
  sorted(): ControllerRevision[] {
    return [...this.revisions.values()].sort((a, b) => a.revision - b.revision);
  }
}
