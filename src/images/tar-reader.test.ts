import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { streamSource } from "./byte-source.ts";
import { readTar, TarError, type TarEntry } from "./tar-reader.ts";
import { headerBlock, tarBytes, type HeaderFields } from "./tar-writer.ts";

interface ReadEntry {
  name: string;
  type: string;
  size: number;
  linkname: string;
  data: string;
  [more: string]: unknown;
}

async function readAll(bytes: Buffer, chunkSize = bytes.length || 1): Promise<ReadEntry[]> {
  const chunks = async function* () {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  };
  const out: ReadEntry[] = [];
  for await (const e of readTar(streamSource(chunks()))) {
    const parts: Buffer[] = [];
    for await (const part of e.body()) parts.push(part);
    out.push({ name: e.name, type: e.type, size: e.size, linkname: e.linkname, data: Buffer.concat(parts).toString(), ...extra(e) });
  }
  return out;
}

function extra(e: TarEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.uid) out.uid = e.uid;
  if (e.mode !== 0o644 && e.mode !== 0o755) out.mode = e.mode;
  if (e.mtime) out.mtime = e.mtime;
  if (e.xattrs.size) out.xattrs = Object.fromEntries([...e.xattrs].map(([k, v]) => [k, v.toString()]));
  if (e.devmajor || e.devminor) out.dev = [e.devmajor, e.devminor];
  return out;
}

function raw(...parts: (HeaderFields | string)[]): Buffer {
  const blocks = parts.map((p) => {
    if (typeof p !== "string") return headerBlock(p);
    const data = Buffer.from(p);
    return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
  });
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

const long = (n: number, c = "d") => `${`${c}/`.repeat(n / 2)}end`;
const paxRecord = (key: string, value: string) => {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return `${len}${body}`;
};
const entry = (name: string, type: string, more: Partial<ReadEntry> = {}): ReadEntry =>
  ({ name, type, size: 0, linkname: "", data: "", ...more });

const cases: { name: string; archive: () => Promise<Buffer> | Buffer; want: ReadEntry[] }[] = [
  {
    name: "ustar file, directory, symlink, hardlink and devices",
    archive: () => tarBytes([
      { name: "etc/", type: "directory" },
      { name: "etc/hosts", type: "file", data: Buffer.from("127.0.0.1 localhost\n"), uid: 7, mtime: 1700000000 },
      { name: "etc/link", type: "symlink", linkname: "hosts", mode: 0o777 },
      { name: "etc/hard", type: "hardlink", linkname: "etc/hosts" },
      { name: "dev/null", type: "char", devmajor: 1, devminor: 3, mode: 0o666 },
      { name: "dev/sda", type: "block", devmajor: 8, devminor: 0, mode: 0o660 },
      { name: "run/fifo", type: "fifo", mode: 0o600 },
    ]),
    want: [
      entry("etc/", "directory"),
      entry("etc/hosts", "file", { size: 20, data: "127.0.0.1 localhost\n", uid: 7, mtime: 1700000000 }),
      entry("etc/link", "symlink", { linkname: "hosts", mode: 0o777 }),
      entry("etc/hard", "hardlink", { linkname: "etc/hosts" }),
      entry("dev/null", "char", { mode: 0o666, dev: [1, 3] }),
      entry("dev/sda", "block", { mode: 0o660, dev: [8, 0] }),
      entry("run/fifo", "fifo", { mode: 0o600 }),
    ],
  },
  {
    name: "ustar prefix field joins the name",
    archive: () => raw({ name: "file.txt", prefix: long(140), flag: "0", size: 2 }, "hi"),
    want: [entry(`${long(140)}/file.txt`, "file", { size: 2, data: "hi" })],
  },
  {
    name: "GNU magic ignores the prefix area",
    archive: () => raw({ name: "a", prefix: "junk", flag: "0", magic: "gnu" }),
    want: [entry("a", "file")],
  },
  {
    name: "pax path, linkpath, size, uid, mtime and xattrs",
    archive: () => tarBytes([
      { name: long(300), type: "symlink", linkname: long(200, "t") },
      { name: "bin/ping", type: "file", data: Buffer.from("x"), uid: 0o10000000, xattrs: new Map([["security.capability", Buffer.from("cap")]]) },
    ]),
    want: [
      entry(long(300), "symlink", { linkname: long(200, "t") }),
      entry("bin/ping", "file", { size: 1, data: "x", uid: 0o10000000, xattrs: { "security.capability": "cap" } }),
    ],
  },
  {
    name: "pax global headers apply to every later entry, local ones to the next",
    archive: () => raw(
      { name: "g", flag: "g", size: paxRecord("uid", "42").length }, paxRecord("uid", "42"),
      { name: "x", flag: "x", size: paxRecord("mtime", "1234.5").length }, paxRecord("mtime", "1234.5"),
      { name: "one", flag: "0" },
      { name: "two", flag: "0" },
    ),
    want: [entry("one", "file", { uid: 42, mtime: 1234 }), entry("two", "file", { uid: 42 })],
  },
  {
    name: "GNU long name and long link entries",
    archive: () => tarBytes([{ name: long(400), type: "hardlink", linkname: long(300, "h") }], { longNames: "gnu" }),
    want: [entry(long(400), "hardlink", { linkname: long(300, "h") })],
  },
  {
    name: "old-style directory: type NUL with a trailing slash",
    archive: () => raw({ name: "olddir/", flag: "\0" }),
    want: [entry("olddir/", "directory")],
  },
  {
    name: "header-only types carry no data even with a size",
    archive: () => raw({ name: "d", flag: "5", size: 3 }, { name: "f", flag: "0", size: 1 }, "z"),
    want: [entry("d", "directory"), entry("f", "file", { size: 1, data: "z" })],
  },
  {
    name: "base-256 numbers",
    archive: () => {
      const block = headerBlock({ name: "big", flag: "0" });
      block.fill(0, 108, 116);
      block[108] = 0x80;
      block.writeUInt32BE(3_000_000_000, 112);
      block.fill(0x20, 148, 156);
      let sum = 0;
      for (const b of block) sum += b;
      block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "latin1");
      return Buffer.concat([block, Buffer.alloc(1024)]);
    },
    want: [entry("big", "file", { uid: 3_000_000_000 })],
  },
  {
    name: "end of input at a block boundary without the trailer",
    archive: () => headerBlock({ name: "a", flag: "0" }),
    want: [entry("a", "file")],
  },
];

