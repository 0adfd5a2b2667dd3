// pods/binding: how a scheduler assigns a pod to a node. A pod update may not change
// spec.nodeName, so binding is its own write (upstream's BindingREST), done once: binding a bound
// or terminating pod is a Conflict.
import type { ResourceRegistry } from "../apiserver/registry/resource-registry.ts";
import { bindPod } from "../apiserver/registry/bind-pod.ts";
import { StatusError } from "../api/status-error.ts";

export interface PodBinder {
  /** POST pods/{name}/binding with target Node `nodeName`. */
  bind(namespace: string, name: string, nodeName: string): Promise<void>;
}

/** The in-process transport's binding: the same registry code the HTTP handler runs. */
export class InProcessPodBinder implements PodBinder {
  readonly #registry: ResourceRegistry;
  readonly #now: () => Date;

  constructor(registry: ResourceRegistry, now: () => Date = () => new Date()) {
    this.#registry = registry;
    this.#now = now;
  }

  async bind(namespace: string, name: string, nodeName: string): Promise<void> {
    const store = this.#registry.lookup("", "v1", "pods");
    if (!store) throw StatusError.pathNotFound();
    await bindPod(store, namespace, name, nodeName, { now: this.#now() });
  }
}
