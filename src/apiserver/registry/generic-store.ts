// One store for every kind (after the apiserver's registry/generic Store): object metadata,
// optimistic concurrency, status/spec split, generation, finalizers, graceful deletion and
// propagation policies. Per-kind behaviour comes from the ResourceStrategy.
import { randomUUID } from "node:crypto";
import { isPlainObject, rfc3339, type KubeObject } from "../../api/meta.ts";
import { StatusError, type GroupResource } from "../../api/status-error.ts";
import type { FieldError } from "../../api/field-error.ts";
import { StoreConflictError, type Backend, type KeyValue, type Op } from "../../store/backend.ts";
import { deepEqual } from "../../util/deep-equal.ts";
import { randomSuffix } from "../../util/random-suffix.ts";
import type { ResourceStrategy } from "./strategy.ts";

export interface WriteContext {
  now: Date;
  dryRun?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** Subresources that write part of the stored object. */
export type Subresource = "status" | "finalize";

export type ObjectFilter = (obj: KubeObject) => boolean;

export interface ListQuery {
  filter?: ObjectFilter;
  limit?: number;
  continueToken?: string;
}

export interface ListPage {
  items: KubeObject[];
  rev: number;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinueState {
  rv: number;
  start: string;
}

function encodeContinue(state: ContinueState): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: state.rv, start: state.start })).toString("base64");
}

function decodeContinue(token: string): ContinueState {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { rv?: unknown; start?: unknown };
    if (typeof parsed.rv === "number" && typeof parsed.start === "string") return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through to the error below
  }
  throw StatusError.badRequest(`invalid continue token`);
}

export interface DeleteResult {
  /** The object as it is now: gone (last state) or marked for deletion. */
  object: KubeObject;
  /** True when the object no longer exists. */
  deleted: boolean;
}

/**
 * A conflict usually means another write to the key is committing in the current group: retry
 * once that group is done, not in the same tick (which would see the same pending write).
 */
const nextCommit = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A delete lost a race with another write and should be decided again. */
class RaceLost extends Error {}

/** Gives a stored value its resourceVersion without copying the whole object. */
export function withResourceVersion(kv: KeyValue): KubeObject {
  const v = kv.value as KubeObject;
  return { ...v, metadata: { ...v.metadata, resourceVersion: String(kv.rev) } };
}

function withoutVersion(obj: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}

