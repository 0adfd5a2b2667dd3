// Empties a namespace marked for deletion, then clears its "kubernetes" finalizer so the
// namespace itself goes (the namespace lifecycle controller of kube-controller-manager).
import { isPlainObject, type KubeObject } from "../../api/meta.ts";
import { isConflict, isNotFound } from "../../api/status-error.ts";
import type { Client, ResourceClient, ResourceId } from "../../client/client.ts";
import { Informer } from "../../client/informer.ts";
import { WorkQueue, runWorkers } from "../../client/work-queue.ts";

const RECHECK_MS = 500;

export class NamespaceController {
  readonly #namespaces: ResourceClient;
  readonly #contents: ResourceClient[];
  readonly #informer: Informer;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 10_000 });

  /** `namespaced` lists every namespaced resource whose objects a namespace holds. */
  constructor(client: Client, namespaced: ResourceId[]) {
    this.#namespaces = client.resource({ group: "", version: "v1", plural: "namespaces" });
    this.#contents = namespaced.map((id) => client.resource(id));
    this.#informer = new Informer(this.#namespaces);
    const enqueue = (ns: KubeObject) => {
      if (ns.metadata.deletionTimestamp) this.#queue.add(ns.metadata.name!);
    };
    this.#informer.on({ add: enqueue, update: (_old, ns) => enqueue(ns) });
  }

  async start(): Promise<void> {
    await this.#informer.start();
    void runWorkers(this.#queue, 1, (name) => this.#sync(name));
  }

  stop(): void {
    this.#queue.shutDown();
    this.#informer.stop();
  }

  async #sync(name: string): Promise<void> {
    const ns = this.#informer.get(name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const client of this.#contents) {
      const { items } = await client.list({ namespace: name });
      for (const obj of items) {
        remaining++;
        if (obj.metadata.deletionTimestamp) continue;
        try {
          await client.delete(name, obj.metadata.name!, { propagationPolicy: "Background", preconditions: { uid: obj.metadata.uid } });
        } catch (e) {
          if (!isNotFound(e) && !isConflict(e)) throw e;
        }
      }
    }
    if (remaining > 0) {
      this.#queue.addAfter(name, RECHECK_MS);
      return;
    }
    const spec = isPlainObject(ns.spec) ? ns.spec : {};
    const finalizers = Array.isArray(spec.finalizers) ? (spec.finalizers as string[]) : [];
    if (!finalizers.includes("kubernetes")) return;
    await this.#namespaces.patch(undefined, name, "merge", { spec: { finalizers: finalizers.filter((f) => f !== "kubernetes") } }, "finalize");
  }
}
