// The typed-enough client every controller uses. Transports: in-process (same semantics as HTTP,
// no sockets) now; HTTP for remote agents later.
import type { KubeObject } from "../api/meta.ts";

export interface ResourceId {
  group: string;
  version: string;
  plural: string;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface ClientWatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface WatchHandle {
  close(): void;
}

export interface ClientDeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type PatchType = "json" | "merge" | "strategic";

export interface ResourceClient {
  get(namespace: string | undefined, name: string): Promise<KubeObject>;
  list(opts?: ListOptions): Promise<ListResult>;
  create(namespace: string | undefined, obj: KubeObject): Promise<KubeObject>;
  update(obj: KubeObject): Promise<KubeObject>;
  updateStatus(obj: KubeObject): Promise<KubeObject>;
  patch(namespace: string | undefined, name: string, type: PatchType, patch: unknown, subresource?: "status" | "finalize"): Promise<KubeObject>;
  /** Resolves with the object as left by the delete (gone, or marked for deletion). */
  delete(namespace: string | undefined, name: string, opts?: ClientDeleteOptions): Promise<KubeObject>;
  /**
   * Watches from resourceVersion (exclusive). `onClose` runs once when the stream ends for any
   * reason other than close(); an expired version arrives as an ERROR event with code 410 first.
   */
  watch(opts: ListOptions & { resourceVersion: string }, onEvent: (e: ClientWatchEvent) => void, onClose: () => void): WatchHandle;
}

export interface Client {
  resource(id: ResourceId): ResourceClient;
}
