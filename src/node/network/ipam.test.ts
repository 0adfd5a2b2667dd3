import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IpamExhaustedError, JOURNAL_FILE, PodIPAM, readAllocations } from "./ipam.ts";

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

const journal = (dir: string): string => readFileSync(join(dir, JOURNAL_FILE), "utf8");

test("PodIPAM with a dir keeps allocations across instances in its journal", (t) => {
  const dir = tempDir(t);
  const first = new PodIPAM("10.244.0.0/24", { dir });
  assert.equal(first.allocate("uid-a"), "10.244.0.2");
  assert.equal(first.allocate("uid-b"), "10.244.0.3");
  first.release("uid-a");
  assert.equal(journal(dir), "a 10.244.0.2 uid-a\na 10.244.0.3 uid-b\nr 10.244.0.2\n");
  first.close();
  const second = new PodIPAM("10.244.0.0/24", { dir });
  assert.deepEqual(second.entries(), [["10.244.0.3", "uid-b"]]);
  assert.equal(journal(dir), "a 10.244.0.3 uid-b\n", "rewritten with the live allocations when loaded");
  assert.equal(second.allocate("uid-b"), "10.244.0.3");
  assert.equal(second.allocate("uid-c"), "10.244.0.4", "continues after the highest address held");
});

test("PodIPAM removes its journal once nothing is allocated", (t) => {
  const dir = tempDir(t);
  const ipam = new PodIPAM("10.244.0.0/24", { dir });
  ipam.allocate("uid-a");
  ipam.release("uid-a");
  assert.deepEqual(readdirSync(dir), []);
  assert.deepEqual(new PodIPAM("10.244.0.0/24", { dir }).entries(), []);
  assert.equal(ipam.allocate("uid-b"), "10.244.0.3");
  assert.deepEqual(readAllocations(dir), [["10.244.0.3", "uid-b"]]);
});

test("PodIPAM.reserve() persists what a pod object shows", (t) => {
  const dir = tempDir(t);
  const ipam = new PodIPAM("10.244.0.0/24", { dir });
  assert.equal(ipam.reserve("uid-a", "10.244.0.77"), true);
  assert.deepEqual(readAllocations(dir), [["10.244.0.77", "uid-a"]]);
  assert.equal(new PodIPAM("10.244.0.0/24", { dir }).get("uid-a"), "10.244.0.77");
});

test("PodIPAM.reconcile() frees addresses no live pod owns", (t) => {
  const dir = tempDir(t);
  const ipam = new PodIPAM("10.244.0.0/24", { dir });
  for (const uid of ["uid-a", "uid-b", "uid-c"]) ipam.allocate(uid);
  assert.deepEqual(ipam.reconcile(["uid-b"]), ["10.244.0.2", "10.244.0.4"]);
  assert.deepEqual(ipam.entries(), [["10.244.0.3", "uid-b"]]);
  assert.deepEqual(readAllocations(dir), [["10.244.0.3", "uid-b"]]);
  assert.deepEqual(ipam.reconcile(["uid-b"]), []);
});

