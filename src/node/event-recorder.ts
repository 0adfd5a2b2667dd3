// Events about objects, written as core/v1 Events the way the kubelet and the scheduler write them
// (`kubectl describe` lists them). Recording is best effort and never blocks the caller. Shared by
// the node agent and the scheduler; belongs in src/client once controllers use it too.
import { rfc3339, type KubeObject } from "../api/meta.ts";
import type { ResourceClient } from "../client/client.ts";

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  /** `fieldPath` names a part of the object, e.g. "spec.containers{nginx}". */
  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void;
}

export interface EventSource {
  /** "kubelet", "default-scheduler". */
  component: string;
  /** The node name, for the kubelet. */
  host?: string;
}

export const noEvents: EventRecorder = { event() {} };

export class ApiEventRecorder implements EventRecorder {
  readonly #events: ResourceClient;
  readonly #source: EventSource;
  readonly #now: () => number;
  readonly #pending = new Set<Promise<unknown>>();
  #seq = 0n;

  constructor(events: ResourceClient, source: EventSource, now: () => number = Date.now) {
    this.#events = events;
    this.#source = source;
    this.#now = now;
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const now = this.#now();
    const namespace = obj.metadata.namespace || "default";
    // Upstream names events <object>.<unix nanoseconds in hex>; the sequence keeps names unique.
    const stamp = (BigInt(now) * 1_000_000n + (this.#seq++ % 1_000_000n)).toString(16);
    const at = rfc3339(new Date(now));
    const write = this.#events
      .create(namespace, {
        metadata: { name: `${obj.metadata.name}.${stamp}`, namespace },
        involvedObject: {
          kind: obj.kind,
          namespace: obj.metadata.namespace,
          name: obj.metadata.name,
          uid: obj.metadata.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: obj.metadata.resourceVersion,
          ...(fieldPath ? { fieldPath } : {}),
        },
        reason,
        message,
        source: { component: this.#source.component, ...(this.#source.host ? { host: this.#source.host } : {}) },
        firstTimestamp: at,
        lastTimestamp: at,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: this.#source.component,
        reportingInstance: this.#source.host ?? "",
      })
      .catch(() => {
        // Best effort, as upstream's recorder: a terminating namespace refuses new events.
      });
    this.#pending.add(write);
    void write.finally(() => this.#pending.delete(write));
  }

  /** Resolves once every event recorded so far is written (or refused). */
  async flush(): Promise<void> {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }
}

/** Keeps events as "Type Reason message" lines, for tests. */
export class RecordingEventRecorder implements EventRecorder {
  readonly events: string[] = [];

  event(_obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }
}
