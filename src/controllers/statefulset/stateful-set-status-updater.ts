// Writes a StatefulSet's status through the status subresource (StatefulSetStatusUpdater). A
// conflict means the set changed since the cached copy was read (often only metadata, such as an
// add-on's annotation), so the live set is read back through the API and the write retried at once:
// the cache may not have seen the change yet, and waiting for it would only add latency.
import { isConflict } from "../../api/status-error.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import type { StatefulSet, StatefulSetStatus } from "./stateful-set-types.ts";

export interface StatusUpdater {
  updateStatefulSetStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void>;
}

export interface ApiStatusUpdaterOptions {
  /** Attempts in all (retry.DefaultRetry makes 5). */
  attempts?: number;
}

export class ApiStatusUpdater implements StatusUpdater {
  readonly #sets: ResourceClient;
  readonly #attempts: number;

  constructor(client: Client, opts: ApiStatusUpdaterOptions = {}) {
    this.#sets = client.resource({ group: "apps", version: "v1", plural: "statefulsets" });
    this.#attempts = opts.attempts ?? 5;
  }

  async updateStatefulSetStatus(given: StatefulSet, status: StatefulSetStatus): Promise<void> {
    let set = given;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#sets.updateStatus({ ...set, status });
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= this.#attempts) throw e;
        const live = (await this.#sets.get(given.metadata.namespace, given.metadata.name!)) as StatefulSet;
        // A set recreated under the same name is another object: this status is not for it.
        if (live.metadata.uid !== given.metadata.uid) throw e;
        set = live;
      }
    }
  }
}
