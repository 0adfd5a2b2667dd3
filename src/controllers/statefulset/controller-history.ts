// The ControllerRevision seam: reads come from the informer cache, writes go through the API
// (pkg/controller/history's realHistory). A recording fake lives in fake-controller-history.ts.
import type { LabelMatcher } from "../../api/selectors/label-selector.ts";
import { isConflict } from "../../api/status-error.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import type { Lister } from "../../client/lister.ts";
import { controllerOf, controllerRef, statefulSetKind, type ControllerRevision, type StatefulSet } from "./stateful-set-types.ts";

export interface ControllerHistory {
  /** Revisions in the set's namespace matching the selector, controlled by the set or by nothing. */
  list(set: StatefulSet, selector: LabelMatcher): ControllerRevision[];
  /** Creates the revision as given; AlreadyExists is the caller's to handle. */
  create(revision: ControllerRevision): Promise<ControllerRevision>;
  get(namespace: string, name: string): Promise<ControllerRevision>;
  /** Sets .revision, retrying on conflicts with the cached copy. */
  updateRevision(revision: ControllerRevision, number: number): Promise<ControllerRevision>;
  delete(revision: ControllerRevision): Promise<void>;
  /** Adds the set as controller of an orphaned revision. */
  adopt(set: StatefulSet, revision: ControllerRevision): Promise<ControllerRevision>;
}

/** Filters cached revisions to the set's history (ListControllerRevisions). */
export function ownedOrOrphaned(revisions: readonly ControllerRevision[], set: StatefulSet, selector: LabelMatcher): ControllerRevision[] {
  return revisions.filter((r) => {
    if (r.metadata.namespace !== set.metadata.namespace || !selector.matches(r.metadata.labels)) return false;
    const ref = controllerOf(r);
    return !ref || ref.uid === set.metadata.uid;
  });
}

const revisionsId = { group: "apps", version: "v1", plural: "controllerrevisions" };
const UPDATE_ATTEMPTS = 4;

export class ApiControllerHistory implements ControllerHistory {
  readonly #revisions: ResourceClient;
  readonly #lister: Lister<ControllerRevision>;

  constructor(client: Client, lister: Lister<ControllerRevision>) {
    this.#revisions = client.resource(revisionsId);
    this.#lister = lister;
  }

  list(set: StatefulSet, selector: LabelMatcher): ControllerRevision[] {
    return ownedOrOrphaned(this.#lister.byNamespace(set.metadata.namespace ?? ""), set, selector);
  }

  async create(revision: ControllerRevision): Promise<ControllerRevision> {
    return (await this.#revisions.create(revision.metadata.namespace, revision)) as ControllerRevision;
  }

  async get(namespace: string, name: string): Promise<ControllerRevision> {
    return (await this.#revisions.get(namespace, name)) as ControllerRevision;
  }

  async updateRevision(revision: ControllerRevision, number: number): Promise<ControllerRevision> {
    let clone = structuredClone(revision);
    for (let attempt = 1; ; attempt++) {
      if (clone.revision === number) return clone;
      clone.revision = number;
      try {
        return (await this.#revisions.update(clone)) as ControllerRevision;
      } catch (e) {
        if (!isConflict(e) || attempt >= UPDATE_ATTEMPTS) throw e;
        const cached = this.#lister.get(clone.metadata.namespace, clone.metadata.name!);
        if (cached) clone = structuredClone(cached);
      }
    }
  }

  async delete(revision: ControllerRevision): Promise<void> {
    await this.#revisions.delete(revision.metadata.namespace, revision.metadata.name!);
  }

  async adopt(set: StatefulSet, revision: ControllerRevision): Promise<ControllerRevision> {
    const owner = controllerOf(revision);
    if (owner) throw new Error(`attempt to adopt revision owned by ${owner.kind}/${owner.name} (${owner.uid})`);
    const patch = { metadata: { uid: revision.metadata.uid, ownerReferences: [controllerRef(set, statefulSetKind)] } };
    return (await this.#revisions.patch(revision.metadata.namespace, revision.metadata.name!, "strategic", patch)) as ControllerRevision;
  }
}