for (const c of cases) {
  test(`readTar() reads ${c.name}`, async () => {
    const bytes = await c.archive();
    assert.deepEqual(await readAll(bytes), c.want);
    assert.deepEqual(await readAll(bytes, 7), c.want, "the same in 7-byte chunks");
  });
}

const errors: { name: string; archive: () => Buffer; message: RegExp }[] = [
  { name: "a bad checksum", archive: () => { const b = raw({ name: "a", flag: "0" }); b[0] = 0x62; return b; }, message: /checksum/ },
  { name: "a truncated header", archive: () => headerBlock({ name: "a", flag: "0" }).subarray(0, 300), message: /truncated header/ },
  { name: "truncated data", archive: () => Buffer.concat([headerBlock({ name: "a", flag: "0", size: 2000 }), Buffer.alloc(600)]), message: /truncated data/ },
  { name: "an unknown entry type", archive: () => raw({ name: "a", flag: "S" }), message: /unsupported tar entry type "S"/ },
  { name: "a malformed pax record", archive: () => raw({ name: "x", flag: "x", size: 9 }, "99 path=a", { name: "a", flag: "0" }), message: /malformed pax/ },
  { name: "a pax record without a space", archive: () => raw({ name: "x", flag: "x", size: 17 }, `${paxRecord("uid", "1")}9xpath=a\n`, { name: "a", flag: "0" }), message: /malformed pax/ },
  { name: "a pax sparse file", archive: () => raw({ name: "x", flag: "x", size: paxRecord("GNU.sparse.major", "1").length }, paxRecord("GNU.sparse.major", "1"), { name: "a", flag: "0" }), message: /sparse/ },
  { name: "a non-octal number", archive: () => { const b = headerBlock({ name: "a", flag: "0", mode: 0o644 }); return fixSum(b, () => b.write("12x", 100, "latin1")); }, message: /invalid mode/ },
];

function fixSum(block: Buffer, edit: () => void): Buffer {
  edit();
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "latin1");
  return Buffer.concat([block, Buffer.alloc(1024)]);
}

for (const c of errors) {
  test(`readTar() rejects ${c.name} with a TarError`, async () => {
    await assert.rejects(readAll(c.archive()), (e: unknown) => e instanceof TarError && c.message.test(e.message));
  });
}

test("readTar() skips the data of entries whose body is not read", async () => {
  const bytes = await tarBytes([
    { name: "a", type: "file", data: Buffer.alloc(1500, 1) },
    { name: "b", type: "file", data: Buffer.from("kept") },
  ]);
  const names: string[] = [];
  let last = "";
  for await (const e of readTar(streamSource((async function* () { yield bytes; })()))) {
    names.push(e.name);
    if (e.name === "b") for await (const part of e.body()) last += part.toString();
  }
  assert.deepEqual(names, ["a", "b"]);
  assert.equal(last, "kept");
});

async function outcome(bytes: Buffer): Promise<"ok" | "tar-error"> {
  try {
    await readAll(bytes, 97);
    return "ok";
  } catch (e) {
    if (e instanceof TarError) return "tar-error";
    throw e;
  }
}

test("readTar() gives entries or a TarError for arbitrary bytes", async () => {
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
    await outcome(Buffer.from(bytes));
  }), { numRuns: 300 });
});

test("readTar() gives entries or a TarError for corrupted archives", async () => {
  const valid = await tarBytes([
    { name: long(300), type: "file", data: Buffer.from("data"), xattrs: new Map([["user.a", Buffer.from("b")]]) },
    { name: "l", type: "symlink", linkname: long(150) },
  ]);
  const gnu = await tarBytes([{ name: long(300), type: "file", data: Buffer.from("x") }], { longNames: "gnu" });
  await fc.assert(fc.asyncProperty(
    fc.constantFrom(valid, gnu),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    fc.nat(),
    async (archive, flips, cut) => {
      const bytes = Buffer.from(archive);
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      await outcome(bytes.subarray(0, bytes.length - (cut % 600)));
    },
  ), { numRuns: 500 });
});
