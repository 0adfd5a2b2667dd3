// Registers the node (create, or adopt the existing object and bring our labels, pod CIDR and
// status up to date) and reports its status again on a slow period, as the kubelet does.
import type { KubeObject } from "../api/meta.ts";
import { isAlreadyExists, isConflict } from "../api/status-error.ts";
import { obj, str } from "../api/validation/json-access.ts";
import type { ResourceClient } from "../client/client.ts";
import { deepEqual } from "../util/deep-equal.ts";
import { buildNode, nodeStatus, type NodeDescription } from "./node-object.ts";

const MAX_ATTEMPTS = 5;

export class NodeRegistrar {
  readonly #nodes: ResourceClient;
  readonly #now: () => number;
  #description: NodeDescription;

  constructor(nodes: ResourceClient, description: NodeDescription, now: () => number) {
    this.#nodes = nodes;
    this.#description = description;
    this.#now = now;
  }

  get description(): NodeDescription {
    return this.#description;
  }

  /** Creates or updates the Node; the pod CIDR of an existing node wins over ours. */
  async register(): Promise<KubeObject> {
    const desired = buildNode(this.#description, this.#now());
    try {
      return await this.#nodes.create(undefined, desired);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    for (let attempt = 1; ; attempt++) {
      const existing = await this.#nodes.get(undefined, this.#description.name);
      const next = structuredClone(existing);
      next.metadata.labels = { ...existing.metadata.labels, ...desired.metadata.labels };
      next.metadata.annotations = { ...existing.metadata.annotations, ...desired.metadata.annotations };
      const spec = (next.spec = obj(next.spec) ?? {});
      if (!str(spec.podCIDR)) Object.assign(spec, desired.spec);
      try {
        const updated = deepEqual(next, existing) ? existing : await this.#nodes.update(next);
        this.#description = { ...this.#description, podCIDR: str(obj(updated.spec)?.podCIDR) || this.#description.podCIDR };
        return await this.reportStatus(updated);
      } catch (e) {
        if (!isConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  /** Rewrites the status with fresh heartbeats; conditions keep their transition times. */
  async reportStatus(current?: KubeObject): Promise<KubeObject> {
    for (let attempt = 1; ; attempt++) {
      const node = current ?? (await this.#nodes.get(undefined, this.#description.name));
      current = undefined;
      const previous = obj(node.status) ?? {};
      const status = { ...previous, ...nodeStatus(this.#description, this.#now(), previous) };
      try {
        return await this.#nodes.updateStatus({ ...node, status });
      } catch (e) {
        if (!isConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }
}
