// The node's heartbeat: a Lease in kube-node-lease renewed every 10 s, owned by the Node so it goes
// when the node does (the kubelet's node lease controller).
import type { KubeObject } from "../api/meta.ts";
import { isConflict, isNotFound } from "../api/status-error.ts";
import type { ResourceClient } from "../client/client.ts";

export const NODE_LEASE_NAMESPACE = "kube-node-lease";

const MAX_ATTEMPTS = 5;

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export class NodeLease {
  readonly #leases: ResourceClient;
  readonly #node: () => KubeObject;
  readonly #durationSeconds: number;
  readonly #now: () => number;

  /** `node` gives the registered Node, whose UID the lease's owner reference names. */
  constructor(leases: ResourceClient, node: () => KubeObject, durationSeconds: number, now: () => number) {
    this.#leases = leases;
    this.#node = node;
    this.#durationSeconds = durationSeconds;
    this.#now = now;
  }

  async renew(): Promise<KubeObject> {
    const node = this.#node();
    const name = node.metadata.name!;
    for (let attempt = 1; ; attempt++) {
      const spec = { holderIdentity: name, leaseDurationSeconds: this.#durationSeconds, renewTime: microTime(this.#now()) };
      let lease: KubeObject;
      try {
        lease = await this.#leases.get(NODE_LEASE_NAMESPACE, name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        return this.#leases.create(NODE_LEASE_NAMESPACE, {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: {
            name,
            namespace: NODE_LEASE_NAMESPACE,
            ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: node.metadata.uid! }],
          },
          spec,
        });
      }
      try {
        return await this.#leases.update({ ...lease, spec: { ...(lease.spec as object), ...spec } });
      } catch (e) {
        if (!isConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }
}
