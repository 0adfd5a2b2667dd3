// The node agent's writes to pod objects: status through /status with conflict retries, and the
// final DELETE that confirms a graceful deletion once the containers have stopped.
import type { KubeObject } from "../api/meta.ts";
import { isConflict, isNotFound } from "../api/status-error.ts";
import type { JsonObject } from "../api/validation/json-access.ts";
import type { ResourceClient } from "../client/client.ts";
import { deepEqual } from "../util/deep-equal.ts";

export interface PodWriter {
  /**
   * Writes the status `build` makes from the pod, unless it is unchanged; on a conflict re-reads
   * and builds again. Resolves with the stored pod, or undefined when this pod (UID) is gone.
   */
  writeStatus(pod: KubeObject, build: (pod: KubeObject) => JsonObject): Promise<KubeObject | undefined>;
  /** DELETE with gracePeriodSeconds 0 and a UID precondition; a pod already gone is fine. */
  confirmDeletion(pod: KubeObject): Promise<void>;
}

const MAX_ATTEMPTS = 5;

export class ApiPodWriter implements PodWriter {
  readonly #pods: ResourceClient;

  constructor(pods: ResourceClient) {
    this.#pods = pods;
  }

  async writeStatus(pod: KubeObject, build: (pod: KubeObject) => JsonObject): Promise<KubeObject | undefined> {
    let current = pod;
    for (let attempt = 1; ; attempt++) {
      const status = build(current);
      if (deepEqual(status, current.status)) return current;
      try {
        return await this.#pods.updateStatus({ ...current, status });
      } catch (e) {
        if (isNotFound(e)) return undefined;
        if (!isConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
      try {
        current = await this.#pods.get(pod.metadata.namespace, pod.metadata.name!);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
      if (current.metadata.uid !== pod.metadata.uid) return undefined;
    }
  }

  async confirmDeletion(pod: KubeObject): Promise<void> {
    try {
      await this.#pods.delete(pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (isNotFound(e) || isConflict(e)) return;
      throw e;
    }
  }
}
