// List + watch into a local cache, relisting when the watch ends or its version expired
// (client-go's reflector and shared informer, reduced to what one process needs).
import type { KubeObject } from "../api/meta.ts";
import type { ClientWatchEvent, ListOptions, ResourceClient, WatchHandle } from "./client.ts";

export interface InformerHandlers {
  add?(obj: KubeObject): void;
  update?(oldObj: KubeObject, newObj: KubeObject): void;
  delete?(obj: KubeObject): void;
}

export interface InformerBehaviour {
  /**
   * Every resyncMs after the first list, each cached object is handed to `update` again (old ===
   * new), so level-triggered controllers revisit state nothing else would announce.
   */
  resyncMs?: number;
}

export function objectKey(obj: KubeObject): string {
  const m = obj.metadata;
  return m.namespace ? `${m.namespace}/${m.name}` : (m.name ?? "");
}

export class Informer {
  readonly #client: ResourceClient;
  readonly #opts: ListOptions;
  readonly #handlers: InformerHandlers[] = [];
  readonly #cache = new Map<string, KubeObject>();
  #watch: WatchHandle | undefined;
  #stopped = false;
  #synced = false;
  #relistTimer: NodeJS.Timeout | undefined;
  #resyncTimer: NodeJS.Timeout | undefined;
  readonly #resyncMs: number;

  constructor(client: ResourceClient, opts: ListOptions = {}, behaviour: InformerBehaviour = {}) {
    this.#client = client;
    this.#opts = opts;
    this.#resyncMs = behaviour.resyncMs ?? 0;
  }

  on(handlers: InformerHandlers): void {
    this.#handlers.push(handlers);
  }

  get hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves once the first list is in the cache. */
  async start(): Promise<void> {
    await this.#relist();
    if (this.#resyncMs > 0 && !this.#stopped && !this.#resyncTimer) {
      this.#resyncTimer = setInterval(() => this.resync(), this.#resyncMs);
      this.#resyncTimer.unref?.();
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#watch?.close();
    clearTimeout(this.#relistTimer);
    clearInterval(this.#resyncTimer);
  }

  /** Hands every cached object to the update handlers as unchanged (what the resync period does). */
  resync(): void {
    if (this.#stopped) return;
    for (const obj of this.#cache.values()) for (const h of this.#handlers) h.update?.(obj, obj);
  }

  get(key: string): KubeObject | undefined {
    return this.#cache.get(key);
  }

  list(): KubeObject[] {
    return [...this.#cache.values()];
  }

  async #relist(): Promise<void> {
    if (this.#stopped) return;
    const { items, resourceVersion } = await this.#client.list(this.#opts);
    const fresh = new Map(items.map((o) => [objectKey(o), o]));
    for (const [key, old] of this.#cache) {
      if (!fresh.has(key)) {
        this.#cache.delete(key);
        for (const h of this.#handlers) h.delete?.(old);
      }
    }
    for (const [key, obj] of fresh) {
      const old = this.#cache.get(key);
      this.#cache.set(key, obj);
      for (const h of this.#handlers) old ? h.update?.(old, obj) : h.add?.(obj);
    }
    this.#synced = true;
    this.#startWatch(resourceVersion);
  }

  #startWatch(resourceVersion: string): void {
    if (this.#stopped) return;
    let rv = resourceVersion;
    let expired = false;
    this.#watch = this.#client.watch(
      { ...this.#opts, resourceVersion },
      (e: ClientWatchEvent) => {
        if (e.type === "ERROR") {
          expired = true;
          return;
        }
        if (e.type === "BOOKMARK") {
          rv = e.object.metadata.resourceVersion ?? rv;
          return;
        }
        rv = e.object.metadata.resourceVersion ?? rv;
        this.#apply(e);
      },
      () => {
        if (this.#stopped) return;
        this.#relistTimer = setTimeout(() => (expired ? void this.#relist().catch(() => this.#retry()) : this.#startWatch(rv)), 100);
      },
    );
  }

  #retry(): void {
    if (this.#stopped) return;
    this.#relistTimer = setTimeout(() => void this.#relist().catch(() => this.#retry()), 1000);
  }

  #apply(e: ClientWatchEvent): void {
    const key = objectKey(e.object);
    const old = this.#cache.get(key);
    if (e.type === "DELETED") {
      this.#cache.delete(key);
      for (const h of this.#handlers) h.delete?.(e.object);
      return;
    }
    this.#cache.set(key, e.object);
    for (const h of this.#handlers) old ? h.update?.(old, e.object) : h.add?.(e.object);
  }
}
