import { test } from "node:test";
import assert from "node:assert/strict";
import type { WatchEvent } from "./api-client.ts";
import { measureWatchLatency } from "./watch-latency.ts";

type OnEvent = (event: WatchEvent, receivedAt: number) => void;

/**
 * Stands in for the API: records watch paths and hands every created ConfigMap to the watchers
 * that `deliverTo` selects, before the create returns or on a later turn of the event loop.
 */
class FakeApi {
  readonly watchPaths: string[] = [];
  readonly watchers: OnEvent[] = [];
  deliverTo = (_watcher: number) => true;
  deliverAfterResponse = false;

  async request(method: string, path: string, body?: string): Promise<string> {
    if (method === "GET") return JSON.stringify({ metadata: { resourceVersion: "41" } });
    if (path.endsWith("/configmaps")) {
      const object = JSON.parse(body!);
      const deliver = () =>
        this.watchers.forEach((onEvent, i) => this.deliverTo(i) && onEvent({ type: "ADDED", object }, performance.now()));
      if (this.deliverAfterResponse) setTimeout(deliver, 1);
      else deliver();
    }
    return body ?? "{}";
  }

  async watch(path: string, onEvent: OnEvent): Promise<void> {
    this.watchPaths.push(path);
    this.watchers.push(onEvent);
  }
}

/** Three watchers, four events; the timeout signal only keeps a broken run from hanging the suite. */
function options(overrides: { eventTimeoutMs?: number; signal?: AbortSignal; warmUpEvents?: number } = {}) {
  return { watchers: 3, events: 4, warmUpEvents: 0, namespace: "bench-watch", maxMs: Infinity, eventTimeoutMs: 1_000, signal: AbortSignal.timeout(10_000), ...overrides };
}

test("measureWatchLatency() watches from the list's resourceVersion with every watcher", async () => {
  const api = new FakeApi();
  await measureWatchLatency(api, api, options());
  assert.deepEqual(api.watchPaths, Array(3).fill("/api/v1/namespaces/bench-watch/configmaps?watch=true&resourceVersion=41"));
});

test("measureWatchLatency() takes one sample per watcher and event", async () => {
  const api = new FakeApi();
  const r = await measureWatchLatency(api, api, options());
  assert.equal(r.events, 4);
  assert.equal(r.sinceAckMs.length, 12);
  assert.equal(r.sinceSentMs.length, 12);
  assert.ok(r.sinceSentMs.every((ms) => ms >= 0));
});

test("measureWatchLatency() sends the warm-up events first and does not time them", async () => {
  const api = new FakeApi();
  const created: string[] = [];
  const request = api.request.bind(api);
  api.request = async (method, path, body) => {
    if (method === "POST" && path.endsWith("/configmaps")) created.push(JSON.parse(body!).metadata.name);
    return request(method, path, body);
  };
  const r = await measureWatchLatency(api, api, options({ warmUpEvents: 2 }));
  assert.deepEqual(created, ["warm-up-0", "warm-up-1", "watched-0", "watched-1", "watched-2", "watched-3"]);
  assert.equal(r.events, 4);
  assert.equal(r.sinceSentMs.length, 12);
});

test("measureWatchLatency() counts events seen before the create returned as 0 ms", async () => {
  const api = new FakeApi();
  const r = await measureWatchLatency(api, api, options());
  assert.equal(r.beforeAck, 12);
  assert.deepEqual(r.sinceAckMs, Array(12).fill(0));
});

test("measureWatchLatency() measures events seen after the create returned from the response", async () => {
  const api = new FakeApi();
  api.deliverAfterResponse = true;
  const r = await measureWatchLatency(api, api, options());
  assert.equal(r.beforeAck, 0);
  assert.ok(r.sinceAckMs.every((ms) => ms > 0));
});

test("measureWatchLatency() fails naming the event a watcher did not see", async () => {
  const api = new FakeApi();
  api.deliverTo = (watcher) => watcher !== 1;
  await assert.rejects(
    measureWatchLatency(api, api, options({ eventTimeoutMs: 20 })),
    /2 of 3 watchers saw watched-0 within 20 ms/,
  );
});

test("measureWatchLatency() stops when its signal is aborted", async () => {
  const api = new FakeApi();
  api.deliverTo = () => false;
  const ctrl = new AbortController();
  const run = measureWatchLatency(api, api, options({ eventTimeoutMs: 60_000, signal: ctrl.signal }));
  setTimeout(() => ctrl.abort(), 5);
  await assert.rejects(run, { name: "AbortError" });
});
