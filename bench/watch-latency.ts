// Watch delivery latency: `watchers` open watches on one namespace, then objects are created one at
// a time and every watcher's receipt of each ADDED event is timed. The creator and the watchers share
// this process, hence one clock.
import type { ApiClient, WatchEvent } from "./api-client.ts";

export interface WatchLatencyOptions {
  watchers: number;
  events: number;
  /** Events sent to the same watchers first and not timed: the fan-out path's first runs compile it. */
  warmUpEvents: number;
  namespace: string;
  /** No create starts after this many milliseconds. */
  maxMs: number;
  /** How long every watcher may take to see one event before the run fails. */
  eventTimeoutMs: number;
  signal: AbortSignal;
}

export interface WatchLatencyResult {
  /** Objects created and seen by every watcher. */
  events: number;
  /** Per watcher and event: received − create response read (delivery latency), negatives as 0. */
  sinceAckMs: number[];
  /** Per watcher and event: received − create request about to be sent. */
  sinceSentMs: number[];
  /** Deliveries that arrived before the create response was read (counted as 0 in sinceAckMs). */
  beforeAck: number;
}

interface InFlight {
  sentAt: number;
  acked: number;
  received: number[];
  allReceived: () => void;
}

/** `load` creates the objects; `watch` must allow `watchers` connections at once. */
export async function measureWatchLatency(
  load: Pick<ApiClient, "request">,
  watch: Pick<ApiClient, "watch">,
  opts: WatchLatencyOptions,
): Promise<WatchLatencyResult> {
  const ns = opts.namespace;
  await load.request("POST", "/api/v1/namespaces", JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }));
  const list = JSON.parse(await load.request("GET", `/api/v1/namespaces/${ns}/configmaps?limit=1`)) as { metadata: { resourceVersion: string } };

  const inFlight = new Map<string, InFlight>();
  const onEvent = (event: WatchEvent, receivedAt: number) => {
    const meta = event.object.metadata;
    const entry = event.type === "ADDED" && meta?.name ? inFlight.get(meta.name) : undefined;
    if (!entry) return;
    entry.received.push(receivedAt);
    if (entry.received.length === opts.watchers) entry.allReceived();
  };

  const stop = new AbortController();
  const signal = AbortSignal.any([opts.signal, stop.signal]);
  /** Creates `name` and resolves with its timings once every watcher has seen it. */
  const createAndAwait = async (name: string, n: number): Promise<InFlight> => {
    signal.throwIfAborted();
    const { promise: seen, resolve: allReceived } = Promise.withResolvers<void>();
    const entry: InFlight = { sentAt: performance.now(), acked: Number.NaN, received: [], allReceived };
    inFlight.set(name, entry);
    const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { n: String(n) } };
    await load.request("POST", `/api/v1/namespaces/${ns}/configmaps`, JSON.stringify(body), signal);
    entry.acked = performance.now();
    await within(seen, opts.eventTimeoutMs, signal, () => `bench: ${entry.received.length} of ${opts.watchers} watchers saw ${name} within ${opts.eventTimeoutMs} ms`);
    inFlight.delete(name);
    return entry;
  };
  try {
    const path = `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}`;
    await Promise.all(Array.from({ length: opts.watchers }, () => watch.watch(path, onEvent, signal)));

    for (let i = 0; i < opts.warmUpEvents; i++) await createAndAwait(`warm-up-${i}`, i);

    const sinceAckMs: number[] = [];
    const sinceSentMs: number[] = [];
    const started = performance.now();
    let events = 0;
    let beforeAck = 0;
    for (; events < opts.events && performance.now() - started < opts.maxMs; events++) {
      const entry = await createAndAwait(`watched-${events}`, events);
      for (const at of entry.received) {
        if (at < entry.acked) beforeAck++;
        sinceAckMs.push(Math.max(0, at - entry.acked));
        sinceSentMs.push(at - entry.sentAt);
      }
    }
    return { events, sinceAckMs, sinceSentMs, beforeAck };
  } finally {
    stop.abort();
  }
}

function within(p: Promise<void>, ms: number, signal: AbortSignal, message: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(message()))), ms);
    const onAbort = () => settle(() => reject(signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    void p.then(() => settle(resolve));
  });
}
