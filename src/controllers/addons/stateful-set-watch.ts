// The caches both add-ons read: StatefulSets, the pods they control, and (when asked for) claims.
// Any change to a set, to a pod it controls, or to a claim in its namespace hands the set's
// `namespace/name` key to `onChange`; the add-ons then re-read everything from here.
import type { KubeObject } from "../../api/meta.ts";
import type { Client } from "../../client/client.ts";
import { Informer, objectKey } from "../../client/informer.ts";
import { Lister } from "../../client/lister.ts";

const setsId = { group: "apps", version: "v1", plural: "statefulsets" };
const podsId = { group: "", version: "v1", plural: "pods" };
const claimsId = { group: "", version: "v1", plural: "persistentvolumeclaims" };

export interface StatefulSetWatchOptions {
  /** Also cache PersistentVolumeClaims (for claimsIn). */
  claims?: boolean;
}

function ownerSetKey(pod: KubeObject): string | undefined {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller && r.kind === "StatefulSet" && r.apiVersion.startsWith("apps/"));
  return ref ? `${pod.metadata.namespace}/${ref.name}` : undefined;
}

export class StatefulSetWatch {
  readonly #sets: Informer;
  readonly #pods: Informer;
  readonly #podLister: Lister;
  readonly #claims: Informer | undefined;
  readonly #claimLister: Lister | undefined;

  constructor(client: Client, onChange: (key: string) => void, opts: StatefulSetWatchOptions = {}) {
    this.#sets = new Informer(client.resource(setsId));
    this.#pods = new Informer(client.resource(podsId));
    this.#podLister = new Lister(this.#pods);
    const setChanged = (set: KubeObject) => onChange(objectKey(set));
    this.#sets.on({ add: setChanged, update: (_old, set) => setChanged(set), delete: setChanged });
    const podChanged = (pod: KubeObject) => {
      const key = ownerSetKey(pod);
      if (key) onChange(key);
    };
    this.#pods.on({
      add: podChanged,
      update: (old, pod) => {
        if (ownerSetKey(old) !== ownerSetKey(pod)) podChanged(old);
        podChanged(pod);
      },
      delete: podChanged,
    });
    if (opts.claims) {
      this.#claims = new Informer(client.resource(claimsId));
      this.#claimLister = new Lister(this.#claims);
      // Claims are not linked to their set by any reference, so every set in the namespace looks again.
      const claimChanged = (claim: KubeObject) => {
        for (const set of this.#sets.list()) if (set.metadata.namespace === claim.metadata.namespace) setChanged(set);
      };
      this.#claims.on({ add: claimChanged, update: (_old, c) => claimChanged(c), delete: claimChanged });
    }
  }

  /** Resolves once every cache holds its first list. */
  async start(): Promise<void> {
    await Promise.all([this.#pods.start(), this.#claims?.start()]);
    await this.#sets.start();
  }

  stop(): void {
    this.#sets.stop();
    this.#pods.stop();
    this.#claims?.stop();
  }

  set(key: string): KubeObject | undefined {
    return this.#sets.get(key);
  }

  /** The pods whose controller is this set (by UID). */
  podsOf(set: KubeObject): KubeObject[] {
    const uid = set.metadata.uid ?? "";
    return this.#podLister.byOwnerUid(uid).filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid));
  }

  /** Claims in the namespace by name; empty unless constructed with `claims: true`. */
  claimsIn(namespace: string): Map<string, KubeObject> {
    return new Map((this.#claimLister?.byNamespace(namespace) ?? []).map((c) => [c.metadata.name ?? "", c]));
  }
}
