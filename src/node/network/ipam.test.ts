import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IpamExhaustedError, PodIPAM } from "./ipam.ts";

test("PodIPAM skips the network, gateway and broadcast addresses", () => {
  const ipam = new PodIPAM("10.244.0.0/24");
  assert.equal(ipam.gateway, "10.244.0.1");
  assert.equal(ipam.size, 253);
  assert.equal(ipam.allocate("a"), "10.244.0.2");
  assert.equal(ipam.allocate("b"), "10.244.0.3");
  assert.equal(ipam.contains("10.244.0.255"), false);
  assert.equal(ipam.contains("10.244.0.1"), false);
  assert.equal(ipam.contains("10.244.0.254"), true);
});

test("PodIPAM.allocate() is idempotent per owner", () => {
  const ipam = new PodIPAM("10.244.0.0/24");
  assert.equal(ipam.allocate("a"), ipam.allocate("a"));
  assert.equal(ipam.used, 1);
});

test("PodIPAM.allocate() moves on round-robin instead of reusing a released IP at once", () => {
  const ipam = new PodIPAM("10.244.0.0/24");
  const first = ipam.allocate("a");
  ipam.release("a");
  assert.notEqual(ipam.allocate("b"), first);
});

test("PodIPAM.reserve() keeps IPs that existing pods hold", () => {
  const ipam = new PodIPAM("10.244.0.0/24");
  assert.equal(ipam.reserve("a", "10.244.0.2"), true);
  assert.equal(ipam.reserve("a", "10.244.0.2"), true);
  assert.equal(ipam.reserve("b", "10.244.0.2"), false, "taken by a");
  assert.equal(ipam.reserve("c", "10.245.0.9"), false, "outside the range");
  assert.equal(ipam.reserve("a", "10.244.0.3"), false, "a already holds one");
  assert.equal(ipam.allocate("b"), "10.244.0.3");
  assert.equal(ipam.get("a"), "10.244.0.2");
});

test("PodIPAM.allocate() fails with IpamExhaustedError when the range is full", () => {
  const ipam = new PodIPAM("10.244.0.0/30");
  assert.equal(ipam.allocate("a"), "10.244.0.2");
  assert.throws(() => ipam.allocate("b"), IpamExhaustedError);
  ipam.release("a");
  assert.equal(ipam.allocate("b"), "10.244.0.2");
});

test("PodIPAM normalises the CIDR and rejects bad ones", () => {
  assert.equal(new PodIPAM("10.244.3.7/24").cidr, "10.244.3.0/24");
  assert.equal(new PodIPAM("10.244.0.0/16").size, 65533);
  assert.throws(() => new PodIPAM("10.244.0.0"), /prefix length/);
  assert.throws(() => new PodIPAM("10.244.0/24"), /not an IPv4 address/);
});

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "ipam-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("PodIPAM with a dir keeps allocations across instances, one file per IP holding the owner", (t) => {
  const dir = tempDir(t);
  const first = new PodIPAM("10.244.0.0/24", { dir });
  assert.equal(first.allocate("uid-a"), "10.244.0.2");
  assert.equal(first.allocate("uid-b"), "10.244.0.3");
  assert.equal(readFileSync(join(dir, "10.244.0.3"), "utf8"), "uid-b");
  const second = new PodIPAM("10.244.0.0/24", { dir });
  assert.deepEqual(second.entries(), [["10.244.0.2", "uid-a"], ["10.244.0.3", "uid-b"]]);
  assert.equal(second.allocate("uid-a"), "10.244.0.2");
  assert.equal(second.allocate("uid-c"), "10.244.0.4", "continues after the highest address held");
});

test("PodIPAM.release() deletes the file", (t) => {
  const dir = tempDir(t);
  const ipam = new PodIPAM("10.244.0.0/24", { dir });
  ipam.allocate("uid-a");
  ipam.release("uid-a");
  assert.deepEqual(readdirSync(dir), []);
  assert.deepEqual(new PodIPAM("10.244.0.0/24", { dir }).entries(), []);
});

test("PodIPAM.allocate() skips an address another process created the file for", (t) => {
  const dir = tempDir(t);
  const ipam = new PodIPAM("10.244.0.0/24", { dir });
  writeFileSync(join(dir, "10.244.0.2"), "uid-other");
  assert.equal(ipam.allocate("uid-a"), "10.244.0.3");
  assert.equal(readFileSync(join(dir, "10.244.0.2"), "utf8"), "uid-other");
  assert.equal(ipam.reserve("uid-b", "10.244.0.2"), false);
  assert.equal(ipam.get("uid-other"), "10.244.0.2");
});

test("PodIPAM.reserve() persists what a pod object shows", (t) => {
  const dir = tempDir(t);
  const ipam = new PodIPAM("10.244.0.0/24", { dir });
  assert.equal(ipam.reserve("uid-a", "10.244.0.77"), true);
  assert.equal(readFileSync(join(dir, "10.244.0.77"), "utf8"), "uid-a");
  assert.equal(new PodIPAM("10.244.0.0/24", { dir }).get("uid-a"), "10.244.0.77");
});

test("PodIPAM.reconcile() frees addresses no live pod owns", (t) => {
  const dir = tempDir(t);
  const ipam = new PodIPAM("10.244.0.0/24", { dir });
  for (const uid of ["uid-a", "uid-b", "uid-c"]) ipam.allocate(uid);
  assert.deepEqual(ipam.reconcile(["uid-b"]), ["10.244.0.2", "10.244.0.4"]);
  assert.deepEqual(ipam.entries(), [["10.244.0.3", "uid-b"]]);
  assert.deepEqual(readdirSync(dir), ["10.244.0.3"]);
  assert.deepEqual(ipam.reconcile(["uid-b"]), []);
});

test("PodIPAM drops files it cannot honour when it loads a dir", (t) => {
  const cases: Array<{ name: string; files: Record<string, string>; entries: Array<[string, string]>; left: string[] }> = [
    { name: "empty file from a crash mid-write", files: { "10.244.0.9": "" }, entries: [], left: [] },
    { name: "address outside the range", files: { "10.245.0.9": "uid-a" }, entries: [], left: [] },
    { name: "second file for one owner", files: { "10.244.0.9": "uid-a", "10.244.0.10": "uid-a" }, entries: [["10.244.0.9", "uid-a"]], left: ["10.244.0.9"] },
    { name: "a name that is no IP is not ours", files: { "notes.txt": "x" }, entries: [], left: ["notes.txt"] },
  ];
  for (const c of cases) {
    const dir = tempDir(t);
    for (const [name, owner] of Object.entries(c.files)) writeFileSync(join(dir, name), owner);
    const ipam = new PodIPAM("10.244.0.0/24", { dir });
    assert.deepEqual(ipam.entries(), c.entries, c.name);
    assert.deepEqual(readdirSync(dir).sort(), c.left, c.name);
  }
});

test("PodIPAM creates its dir", (t) => {
  const dir = join(tempDir(t), "node", "ipam");
  new PodIPAM("10.244.0.0/24", { dir }).allocate("uid-a");
  assert.deepEqual(readdirSync(dir), ["10.244.0.2"]);
});