/** Everything but metadata and status: what a generation bump watches. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

export class GenericStore {
  readonly strategy: ResourceStrategy;
  readonly resource: GroupResource;
  readonly #backend: Backend;
  readonly #keyRoot: string;

  constructor(backend: Backend, strategy: ResourceStrategy) {
    this.#backend = backend;
    this.strategy = strategy;
    this.resource = { group: strategy.names.group, resource: strategy.names.plural };
    this.#keyRoot = `/registry/${strategy.names.group || "core"}/${strategy.names.plural}/`;
  }

  get apiVersion(): string {
    const n = this.strategy.names;
    return n.group ? `${n.group}/${n.version}` : n.version;
  }

  key(namespace: string | undefined, name: string): string {
    return this.strategy.namespaced ? `${this.#keyRoot}${namespace}/${name}` : `${this.#keyRoot}${name}`;
  }

  /** Key prefix of a list: one namespace, or every namespace when undefined. */
  prefix(namespace: string | undefined): string {
    return this.strategy.namespaced && namespace ? `${this.#keyRoot}${namespace}/` : this.#keyRoot;
  }

  getStored(namespace: string | undefined, name: string): KeyValue | undefined {
    return this.#backend.get(this.key(namespace, name));
  }

  get(namespace: string | undefined, name: string): KubeObject {
    const kv = this.getStored(namespace, name);
    if (!kv) throw StatusError.notFound(this.resource, name);
    return this.#typed(withResourceVersion(kv));
  }

  #typed(obj: KubeObject): KubeObject {
    return { apiVersion: this.apiVersion, kind: this.strategy.names.kind, ...obj };
  }

  #invalid(name: string, errors: FieldError[]): StatusError {
    return StatusError.invalid(this.strategy.names.group, this.strategy.names.kind, name, errors);
  }

  #stamp(obj: KubeObject): KubeObject {
    return { ...obj, apiVersion: this.apiVersion, kind: this.strategy.names.kind };
  }

  /**
   * Lists from the current state in key order (namespace, then name). Continue tokens carry the
   * last key returned, so pages never repeat or skip an object that existed throughout.
   */
  list(namespace: string | undefined, query: ListQuery = {}): ListPage {
    const prefix = this.prefix(namespace);
    const start = query.continueToken ? decodeContinue(query.continueToken).start : undefined;
    const limit = query.limit && query.limit > 0 ? query.limit : Infinity;
    const range = start ? { startAfter: prefix + start } : {};
    // Without a filter the backend pages by key, so a page costs what it returns.
    if (!query.filter && limit !== Infinity) {
      const page = this.#backend.list(prefix, { ...range, limit });
      const items = page.items.map(withResourceVersion);
      return this.#page(items, page.rev, page.remaining, page.items.at(-1)?.key, prefix);
    }
    const { items, rev } = this.#backend.list(prefix, range);
    const out: KubeObject[] = [];
    let lastKey: string | undefined;
    let remaining = 0;
    for (const kv of items) {
      const obj = withResourceVersion(kv);
      if (query.filter && !query.filter(obj)) continue;
      if (out.length >= limit) {
        remaining++;
        continue;
      }
      out.push(obj);
      lastKey = kv.key;
    }
    return this.#page(out, rev, remaining, lastKey, prefix);
  }

  #page(items: KubeObject[], rev: number, remaining: number, lastKey: string | undefined, prefix: string): ListPage {
    const page: ListPage = { items, rev };
    if (remaining > 0 && lastKey !== undefined) {
      page.continueToken = encodeContinue({ rv: rev, start: lastKey.slice(prefix.length) });
      page.remainingItemCount = remaining;
    }
    return page;
  }

  get backend(): Backend {
    return this.#backend;
  }

  async create(namespace: string | undefined, input: KubeObject, ctx: WriteContext): Promise<KubeObject> {
    const obj = this.#stamp(structuredClone(input));
    const meta = obj.metadata ?? (obj.metadata = {});
    if (this.strategy.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339(ctx.now);
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.managedFields;
    delete meta.selfLink;
    if (this.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    this.strategy.prepareForCreate?.(obj);
    this.strategy.defaults(obj);
    const refusal = this.strategy.admitCreate?.(obj);
    if (refusal) throw StatusError.forbidden(this.resource, meta.name ?? "", refusal);
    const errors = this.strategy.validate(obj);
    if (errors.length) throw this.#invalid(meta.name ?? "", errors);
    if (ctx.dryRun) return obj;
    try {
      const [kv] = await this.#backend.txn([{ op: "create", key: this.key(namespace, meta.name!), value: withoutVersion(obj) }]);
      return this.#typed(withResourceVersion(kv));
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === "exists") throw StatusError.alreadyExists(this.resource, meta.name!);
      throw e;
    }
  }

  /**
   * PUT semantics. `subresource` "status" keeps everything but status from the stored object;
   * otherwise status is kept from the stored object when the kind has a status subresource.
   */
  async update(
    namespace: string | undefined,
    name: string,
    input: KubeObject,
    ctx: WriteContext,
    subresource?: Subresource,
  ): Promise<KubeObject> {
    const oldKv = this.getStored(namespace, name);
    if (!oldKv) throw StatusError.notFound(this.resource, name);
    const old = withResourceVersion(oldKv);
    const requestedRv = input.metadata?.resourceVersion;
    if (requestedRv !== undefined && requestedRv !== "" && requestedRv !== old.metadata.resourceVersion) {
      throw StatusError.staleUpdate(this.resource, name);
    }
    let obj: KubeObject;
    if (subresource === "finalize") {
      obj = this.#stamp(structuredClone(old));
      const spec = isPlainObject(obj.spec) ? obj.spec : (obj.spec = {});
      const given = isPlainObject(input.spec) ? input.spec.finalizers : undefined;
      if (Array.isArray(given) && given.length) spec.finalizers = given;
      else delete spec.finalizers;
    } else if (subresource === "status") {
      obj = this.#stamp(structuredClone(old));
      if (input.status === undefined) delete obj.status;
      else obj.status = structuredClone(input.status);
      const errs = this.strategy.validateStatusUpdate?.(obj, old) ?? [];
      if (errs.length) throw this.#invalid(name, errs);
    } else {
      obj = this.#stamp(structuredClone(input));
      obj.metadata ??= {};
      if (this.strategy.hasStatus) {
        if (old.status === undefined) delete obj.status;
        else obj.status = structuredClone(old.status);
      }
    }
    this.#keepSystemMeta(obj, old);
    if (subresource === undefined) {
      this.strategy.prepareForUpdate?.(obj, old);
      this.strategy.defaults(obj);
      if (this.strategy.tracksGeneration && !deepEqual(specPart(obj), specPart(old))) {
        obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
      }
      const refusal = this.strategy.admitUpdate?.(obj, old);
      if (refusal) throw StatusError.forbidden(this.resource, name, refusal);
      const errors = this.strategy.validateUpdate(obj, old);
      if (errors.length) throw this.#invalid(name, errors);
    }
    return this.#commitUpdate(oldKv, obj, ctx);
  }

  /** Fields of metadata clients may not change through an update. */
  #keepSystemMeta(obj: KubeObject, old: KubeObject): void {
    const meta = obj.metadata;
    const o = old.metadata;
    meta.name = o.name;
    if (this.strategy.namespaced) meta.namespace = o.namespace;
    meta.uid = o.uid;
    meta.creationTimestamp = o.creationTimestamp;
    if (o.deletionTimestamp) meta.deletionTimestamp = o.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (o.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    if (o.generation !== undefined) meta.generation = o.generation;
    else delete meta.generation;
    if (o.generateName !== undefined && meta.generateName === undefined) meta.generateName = o.generateName;
    if (!meta.resourceVersion) meta.resourceVersion = o.resourceVersion;
    delete meta.managedFields;
    delete meta.selfLink;
  }

  async #commitUpdate(oldKv: KeyValue, obj: KubeObject, ctx: WriteContext): Promise<KubeObject> {
    const name = obj.metadata.name!;
    const next = withoutVersion(obj);
    const finishing =
      obj.metadata.deletionTimestamp && !obj.metadata.finalizers?.length && !this.#awaitsGrace(obj) && !this.strategy.retainsOnDelete?.(obj);
    if (!finishing && deepEqual(next, oldKv.value)) return this.#typed(withResourceVersion(oldKv));
    if (ctx.dryRun) return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(oldKv.rev) } };
    const op: Op = finishing
      ? { op: "delete", key: oldKv.key, expectRev: oldKv.rev }
      : { op: "update", key: oldKv.key, value: next, expectRev: oldKv.rev };
    try {
      const [kv] = await this.#backend.txn([op]);
      return this.#typed(finishing ? { ...next, metadata: { ...next.metadata, resourceVersion: String(kv.rev) } } : withResourceVersion(kv));
    } catch (e) {
      if (e instanceof StoreConflictError) {
        if (e.kind === "missing") throw StatusError.notFound(this.resource, name);
        throw StatusError.staleUpdate(this.resource, name);
      }
      throw e;
    }
  }

  /** A gracefully deleted object stays until its grace period is confirmed by the owner (the node agent). */
  #awaitsGrace(obj: KubeObject): boolean {
    return (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  /**
   * Read-modify-write with retries on conflicts, for PATCH and scale: `mutate` gets the current
   * object and returns the desired one. A resourceVersion in the result is honoured (a conflict).
   */
  async modify(
    namespace: string | undefined,
    name: string,
    mutate: (current: KubeObject) => KubeObject,
    ctx: WriteContext,
    subresource?: Subresource,
  ): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const current = this.get(namespace, name);
      const desired = mutate(structuredClone(current));
      if (!isPlainObject(desired) || !isPlainObject(desired.metadata)) {
        throw StatusError.badRequest("the patched object is not a valid object");
      }
      const pinned = desired.metadata.resourceVersion !== current.metadata.resourceVersion;
      try {
        return await this.update(namespace, name, { ...desired, metadata: { ...desired.metadata, resourceVersion: pinned ? desired.metadata.resourceVersion : current.metadata.resourceVersion } }, ctx, subresource);
      } catch (e) {
        if (!pinned && e instanceof StatusError && e.reason === "Conflict" && attempt < 5) {
          await nextCommit();
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * Writes a change the server itself owns, bypassing update validation (pods/binding sets
   * spec.nodeName, which a pod update may not change). `mutate` may throw a StatusError.
   */
  async systemUpdate(namespace: string | undefined, name: string, mutate: (current: KubeObject) => KubeObject, ctx: WriteContext): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const kv = this.getStored(namespace, name);
      if (!kv) throw StatusError.notFound(this.resource, name);
      const next = mutate(structuredClone(this.#typed(withResourceVersion(kv))));
      try {
        return await this.#write(kv, next, ctx);
      } catch (e) {
        if (e instanceof StatusError && e.reason === "Conflict" && attempt < 5) {
          await nextCommit();
          continue;
        }
        throw e;
      }
    }
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions, ctx: WriteContext): Promise<DeleteResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#deleteOnce(namespace, name, options, ctx);
      } catch (e) {
        // Another writer (a controller's status update) got in between: decide again.
        if (e instanceof RaceLost && attempt < 10) {
          await nextCommit();
          continue;
        }
        if (e instanceof RaceLost) throw StatusError.staleUpdate(this.resource, name);
        throw e;
      }
    }
  }

  async #deleteOnce(namespace: string | undefined, name: string, options: DeleteOptions, ctx: WriteContext): Promise<DeleteResult> {
    const kv = this.getStored(namespace, name);
    if (!kv) throw StatusError.notFound(this.resource, name);
    const current = this.#typed(withResourceVersion(kv));
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw StatusError.conflict(this.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw StatusError.conflict(
        this.resource,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
    const obj = structuredClone(current);
    const meta = obj.metadata;
    const finalizers = new Set(meta.finalizers ?? []);
    const policy = options.propagationPolicy ?? (options.orphanDependents === true ? "Orphan" : options.orphanDependents === false ? "Background" : undefined);
    if (policy === "Orphan") {
      finalizers.add("orphan");
      finalizers.delete("foregroundDeletion");
    } else if (policy === "Foreground") {
      finalizers.add("foregroundDeletion");
      finalizers.delete("orphan");
    } else if (policy === "Background" && !meta.deletionTimestamp) {
      finalizers.delete("orphan");
      finalizers.delete("foregroundDeletion");
    }
    const grace = this.strategy.gracefulDeletePeriod?.(current, { gracePeriodSeconds: options.gracePeriodSeconds, now: ctx.now });
    if (grace !== undefined && grace > 0) {
      const deadline = new Date(ctx.now.getTime() + grace * 1000);
      const existing = meta.deletionTimestamp ? Date.parse(meta.deletionTimestamp) : Infinity;
      if (deadline.getTime() < existing || !meta.deletionTimestamp) {
        meta.deletionTimestamp = rfc3339(deadline);
        meta.deletionGracePeriodSeconds = grace;
      }
      meta.finalizers = finalizers.size ? [...finalizers] : undefined;
      if (!meta.finalizers) delete meta.finalizers;
      const updated = await this.#markForDeletion(kv, obj, ctx);
      return { object: updated, deleted: false };
    }
    if (finalizers.size || this.strategy.retainsOnDelete?.(obj)) {
      if (!meta.deletionTimestamp) meta.deletionTimestamp = rfc3339(ctx.now);
      this.strategy.prepareForDeletion?.(obj);
      meta.deletionGracePeriodSeconds = 0;
      if (finalizers.size) meta.finalizers = [...finalizers];
      const updated = await this.#markForDeletion(kv, obj, ctx);
      return { object: updated, deleted: false };
    }
    if (ctx.dryRun) return { object: current, deleted: true };
    try {
      const [gone] = await this.#backend.txn([{ op: "delete", key: kv.key, expectRev: kv.rev }]);
      return { object: { ...current, metadata: { ...current.metadata, resourceVersion: String(gone.rev) } }, deleted: true };
    } catch (e) {
      if (e instanceof StoreConflictError) {
        if (e.kind === "missing") throw StatusError.notFound(this.resource, name);
        throw new RaceLost();
      }
      throw e;
    }
  }

  async #markForDeletion(kv: KeyValue, obj: KubeObject, ctx: WriteContext): Promise<KubeObject> {
    try {
      return await this.#write(kv, obj, ctx);
    } catch (e) {
      if (e instanceof StatusError && e.reason === "Conflict") throw new RaceLost();
      throw e;
    }
  }

  async #write(oldKv: KeyValue, obj: KubeObject, ctx: WriteContext): Promise<KubeObject> {
    const next = withoutVersion(obj);
    if (deepEqual(next, oldKv.value)) return this.#typed(withResourceVersion(oldKv));
    if (ctx.dryRun) return obj;
    try {
      const [kv] = await this.#backend.txn([{ op: "update", key: oldKv.key, value: next, expectRev: oldKv.rev }]);
      return this.#typed(withResourceVersion(kv));
    } catch (e) {
      if (e instanceof StoreConflictError) throw StatusError.staleUpdate(this.resource, obj.metadata.name!);
      throw e;
    }
  }
}
