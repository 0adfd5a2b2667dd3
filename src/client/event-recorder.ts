// Events about objects, written as core/v1 Events the way client-go's recorder writes them: one
// Event per distinct (object, type, reason, message) from a source, whose count and lastTimestamp
// grow when the same thing happens again. Writes are queued so that recording never blocks or
// fails the caller.
import { rfc3339, type KubeObject } from "../api/meta.ts";
import { isNotFound } from "../api/status-error.ts";
import type { Client, ResourceClient } from "./client.ts";
import { systemClock, type Clock } from "./clock.ts";

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  event(object: KubeObject, type: EventType, reason: string, message: string): void;
}

export interface ApiEventRecorderOptions {
  /** source.component and reportingComponent, e.g. "statefulset-controller". */
  component: string;
  host?: string;
  clock?: Clock;
  /** Distinct events remembered for aggregation (client-go keeps 4096). */
  cacheSize?: number;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

const eventsId = { group: "", version: "v1", plural: "events" };

export class ApiEventRecorder implements EventRecorder {
  readonly #events: ResourceClient;
  readonly #component: string;
  readonly #host: string;
  readonly #clock: Clock;
  readonly #cacheSize: number;
  readonly #seen = new Map<string, Seen>();
  #pending: Promise<void> = Promise.resolve();
  // Recorders in one process share the clock: a random start keeps their names apart.
  #sequence = Math.floor(Math.random() * 1_000_000);

  constructor(client: Client, opts: ApiEventRecorderOptions) {
    this.#events = client.resource(eventsId);
    this.#component = opts.component;
    this.#host = opts.host ?? "";
    this.#clock = opts.clock ?? systemClock;
    this.#cacheSize = opts.cacheSize ?? 4096;
  }

  event(object: KubeObject, type: EventType, reason: string, message: string): void {
    const now = this.#clock.now();
    const involved = involvedObject(object);
    const key = JSON.stringify([this.#component, this.#host, involved.kind, involved.namespace, involved.name, involved.uid, involved.apiVersion, type, reason, message]);
    this.#pending = this.#pending.then(() => this.#write(key, involved, type, reason, message, now)).catch((e) => {
      console.error(`ordinal: event ${reason} on ${involved.name} not recorded:`, e instanceof Error ? e.message : e);
    });
  }

  /** Resolves once every event recorded so far has been written (or given up on). */
  flush(): Promise<void> {
    return this.#pending;
  }

  async #write(key: string, involved: InvolvedObject, type: EventType, reason: string, message: string, now: Date): Promise<void> {
    const seen = this.#seen.get(key);
    const timestamp = rfc3339(now);
    if (seen) {
      try {
        await this.#events.patch(seen.namespace, seen.name, "merge", { count: seen.count + 1, lastTimestamp: timestamp, message });
        seen.count++;
        this.#remember(key, seen);
        return;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    const namespace = involved.namespace || "default";
    const name = `${involved.name}.${this.#uniqueSuffix(now)}`;
    await this.#events.create(namespace, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source: this.#host ? { component: this.#component, host: this.#host } : { component: this.#component },
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.#component,
      reportingInstance: this.#host,
    });
    this.#remember(key, { name, namespace, count: 1, firstTimestamp: timestamp });
  }

  /** client-go names events `<object>.<unix nanoseconds in hex>`; a sequence keeps same-millisecond events apart. */
  #uniqueSuffix(now: Date): string {
    const nanos = BigInt(now.getTime()) * 1_000_000n + BigInt(this.#sequence++ % 1_000_000);
    return nanos.toString(16);
  }

  #remember(key: string, seen: Seen): void {
    this.#seen.delete(key);
    this.#seen.set(key, seen);
    if (this.#seen.size > this.#cacheSize) this.#seen.delete(this.#seen.keys().next().value!);
  }
}

interface InvolvedObject {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  apiVersion: string;
  resourceVersion: string;
}

function involvedObject(o: KubeObject): InvolvedObject {
  return {
    kind: o.kind ?? "",
    namespace: o.metadata.namespace ?? "",
    name: o.metadata.name ?? "",
    uid: o.metadata.uid ?? "",
    apiVersion: o.apiVersion ?? "",
    resourceVersion: o.metadata.resourceVersion ?? "",
  };
}

/** Keeps events as "<type> <reason> <message>" lines, as client-go's FakeRecorder does. */
export class FakeEventRecorder implements EventRecorder {
  readonly events: string[] = [];

  event(_object: KubeObject, type: EventType, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }
}
