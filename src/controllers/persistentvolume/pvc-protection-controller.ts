// kubernetes.io/pvc-protection (upstream pvcprotection): a claim a scheduled pod still names is not
// removed until that pod is gone. The finalizer is added to claims that lack it, since the API
// server has no admission plugin adding it on create.
import type { Client, ResourceClient } from "../../client/client.ts";
import { WorkQueue, runWorkers } from "../../client/work-queue.ts";
import { retryingConflicts } from "./sync-retry.ts";
import { isDeletionCandidate, needsFinalizer, setFinalizer } from "./finalizers.ts";
import type { StorageInformers } from "./storage-informers.ts";
import { claimKey, claimNamesOf } from "./volume-helpers.ts";
import { claimsId, podsId, pvcProtectionFinalizer, type PersistentVolumeClaim, type Pod } from "./volume-types.ts";

/** A pod uses a claim once it is scheduled: from then on the kubelet may mount it. */
export const podUsesClaim = (pod: Pod, claimName: string): boolean => !!pod.spec?.nodeName && claimNamesOf(pod).includes(claimName);

export class PvcProtectionController {
  readonly #informers: StorageInformers;
  readonly #claims: ResourceClient;
  readonly #pods: ResourceClient;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  #running: Promise<void> = Promise.resolve();

  constructor(client: Client, informers: StorageInformers) {
    this.#informers = informers;
    this.#claims = client.resource(claimsId);
    this.#pods = client.resource(podsId);
    const claimChanged = (c: PersistentVolumeClaim) => {
      if (needsFinalizer(c, pvcProtectionFinalizer) || isDeletionCandidate(c, pvcProtectionFinalizer)) this.#queue.add(claimKey(c));
    };
    informers.claims.on({ add: (o) => claimChanged(o as PersistentVolumeClaim), update: (_old, o) => claimChanged(o as PersistentVolumeClaim) });
    const podChanged = (p: Pod) => {
      for (const name of claimNamesOf(p)) {
        const c = informers.claim(p.metadata.namespace ?? "", name);
        if (c && isDeletionCandidate(c, pvcProtectionFinalizer)) this.#queue.add(claimKey(c));
      }
    };
    informers.pods.on({ add: (o) => podChanged(o as Pod), update: (_old, o) => podChanged(o as Pod), delete: (o) => podChanged(o as Pod) });
  }

  start(): void {
    this.#running = runWorkers(this.#queue, 1, retryingConflicts(this.#queue, (key) => this.#sync(key)));
  }

  /** Resolves when the syncs under way have finished. */
  stop(): Promise<void> {
    this.#queue.shutDown();
    return this.#running;
  }

  async #sync(key: string): Promise<void> {
    const [namespace, name] = key.split("/");
    const claim = this.#informers.claim(namespace, name);
    if (!claim) return;
    if (isDeletionCandidate(claim, pvcProtectionFinalizer)) {
      if (!(await this.#inUse(claim))) await setFinalizer(this.#claims, claim, pvcProtectionFinalizer, false);
      return;
    }
    if (needsFinalizer(claim, pvcProtectionFinalizer)) await setFinalizer(this.#claims, claim, pvcProtectionFinalizer, true);
  }

  /** The cache first; before letting go, a live list, as the cache may not have seen a new pod. */
  async #inUse(claim: PersistentVolumeClaim): Promise<boolean> {
    const namespace = claim.metadata.namespace ?? "";
    const name = claim.metadata.name ?? "";
    if (this.#informers.podsUsingClaim(namespace, name).some((p) => podUsesClaim(p, name))) return true;
    const { items } = await this.#pods.list({ namespace });
    return (items as Pod[]).some((p) => podUsesClaim(p, name));
  }
}
