// Writes a StatefulSet's status through the status subresource, retrying conflicts with the
// cached copy of the set (StatefulSetStatusUpdater).
import { isConflict } from "../../api/status-error.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import type { Lister } from "../../client/lister.ts";
import type { StatefulSet, StatefulSetStatus } from "./stateful-set-types.ts";

export interface StatusUpdater {
  updateStatefulSetStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void>;
}

export interface ApiStatusUpdaterOptions {
  /** Attempts in all (retry.DefaultRetry makes 5). */
  attempts?: number;
  /** Pause between attempts; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ApiStatusUpdater implements StatusUpdater {
  readonly #sets: ResourceClient;
  readonly #lister: Lister<StatefulSet>;
  readonly #attempts: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(client: Client, lister: Lister<StatefulSet>, opts: ApiStatusUpdaterOptions = {}) {
    this.#sets = client.resource({ group: "apps", version: "v1", plural: "statefulsets" });
    this.#lister = lister;
    this.#attempts = opts.attempts ?? 5;
    this.#sleep = opts.sleep ?? realSleep;
  }

  async updateStatefulSetStatus(given: StatefulSet, status: StatefulSetStatus): Promise<void> {
    let set = structuredClone(given);
    for (let attempt = 1; ; attempt++) {
      set.status = status;
      try {
        await this.#sets.updateStatus(set);
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= this.#attempts) throw e;
        const cached = this.#lister.get(set.metadata.namespace, set.metadata.name!);
        if (cached) set = structuredClone(cached);
        await this.#sleep(10);
      }
    }
  }
}
