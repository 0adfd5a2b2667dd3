// ordinal's HTTP API seen without a client library: the exact status codes and Status bodies behind
// kubectl's messages (401, 404, 409 AlreadyExists and Conflict, 410 Expired, 413, 422 with causes),
// Table responses, and watch streams (initial ADDED events, changes after a resourceVersion, and the
// single ERROR 410 event that ends a watch from a compacted resourceVersion). The server runs with
// ORDINAL_HISTORY_MAX_EVENTS=100 so that 150 writes push resourceVersion 1 out of the watch history.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { eventually, fixture, OrdinalServer, type RawClient } from "./harness.ts";

const NS = "http-api";
const STS = `/apis/apps/v1/namespaces/${NS}/statefulsets`;
const CMS = `/api/v1/namespaces/${NS}/configmaps`;
const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

const seedSts = () => parseYaml(fixture("sts.yaml"));

describe("HTTP API", () => {
  let server: OrdinalServer;
  let api: RawClient;

  before(async () => {
    server = await OrdinalServer.start({ env: { ORDINAL_HISTORY_MAX_EVENTS: "100" } });
    api = server.client();
    const ns = await api.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } });
    assert.equal(ns.status, 201, ns.text);
    const sts = await api.request("POST", STS, { body: seedSts() });
    assert.equal(sts.status, 201, sts.text);
  });
  after(async () => {
    await server?.stop();
  });

  it("answers 401 Unauthorized without a client certificate or with an unknown token", async () => {
    for (const auth of ["none", { token: "not-a-token" }] as const) {
      const r = await server.client(auth).get(`${STS}/web`);
      assert.equal(r.status, 401);
      assert.deepEqual(r.json(), { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
    }
  });

  it("answers 404 NotFound naming the resource and group", async () => {
    const r = await api.get(`${STS}/nope`);
    assert.equal(r.status, 404);
    const s = r.json();
    assert.equal(s.reason, "NotFound");
    assert.equal(s.message, 'statefulsets.apps "nope" not found');
    assert.deepEqual(s.details, { name: "nope", group: "apps", kind: "statefulsets" });
  });

  it("answers 409 AlreadyExists to a second create", async () => {
    const r = await api.request("POST", STS, { body: seedSts() });
    assert.equal(r.status, 409);
    const s = r.json();
    assert.equal(s.reason, "AlreadyExists");
    assert.equal(s.message, 'statefulsets.apps "web" already exists');
    assert.deepEqual(s.details, { name: "web", group: "apps", kind: "statefulsets" });
  });

  it("answers 409 Conflict to an update with a stale resourceVersion", async () => {
    const current = (await api.get(`${STS}/web`)).json();
    const bumped = await api.request("PATCH", `${STS}/web`, { body: { spec: { replicas: 3 } }, contentType: "application/merge-patch+json" });
    assert.equal(bumped.status, 200, bumped.text);
    const stale = await api.request("PUT", `${STS}/web`, { body: { ...current, spec: { ...current.spec, replicas: 5 } } });
    assert.equal(stale.status, 409);
    const s = stale.json();
    assert.equal(s.reason, "Conflict");
    assert.equal(s.message, 'Operation cannot be fulfilled on statefulsets.apps "web": the object has been modified; please apply your changes to the latest version and try again');
    assert.deepEqual(s.details, { name: "web", group: "apps", kind: "statefulsets" });
    assert.equal((await api.get(`${STS}/web`)).json().spec.replicas, 3);
  });

  it("answers 422 Invalid with one cause per field error", async () => {
    const bad = seedSts();
    bad.metadata.name = "Web_1";
    bad.spec.replicas = -1;
    const r = await api.request("POST", STS, { body: bad });
    assert.equal(r.status, 422);
    const s = r.json();
    assert.equal(s.kind, "Status");
    assert.equal(s.reason, "Invalid");
    assert.equal(s.code, 422);
    assert.equal(s.details.name, "Web_1");
    assert.equal(s.details.group, "apps");
    assert.equal(s.details.kind, "StatefulSet");
    const causes = new Map(s.details.causes.map((c: any) => [c.field, c]));
    assert.equal((causes.get("metadata.name") as any)?.reason, "FieldValueInvalid");
    assert.deepEqual(causes.get("spec.replicas"), { reason: "FieldValueInvalid", message: "Invalid value: -1: must be greater than or equal to 0", field: "spec.replicas" });
    assert.ok(s.message.startsWith('StatefulSet.apps "Web_1" is invalid: ['), s.message);
  });

  it("answers 422 when the selector does not match the template labels", async () => {
    const bad = seedSts();
    bad.metadata.name = "mismatch";
    bad.spec.template.metadata.labels = { app: "other" };
    const r = await api.request("POST", STS, { body: bad });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json().details.causes, [
      { reason: "FieldValueInvalid", message: 'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`', field: "spec.template.metadata.labels" },
    ]);
  });

  it("answers 422 Forbidden at spec to a change of an immutable field", async () => {
    const current = (await api.get(`${STS}/web`)).json();
    current.spec.serviceName = "other";
    const r = await api.request("PUT", `${STS}/web`, { body: current });
    assert.equal(r.status, 422);
    const s = r.json();
    assert.deepEqual(s.details.causes.map((c: any) => [c.reason, c.field]), [["FieldValueForbidden", "spec"]]);
    assert.ok(s.message.startsWith('StatefulSet.apps "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than '), s.message);
  });

  it("answers 413 RequestEntityTooLarge to a 4 MiB body and keeps serving", async () => {
    const big = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big" }, data: { blob: "x".repeat(4 * 1024 * 1024) } };
    const r = await api.request("POST", CMS, { body: big });
    assert.equal(r.status, 413);
    const s = r.json();
    assert.equal(s.reason, "RequestEntityTooLarge");
    assert.equal(s.code, 413);
    assert.match(s.message, /^Request entity too large: /);
    assert.equal((await api.get(`${CMS}/big`)).status, 404);
    assert.equal((await api.get(`${STS}/web`)).status, 200);
  });

  it("serves a Table with the StatefulSet columns when asked for one", async () => {
    const replicas = (await api.get(`${STS}/web`)).json().spec.replicas;
    const r = await api.request("GET", STS, { headers: { Accept: TABLE_ACCEPT } });
    assert.equal(r.status, 200);
    assert.match(String(r.headers["content-type"]), /^application\/json;\s*as=Table;\s*v=v1;\s*g=meta\.k8s\.io/);
    const t = r.json();
    assert.equal(t.kind, "Table");
    assert.equal(t.apiVersion, "meta.k8s.io/v1");
    assert.deepEqual(t.columnDefinitions.map((c: any) => [c.name, c.priority]), [["Name", 0], ["Ready", 0], ["Age", 0], ["Containers", 1], ["Images", 1]]);
    const row = t.rows.find((r: any) => r.cells[0] === "web");
    assert.ok(row, JSON.stringify(t.rows));
    assert.equal(row.cells.length, 5);
    assert.deepEqual(row.cells.slice(0, 2), ["web", `0/${replicas}`]);
    assert.match(row.cells[2], /^\d+s$/);
    assert.deepEqual(row.cells.slice(3), ["nginx", "nginx:1.17.8"]);
    assert.equal(row.object.kind, "PartialObjectMetadata");
    assert.equal(row.object.apiVersion, "meta.k8s.io/v1");
    assert.equal(row.object.metadata.name, "web");
  });

  it("DELETE with propagationPolicy Foreground keeps the owner, marked, until its blocking dependents are gone", async () => {
    const owner = seedSts();
    owner.metadata.name = "fg";
    const created = await api.request("POST", STS, { body: owner });
    assert.equal(created.status, 201, created.text);
    const ownerRef = { apiVersion: "apps/v1", kind: "StatefulSet", name: "fg", uid: created.json().metadata.uid, controller: true, blockOwnerDeletion: true };
    const held = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "fg-held", ownerReferences: [ownerRef], finalizers: ["e2e.ordinal.dev/hold"] } };
    assert.equal((await api.request("POST", CMS, { body: held })).status, 201);

    const del = await api.request("DELETE", `${STS}/fg`, { body: { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Foreground" } });
    assert.equal(del.status, 200, del.text);
    assert.ok(del.json().metadata.deletionTimestamp, del.text);
    assert.ok(del.json().metadata.finalizers.includes("foregroundDeletion"), del.text);

    await eventually("the GC to delete the dependent", async () => ((await api.get(`${CMS}/fg-held`)).json().metadata.deletionTimestamp ? true : undefined));
    const waiting = await api.get(`${STS}/fg`);
    assert.equal(waiting.status, 200, "the owner went away while a blocking dependent still existed");
    assert.ok(waiting.json().metadata.finalizers.includes("foregroundDeletion"));

    const release = await api.request("PATCH", `${CMS}/fg-held`, { body: { metadata: { finalizers: null } }, contentType: "application/merge-patch+json" });
    assert.equal(release.status, 200, release.text);
    await eventually("the owner to disappear", async () => ((await api.get(`${STS}/fg`)).status === 404 ? true : undefined));
    assert.equal((await api.get(`${CMS}/fg-held`)).status, 404);
  });

  it("watch without a resourceVersion starts with ADDED for each existing object", async () => {
    const names = (await api.get(STS)).json().items.map((i: any) => i.metadata.name);
    const w = await api.watch(`${STS}?watch=true`);
    try {
      assert.equal(w.status, 200);
      const initial = [];
      for (const _ of names) initial.push(await w.next());
      assert.deepEqual(initial.map((e) => [e.type, e.object.metadata.name]).sort(), names.map((n: string) => ["ADDED", n]).sort());
    } finally {
      w.close();
    }
  });

  it("watch from a list's resourceVersion sends later changes, and DELETED with a new resourceVersion", async () => {
    const list = (await api.get(CMS)).json();
    const w = await api.watch(`${CMS}?watch=true&resourceVersion=${list.metadata.resourceVersion}`);
    try {
      const created = await api.request("POST", CMS, { body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "w1" }, data: { a: "1" } } });
      assert.equal(created.status, 201, created.text);
      const deleted = await api.request("DELETE", `${CMS}/w1`);
      assert.equal(deleted.status, 200, deleted.text);
      const added = await w.next();
      assert.deepEqual([added.type, added.object.metadata.name, added.object.metadata.resourceVersion], ["ADDED", "w1", created.json().metadata.resourceVersion]);
      const gone = await w.next();
      assert.deepEqual([gone.type, gone.object.metadata.name], ["DELETED", "w1"]);
      assert.ok(Number(gone.object.metadata.resourceVersion) > Number(added.object.metadata.resourceVersion));
    } finally {
      w.close();
    }
  });

  it("watch from a resourceVersion older than the history sends one ERROR 410 Expired and ends", async () => {
    for (let i = 0; i < 150; i++) {
      const r = await api.request("POST", CMS, { body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `h${i}` } } });
      assert.equal(r.status, 201, r.text);
    }
    const w = await api.watch(`${CMS}?watch=true&resourceVersion=1`);
    assert.equal(w.status, 200);
    const e = await w.next();
    assert.equal(e.type, "ERROR");
    const { message, ...status } = e.object;
    assert.deepEqual(status, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "Expired", code: 410 });
    assert.match(message, /^too old resource version: 1 \(\d+\)$/);
    assert.equal(await w.ends(), true);
    assert.equal(w.done, true);
  });
});
