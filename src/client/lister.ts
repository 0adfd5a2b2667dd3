// Read-only views of an informer's cache with the indexes controllers ask for: by namespace, by
// owner UID and by label selector (client-go's listers and indexers). Objects handed out are the
// cache's own: copy before changing them.
import type { KubeObject } from "../api/meta.ts";
import type { LabelMatcher } from "../api/selectors/label-selector.ts";
import { objectKey, type Informer } from "./informer.ts";

export class Lister<T extends KubeObject = KubeObject> {
  readonly #informer: Informer;
  readonly #byNamespace = new Map<string, Set<string>>();
  readonly #byOwner = new Map<string, Set<string>>();

  constructor(informer: Informer) {
    this.#informer = informer;
    informer.on({
      add: (o) => this.#index(o),
      update: (old, o) => {
        if (old !== o) this.#unindex(old);
        this.#index(o);
      },
      delete: (o) => this.#unindex(o),
    });
    for (const o of informer.list()) this.#index(o);
  }

  get hasSynced(): boolean {
    return this.#informer.hasSynced;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#informer.get(namespace ? `${namespace}/${name}` : name) as T | undefined;
  }

  list(): T[] {
    return this.#informer.list() as T[];
  }

  byNamespace(namespace: string): T[] {
    return this.#resolve(this.#byNamespace.get(namespace));
  }

  byOwnerUid(uid: string): T[] {
    return this.#resolve(this.#byOwner.get(uid));
  }

  /** Objects whose labels the selector matches, in one namespace or (namespace undefined) all. */
  matching(selector: LabelMatcher, namespace?: string): T[] {
    const pool = namespace === undefined ? this.list() : this.byNamespace(namespace);
    return pool.filter((o) => selector.matches(o.metadata.labels));
  }

  #resolve(keys: Set<string> | undefined): T[] {
    const out: T[] = [];
    for (const key of keys ?? []) {
      const o = this.#informer.get(key);
      if (o) out.push(o as T);
    }
    return out;
  }

  #index(o: KubeObject): void {
    const key = objectKey(o);
    add(this.#byNamespace, o.metadata.namespace ?? "", key);
    for (const ref of o.metadata.ownerReferences ?? []) add(this.#byOwner, ref.uid, key);
  }

  #unindex(o: KubeObject): void {
    const key = objectKey(o);
    remove(this.#byNamespace, o.metadata.namespace ?? "", key);
    for (const ref of o.metadata.ownerReferences ?? []) remove(this.#byOwner, ref.uid, key);
  }
}

function add(index: Map<string, Set<string>>, value: string, key: string): void {
  let keys = index.get(value);
  if (!keys) index.set(value, (keys = new Set()));
  keys.add(key);
}

function remove(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value);
  if (!keys) return;
  keys.delete(key);
  if (!keys.size) index.delete(value);
}