test("PodIPAM drops what it cannot honour when it loads a dir", (t) => {
  const cases: Array<{ name: string; journal?: string; files?: Record<string, string>; entries: Array<[string, string]>; left: string[] }> = [
    { name: "a line a crash cut short", journal: "a 10.244.0.9 uid-a\na 10.244.0.10 uid-", entries: [["10.244.0.9", "uid-a"]], left: [JOURNAL_FILE] },
    { name: "address outside the range", journal: "a 10.245.0.9 uid-a\n", entries: [], left: [] },
    { name: "a second claim on one address", journal: "a 10.244.0.9 uid-a\na 10.244.0.9 uid-b\n", entries: [["10.244.0.9", "uid-a"]], left: [JOURNAL_FILE] },
    { name: "a second address for one owner", journal: "a 10.244.0.9 uid-a\na 10.244.0.10 uid-a\n", entries: [["10.244.0.9", "uid-a"]], left: [JOURNAL_FILE] },
    { name: "released, then taken again", journal: "a 10.244.0.9 uid-a\nr 10.244.0.9\na 10.244.0.9 uid-b\n", entries: [["10.244.0.9", "uid-b"]], left: [JOURNAL_FILE] },
    { name: "lines that mean nothing", journal: "x\n\na 10.244.0.9\na 10.244.0.9 %zz\n", entries: [], left: [] },
    { name: "an owner needing escapes", journal: "a 10.244.0.9 a%20b%0A\n", entries: [["10.244.0.9", "a b\n"]], left: [JOURNAL_FILE] },
    { name: "a file per IP from an older version", files: { "10.244.0.9": "uid-a", "10.244.0.10": "uid-b" }, entries: [["10.244.0.9", "uid-a"], ["10.244.0.10", "uid-b"]], left: [JOURNAL_FILE] },
    { name: "an older empty file from a crash mid-write", files: { "10.244.0.9": "" }, entries: [], left: [] },
    { name: "an older second file for one owner", files: { "10.244.0.9": "uid-a", "10.244.0.10": "uid-a" }, entries: [["10.244.0.9", "uid-a"]], left: [JOURNAL_FILE] },
    { name: "an older file for an address the journal holds", journal: "a 10.244.0.9 uid-a\n", files: { "10.244.0.9": "uid-a" }, entries: [["10.244.0.9", "uid-a"]], left: [JOURNAL_FILE] },
    { name: "a name that is no IP is not ours", files: { "notes.txt": "x" }, entries: [], left: ["notes.txt"] },
    { name: "a rewrite a crash interrupted", journal: "a 10.244.0.9 uid-a\n", files: { [`${JOURNAL_FILE}.tmp`]: "a 10.244.0.20 uid-z\n" }, entries: [["10.244.0.9", "uid-a"]], left: [JOURNAL_FILE] },
  ];
  for (const c of cases) {
    const dir = tempDir(t);
    if (c.journal !== undefined) writeFileSync(join(dir, JOURNAL_FILE), c.journal);
    for (const [name, owner] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), owner);
    const ipam = new PodIPAM("10.244.0.0/24", { dir });
    assert.deepEqual(ipam.entries(), c.entries, c.name);
    assert.deepEqual(readdirSync(dir).sort(), c.left, c.name);
    assert.deepEqual(readAllocations(dir).sort(), c.entries.slice().sort(), `${c.name}: what the journal holds now`);
  }
});

test("PodIPAM rewrites its journal before it grows much longer than the allocations", (t) => {
  const dir = tempDir(t);
  const ipam = new PodIPAM("10.244.0.0/16", { dir });
  ipam.allocate("keeper");
  let longest = 0;
  for (let i = 0; i < 5000; i++) {
    ipam.allocate(`uid-${i}`);
    ipam.release(`uid-${i}`);
    longest = Math.max(longest, journal(dir).split("\n").length - 1);
  }
  assert.ok(longest <= 2 + 1024 + 1, `the journal reached ${longest} lines`);
  assert.deepEqual(readAllocations(dir), [["10.244.0.2", "keeper"]]);
  assert.equal(new PodIPAM("10.244.0.0/16", { dir }).get("keeper"), "10.244.0.2");
});

test("PodIPAM.close() lets go of the journal, and the next write appends to it again", (t) => {
  const dir = tempDir(t);
  const ipam = new PodIPAM("10.244.0.0/24", { dir });
  ipam.allocate("uid-a");
  ipam.close();
  appendFileSync(join(dir, JOURNAL_FILE), "a 10.244.0.50 uid-outside\n");
  ipam.allocate("uid-b");
  assert.deepEqual(readAllocations(dir), [["10.244.0.2", "uid-a"], ["10.244.0.50", "uid-outside"], ["10.244.0.3", "uid-b"]]);
});

test("PodIPAM keeps every IP it handed out across a kill -9", async (t) => {
  const dir = tempDir(t);
  // Nothing is closed or flushed before the kill: what allocate() and release() returned from must be on disk.
  const script = `
    import { PodIPAM } from ${JSON.stringify(new URL("./ipam.ts", import.meta.url).href)};
    const ipam = new PodIPAM("10.96.0.0/20", { dir: ${JSON.stringify(dir)} });
    for (let i = 0; i < 3000; i++) {
      ipam.allocate("uid-" + i);
      if (i % 3 === 2) ipam.release("uid-" + (i - 1));
    }
    process.stdout.write(JSON.stringify(ipam.entries()) + "\\n");
    setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.endsWith("\n")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`the child ended by itself: ${out}`))));
  });
  const handedOut = JSON.parse(out) as Array<[string, string]>;
  assert.equal(handedOut.length, 2000);
  const ipam = new PodIPAM("10.96.0.0/20", { dir });
  assert.deepEqual(ipam.entries(), handedOut);
  const next = ipam.allocate("uid-new");
  assert.ok(!handedOut.some(([ip]) => ip === next), `${next} is held already`);
});

test("PodIPAM creates its dir", (t) => {
  const dir = join(tempDir(t), "node", "ipam");
  new PodIPAM("10.244.0.0/24", { dir }).allocate("uid-a");
  assert.deepEqual(readdirSync(dir), [JOURNAL_FILE]);
});
