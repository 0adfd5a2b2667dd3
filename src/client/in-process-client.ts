// The in-process transport: the same registry code paths as HTTP requests (admission, defaults,
// validation, resourceVersion, watch filtering), without sockets or JSON round trips.
import type { KubeObject } from "../api/meta.ts";
import { StatusError } from "../api/status-error.ts";
import { CompactedError } from "../store/backend.ts";
import type { GenericStore } from "../apiserver/registry/generic-store.ts";
import type { ResourceRegistry } from "../apiserver/registry/resource-registry.ts";
import { admitObject } from "../apiserver/registry/admit-object.ts";
import { applyPatch } from "../apiserver/registry/apply-patch.ts";
import { visibleEvent } from "../apiserver/registry/watch-filter.ts";
import { selectorFilter } from "../apiserver/http/selector-filter.ts";
import type { Client, ClientDeleteOptions, ClientWatchEvent, ListOptions, ListResult, PatchType, ResourceClient, ResourceId, WatchHandle } from "./client.ts";

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
};

export class InProcessClient implements Client {
  readonly #registry: ResourceRegistry;
  readonly #now: () => Date;

  constructor(registry: ResourceRegistry, now: () => Date = () => new Date()) {
    this.#registry = registry;
    this.#now = now;
  }

  resource(id: ResourceId): ResourceClient {
    const store = this.#registry.lookup(id.group, id.version, id.plural);
    if (!store) throw StatusError.pathNotFound();
    return new InProcessResourceClient(store, this.#now);
  }
}

class InProcessResourceClient implements ResourceClient {
  readonly #store: GenericStore;
  readonly #now: () => Date;

  constructor(store: GenericStore, now: () => Date) {
    this.#store = store;
    this.#now = now;
  }

  #ns(namespace: string | undefined): string | undefined {
    return this.#store.strategy.namespaced ? namespace : undefined;
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    return this.#store.get(this.#ns(namespace), name);
  }

  async list(opts: ListOptions = {}): Promise<ListResult> {
    const filter = selectorFilter(this.#store, opts.labelSelector ?? "", opts.fieldSelector ?? "");
    const page = this.#store.list(this.#ns(opts.namespace), { filter });
    return { items: page.items.map((o) => this.#typed(o)), resourceVersion: String(page.rev) };
  }

  #typed(o: KubeObject): KubeObject {
    return { apiVersion: this.#store.apiVersion, kind: this.#store.strategy.names.kind, ...o };
  }

  async create(namespace: string | undefined, obj: KubeObject): Promise<KubeObject> {
    const ns = this.#ns(namespace ?? obj.metadata.namespace);
    const { object } = admitObject(this.#store, obj, { namespace: ns, fieldValidation: "Ignore" });
    return this.#store.create(ns, object, { now: this.#now() });
  }

  async update(obj: KubeObject): Promise<KubeObject> {
    const ns = this.#ns(obj.metadata.namespace);
    const { object } = admitObject(this.#store, obj, { namespace: ns, name: obj.metadata.name, fieldValidation: "Ignore" });
    return this.#store.update(ns, obj.metadata.name!, object, { now: this.#now() });
  }

  async updateStatus(obj: KubeObject): Promise<KubeObject> {
    const ns = this.#ns(obj.metadata.namespace);
    return this.#store.update(ns, obj.metadata.name!, obj, { now: this.#now() }, "status");
  }

  async patch(namespace: string | undefined, name: string, type: PatchType, patch: unknown, subresource?: "status" | "finalize"): Promise<KubeObject> {
    const ns = this.#ns(namespace);
    return this.#store.modify(
      ns,
      name,
      (current) => admitObject(this.#store, applyPatch(this.#store, current, patch, PATCH_CONTENT_TYPES[type], false), { namespace: ns, name, fieldValidation: "Ignore" }).object,
      { now: this.#now() },
      subresource,
    );
  }

  async delete(namespace: string | undefined, name: string, opts: ClientDeleteOptions = {}): Promise<KubeObject> {
    return (await this.#store.delete(this.#ns(namespace), name, opts, { now: this.#now() })).object;
  }

  watch(opts: ListOptions & { resourceVersion: string }, onEvent: (e: ClientWatchEvent) => void, onClose: () => void): WatchHandle {
    const filter = selectorFilter(this.#store, opts.labelSelector ?? "", opts.fieldSelector ?? "");
    let closed = false;
    try {
      const watcher = this.#store.backend.watch(this.#store.prefix(this.#ns(opts.namespace)), {
        fromRev: Number(opts.resourceVersion) || this.#store.backend.currentRevision(),
        onEvent: (e) => {
          const visible = visibleEvent(this.#store, e, filter);
          if (visible && !closed) onEvent(visible);
        },
      });
      return {
        close: () => {
          closed = true;
          watcher.close();
        },
      };
    } catch (e) {
      if (!(e instanceof CompactedError)) throw e;
      queueMicrotask(() => {
        onEvent({ type: "ERROR", object: StatusError.expired(e.message).status as unknown as KubeObject });
        onClose();
      });
      return { close: () => {} };
    }
  }
}
