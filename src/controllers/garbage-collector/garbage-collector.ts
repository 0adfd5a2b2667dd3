// Deletes dependents whose owners are gone, orphans dependents of owners deleted with
// propagationPolicy Orphan, and holds foreground-deleted owners until their blocking dependents
// are gone. Acts only through the client.
import type { KubeObject } from "../../api/meta.ts";
import { isConflict, isNotFound } from "../../api/status-error.ts";
import type { Client, ResourceClient, ResourceId } from "../../client/client.ts";
import { Informer, objectKey } from "../../client/informer.ts";
import { WorkQueue, runWorkers } from "../../client/work-queue.ts";
import { decideDependent, foregroundBlocked, type OwnerState } from "./ownership.ts";

export interface GcResource {
  id: ResourceId;
  kind: string;
  namespaced: boolean;
}

interface Located {
  res: number;
  key: string;
}

function apiVersionOf(id: ResourceId): string {
  return id.group ? `${id.group}/${id.version}` : id.version;
}

export class GarbageCollector {
  readonly #resources: GcResource[];
  readonly #clients: ResourceClient[];
  readonly #informers: Informer[];
  readonly #queue = new WorkQueue({ baseDelayMs: 50, maxDelayMs: 30_000 });
  /** uid -> where the object lives. */
  readonly #byUid = new Map<string, Located>();
  /** owner uid -> dependents' uids. */
  readonly #dependents = new Map<string, Set<string>>();

  constructor(client: Client, resources: GcResource[]) {
    this.#resources = resources;
    this.#clients = resources.map((r) => client.resource(r.id));
    this.#informers = this.#clients.map((c) => new Informer(c));
    this.#informers.forEach((inf, res) =>
      inf.on({
        add: (o) => this.#observe(res, undefined, o),
        update: (old, o) => this.#observe(res, old, o),
        delete: (o) => this.#forget(res, o),
      }),
    );
  }

  async start(): Promise<void> {
    await Promise.all(this.#informers.map((i) => i.start()));
    void runWorkers(this.#queue, 2, (key) => this.#sync(key));
  }

  stop(): void {
    this.#queue.shutDown();
    for (const i of this.#informers) i.stop();
  }

  #observe(res: number, old: KubeObject | undefined, obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    this.#byUid.set(uid, { res, key: objectKey(obj) });
    for (const ref of old?.metadata.ownerReferences ?? []) this.#dependents.get(ref.uid)?.delete(uid);
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let set = this.#dependents.get(ref.uid);
      if (!set) this.#dependents.set(ref.uid, (set = new Set()));
      set.add(uid);
    }
    if (obj.metadata.ownerReferences?.length) this.#queue.add(`dependent/${uid}`);
    if (obj.metadata.deletionTimestamp) {
      const f = obj.metadata.finalizers ?? [];
      if (f.includes("orphan") || f.includes("foregroundDeletion")) this.#queue.add(`owner/${uid}`);
      if (f.includes("foregroundDeletion")) for (const dep of this.#dependents.get(uid) ?? []) this.#queue.add(`dependent/${dep}`);
    }
  }

  #forget(res: number, obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    const here = this.#byUid.get(uid);
    if (here && here.res === res) this.#byUid.delete(uid);
    for (const ref of obj.metadata.ownerReferences ?? []) {
      this.#dependents.get(ref.uid)?.delete(uid);
      this.#queue.add(`owner/${ref.uid}`);
    }
    for (const dep of this.#dependents.get(uid) ?? []) this.#queue.add(`dependent/${dep}`);
  }

  #lookup(uid: string): { obj: KubeObject; res: number } | undefined {
    const at = this.#byUid.get(uid);
    if (!at) return undefined;
    const obj = this.#informers[at.res].get(at.key);
    return obj && obj.metadata.uid === uid ? { obj, res: at.res } : undefined;
  }

  async #sync(key: string): Promise<void> {
    const [role, uid] = key.split("/");
    if (role === "dependent") await this.#syncDependent(uid);
    else await this.#syncOwner(uid);
  }

  /** An owner absent from the cache is confirmed with a live read before anything is deleted. */
  async #ownerState(dependent: KubeObject, ref: { apiVersion: string; kind: string; name: string; uid: string }): Promise<OwnerState> {
    const cached = this.#lookup(ref.uid);
    let owner = cached?.obj;
    if (!owner) {
      const res = this.#resources.findIndex((r) => r.kind === ref.kind && apiVersionOf(r.id) === ref.apiVersion);
      if (res < 0) return { kind: "present" };
      try {
        const live = await this.#clients[res].get(this.#resources[res].namespaced ? dependent.metadata.namespace : undefined, ref.name);
        if (live.metadata.uid === ref.uid) owner = live;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    if (!owner) return { kind: "absent" };
    const deletingForeground = owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes("foregroundDeletion");
    return deletingForeground ? { kind: "deleting-foreground" } : { kind: "present" };
  }

  async #syncDependent(uid: string): Promise<void> {
    const found = this.#lookup(uid);
    if (!found) return;
    const { obj, res } = found;
    const owners = new Map<string, OwnerState>();
    for (const ref of obj.metadata.ownerReferences ?? []) owners.set(ref.uid, await this.#ownerState(obj, ref));
    const action = decideDependent(obj, owners);
    const client = this.#clients[res];
    const ns = obj.metadata.namespace;
    try {
      if (action.kind === "delete") {
        await client.delete(ns, obj.metadata.name!, { propagationPolicy: action.propagationPolicy, preconditions: { uid } });
      } else if (action.kind === "remove-owner-references") {
        await this.#removeOwnerReferences(res, obj, new Set(action.uids));
      }
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
  }

  async #removeOwnerReferences(res: number, obj: KubeObject, uids: ReadonlySet<string>): Promise<void> {
    const kept = (obj.metadata.ownerReferences ?? []).filter((r) => !uids.has(r.uid));
    await this.#clients[res].patch(obj.metadata.namespace, obj.metadata.name!, "json", [
      { op: "test", path: "/metadata/uid", value: obj.metadata.uid },
      { op: "test", path: "/metadata/resourceVersion", value: obj.metadata.resourceVersion },
      kept.length ? { op: "replace", path: "/metadata/ownerReferences", value: kept } : { op: "remove", path: "/metadata/ownerReferences" },
    ]);
  }

  async #syncOwner(uid: string): Promise<void> {
    const found = this.#lookup(uid);
    if (!found || !found.obj.metadata.deletionTimestamp) return;
    const { obj, res } = found;
    const finalizers = obj.metadata.finalizers ?? [];
    const dependents = [...(this.#dependents.get(uid) ?? [])].map((d) => this.#lookup(d)).filter((d) => d !== undefined);
    let remove: string | undefined;
    if (finalizers.includes("orphan")) {
      for (const dep of dependents) {
        try {
          await this.#removeOwnerReferences(dep.res, dep.obj, new Set([uid]));
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
      remove = "orphan";
    } else if (finalizers.includes("foregroundDeletion")) {
      if (foregroundBlocked(uid, dependents.map((d) => d.obj))) return;
      remove = "foregroundDeletion";
    }
    if (!remove) return;
    try {
      await this.#clients[res].patch(obj.metadata.namespace, obj.metadata.name!, "json", [
        { op: "test", path: "/metadata/uid", value: uid },
        { op: "test", path: "/metadata/resourceVersion", value: obj.metadata.resourceVersion },
        { op: "replace", path: "/metadata/finalizers", value: finalizers.filter((f) => f !== remove) },
      ]);
    } catch (e) {
      if (isNotFound(e)) return;
      if (isConflict(e)) throw e;
      throw e;
    }
  }
}
