// Durability across a crash. Four clients create and update ConfigMaps as fast as they can, each owning
// its objects so that it always knows their latest resourceVersion; every 200/201 is recorded as
// acknowledged. The server is killed with SIGKILL mid-stream and `bin/ordinal up --detach` restarts it
// on the same $ORDINAL_HOME. Then:
// - every acknowledged object exists with at least its acknowledged resourceVersion, and exactly that
//   version and data unless a later write of it was in flight at the kill (then it is one or the other);
// - nothing exists that was neither acknowledged nor in flight;
// - a watch from an acknowledged resourceVersion replays every later acknowledged write in order and
//   then delivers new writes, whose resourceVersions are above everything acknowledged before.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { OrdinalServer, type RawClient } from "./harness.ts";

const NS = "crash";
const CMS = `/api/v1/namespaces/${NS}/configmaps`;
const WRITERS = 4;
const KILL_AFTER_ACKS = 1000;

interface Write {
  name: string;
  op: "create" | "update";
  value: string;
  rv?: string;
}

describe("crash consistency", () => {
  let server: OrdinalServer;
  before(async () => {
    server = await OrdinalServer.start();
  });
  after(async () => {
    await server?.stop();
  });

  it("kill -9 mid-stream loses no acknowledged write, and a watch resumes from an acknowledged resourceVersion", async () => {
    const ns = await server.client().request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
    assert.equal(ns.status, 201, ns.text);

    const acked: Write[] = [];
    const latest = new Map<string, Write>();
    const inFlight = new Map<string, Write>();
    const unexpected: string[] = [];
    let counter = 0;
    let killing: Promise<void> | undefined;
    let killError: unknown;

    const writer = async (id: number, api: RawClient) => {
      const owned: string[] = [];
      for (let seq = 0; killError === undefined; ) {
        const update = owned.length > 0 && Math.random() < 0.5;
        const name = update ? owned[Math.floor(Math.random() * owned.length)] : `w${id}-${seq++}`;
        const write: Write = { name, op: update ? "update" : "create", value: String(++counter) };
        inFlight.set(name, write);
        let res;
        try {
          const metadata = update ? { name, resourceVersion: latest.get(name)!.rv } : { name };
          res = await api.request(update ? "PUT" : "POST", update ? `${CMS}/${name}` : CMS, { body: { apiVersion: "v1", kind: "ConfigMap", metadata, data: { v: write.value } } });
        } catch {
          return; // the server is gone: this write stays in flight
        }
        if (res.status !== (update ? 200 : 201)) {
          unexpected.push(`${write.op} ${name}: ${res.status} ${res.text}`);
          return;
        }
        write.rv = res.json().metadata.resourceVersion;
        inFlight.delete(name);
        acked.push(write);
        latest.set(name, write);
        if (!update) owned.push(name);
        if (acked.length >= KILL_AFTER_ACKS && !killing) {
          killing = server.kill9().then(
            () => undefined,
            (e: unknown) => void (killError = e),
          );
        }
      }
    };
    const clients = Array.from({ length: WRITERS }, () => server.client("admin"));
    await Promise.all(clients.map((c, i) => writer(i, c)));
    for (const c of clients) c.close();
    assert.deepEqual(unexpected, []);
    assert.ok(killing, "the writers stopped before the server was killed");
    await killing;
    assert.equal(killError, undefined);
    assert.equal(inFlight.size, WRITERS, "every writer ends with the write the kill interrupted");

    await server.up();
    const api = server.client("admin");
    const list = await api.get(CMS);
    assert.equal(list.status, 200, list.text);
    const stored = new Map<string, any>(list.json().items.map((i: any) => [i.metadata.name, i]));

    for (const [name, want] of latest) {
      const got = stored.get(name);
      assert.ok(got, `acknowledged ${name}@${want.rv} is missing after the restart`);
      const pending = inFlight.get(name);
      if (got.metadata.resourceVersion === want.rv) {
        assert.equal(got.data.v, want.value, `${name}@${want.rv} has other data than acknowledged`);
      } else {
        assert.ok(pending, `${name} is at ${got.metadata.resourceVersion}, not the acknowledged ${want.rv}, with no write in flight`);
        assert.ok(Number(got.metadata.resourceVersion) > Number(want.rv), `${name} went back from ${want.rv} to ${got.metadata.resourceVersion}`);
        assert.equal(got.data.v, pending.value);
      }
    }
    for (const [name, got] of stored) {
      if (latest.has(name)) continue;
      const pending = inFlight.get(name);
      assert.ok(pending?.op === "create", `${name} exists but was never written`);
      assert.equal(got.data.v, pending.value);
    }
    const maxAcked = Math.max(...acked.map((w) => Number(w.rv)));
    assert.ok(Number(list.json().metadata.resourceVersion) >= maxAcked);

    const from = acked[Math.floor(acked.length / 2)].rv!;
    const expected = acked.filter((w) => Number(w.rv) > Number(from)).sort((a, b) => Number(a.rv) - Number(b.rv));
    const watch = await api.watch(`${CMS}?watch=true&resourceVersion=${from}`);
    try {
      assert.equal(watch.status, 200, watch.body);
      const seen = new Map<string, { type: string; name: string; value: string }>();
      let last = Number(from);
      while (expected.some((w) => !seen.has(w.rv!))) {
        const e = await watch.next(10_000);
        assert.notEqual(e.type, "ERROR", JSON.stringify(e.object));
        const rv = Number(e.object.metadata.resourceVersion);
        assert.ok(rv > last, `watch went from ${last} to ${rv}`);
        last = rv;
        seen.set(String(rv), { type: e.type, name: e.object.metadata.name, value: e.object.data?.v });
      }
      for (const w of expected) {
        assert.deepEqual(seen.get(w.rv!), { type: w.op === "create" ? "ADDED" : "MODIFIED", name: w.name, value: w.value });
      }

      const fresh = await api.request("POST", CMS, { body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "after-restart" }, data: { v: "new" } } });
      assert.equal(fresh.status, 201, fresh.text);
      assert.ok(Number(fresh.json().metadata.resourceVersion) > maxAcked);
      const e = await watch.until((ev) => ev.object.metadata?.name === "after-restart", 10_000);
      assert.equal(e.type, "ADDED");
    } finally {
      watch.close();
    }
  });
});
