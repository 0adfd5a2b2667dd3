// The binder's own view of volumes and claims. Binding writes four objects in a row and the
// informers report them back late, so the binder records what it wrote and ignores older versions
// arriving afterwards (upstream storeObjectUpdate); otherwise it would bind the same volume twice.
import type { KubeObject } from "../../api/meta.ts";
import { objectKey } from "../../client/informer.ts";

const version = (o: KubeObject): bigint | undefined => {
  const rv = o.metadata.resourceVersion;
  return rv && /^\d+$/.test(rv) ? BigInt(rv) : undefined;
};

export class ObjectCache<T extends KubeObject> {
  readonly #items = new Map<string, T>();

  /** Keeps `obj` unless the cache already holds a newer version; true when it was stored. */
  store(obj: T): boolean {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    if (old && old.metadata.uid === obj.metadata.uid) {
      const a = version(old);
      const b = version(obj);
      if (a !== undefined && b !== undefined && b < a) return false;
    }
    this.#items.set(key, obj);
    return true;
  }

  delete(obj: KubeObject): void {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    if (!old || !obj.metadata.uid || old.metadata.uid === obj.metadata.uid) this.#items.delete(key);
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  list(): T[] {
    return [...this.#items.values()];
  }
}
