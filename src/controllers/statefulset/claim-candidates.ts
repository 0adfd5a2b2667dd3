// The pods a StatefulSet's claim has to look at: those it controls and those nobody controls, in its
// namespace. Pods controlled by something else are never adopted or released, so indexing pods by
// controller UID (and orphans by namespace) spares each sync a scan of every pod in the namespace,
// which at thousands of pods per namespace was most of the controller's work. Upstream scans.
import type { KubeObject } from "../../api/meta.ts";
import { objectKey, type Informer } from "../../client/informer.ts";
import { controllerOf, type Pod, type StatefulSet } from "./stateful-set-types.ts";

type Slot = [index: Map<string, Set<string>>, value: string];

export class ClaimCandidates {
  readonly #informer: Informer;
  /** Controller UID -> pod keys. */
  readonly #byController = new Map<string, Set<string>>();
  /** Namespace -> keys of pods without a controller. */
  readonly #orphans = new Map<string, Set<string>>();
  /** Pod key -> where it is indexed. */
  readonly #slots = new Map<string, Slot>();

  constructor(informer: Informer) {
    this.#informer = informer;
    informer.on({
      add: (pod) => this.#index(pod),
      update: (old, pod) => {
        if (old !== pod) this.#index(pod);
      },
      delete: (pod) => this.#unindex(objectKey(pod)),
    });
    for (const pod of informer.list()) this.#index(pod);
  }

  /** The set's pods and the orphans beside it, each once, for claimPods. */
  of(set: StatefulSet): Pod[] {
    const namespace = set.metadata.namespace ?? "";
    const out: Pod[] = [];
    for (const key of this.#byController.get(set.metadata.uid ?? "") ?? []) {
      const pod = this.#informer.get(key);
      // Owner references cannot cross namespaces; a pod claiming otherwise is not the set's.
      if (pod && (pod.metadata.namespace ?? "") === namespace) out.push(pod as Pod);
    }
    for (const key of this.#orphans.get(namespace) ?? []) {
      const pod = this.#informer.get(key);
      if (pod) out.push(pod as Pod);
    }
    return out;
  }

  #index(pod: KubeObject): void {
    const key = objectKey(pod);
    const ref = controllerOf(pod);
    const slot: Slot = ref ? [this.#byController, ref.uid] : [this.#orphans, pod.metadata.namespace ?? ""];
    const [index, value] = slot;
    const was = this.#slots.get(key);
    if (was && was[0] === index && was[1] === value) return;
    this.#unindex(key);
    let keys = index.get(value);
    if (!keys) index.set(value, (keys = new Set()));
    keys.add(key);
    this.#slots.set(key, slot);
  }

  /** By the slot recorded for the key: a deleted object may not look as it did when indexed. */
  #unindex(key: string): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    this.#slots.delete(key);
    const [index, value] = slot;
    const keys = index.get(value);
    if (!keys) return;
    keys.delete(key);
    if (!keys.size) index.delete(value);
  }
}
