// A small image from Debian's busybox-static, for tests and examples on machines with no
// registry: /bin/busybox, a symlink per applet at the path busybox lists for it, /etc/passwd and
// /etc/group, /tmp. Times and owners are fixed, so the same busybox gives the same image ID.
import { open, readFile, stat } from "node:fs/promises";
import { run } from "./host-tools.ts";
import { DEFAULT_PATH } from "./host-image.ts";
import type { ImageStore, ImportedImage } from "./image-store.ts";
import { writeTar, type TarWriteEntry } from "./tar-writer.ts";

export const BUSYBOX = "/bin/busybox";

const PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
const GROUP = "root:x:0:\nnogroup:x:65534:\n";

export async function buildBusyboxImage(store: ImageStore, name = "busybox:latest", busybox = BUSYBOX): Promise<ImportedImage> {
  if (!(await stat(busybox).catch(() => undefined))?.isFile()) {
    throw new Error(`${busybox} is missing: install Debian's busybox-static (apt-get install busybox-static)`);
  }
  if (!(await isStatic(busybox))) {
    throw new Error(`${busybox} is dynamically linked and cannot run alone in an image: install busybox-static instead of busybox`);
  }
  const applets = (await run(busybox, ["--list-full"])).split("\n").filter((p) => p !== "" && !p.includes(".."));
  const binary = await readFile(busybox);
  const entries: TarWriteEntry[] = [];
  const dirs = new Set(["bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "proc", "sys", "var", "home"]);
  for (const p of applets) for (let i = p.indexOf("/"); i > 0; i = p.indexOf("/", i + 1)) dirs.add(p.slice(0, i));
  for (const d of [...dirs].sort()) entries.push({ name: `${d}/`, type: "directory", mode: 0o755 });
  entries.push(
    { name: "etc/", type: "directory", mode: 0o755 },
    { name: "etc/passwd", type: "file", data: Buffer.from(PASSWD), mode: 0o644 },
    { name: "etc/group", type: "file", data: Buffer.from(GROUP), mode: 0o644 },
    { name: "root/", type: "directory", mode: 0o700 },
    { name: "tmp/", type: "directory", mode: 0o1777 },
    { name: "bin/busybox", type: "file", data: binary, mode: 0o755 },
  );
  for (const p of [...new Set(applets)].sort()) {
    if (p !== "bin/busybox") entries.push({ name: p, type: "symlink", linkname: "/bin/busybox", mode: 0o777 });
  }
  return store.create({
    config: { env: [DEFAULT_PATH], cmd: ["sh"], exposedPorts: [], labels: {} },
    layers: [writeTar(entries)],
    names: [name],
  });
}

/** True for an ELF executable with no program interpreter (PT_INTERP), i.e. statically linked. */
async function isStatic(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const header = Buffer.alloc(64);
    await handle.read(header, 0, 64, 0);
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2 || header[5] !== 1) return false; // 64-bit little-endian ELF
    const phoff = Number(header.readBigUInt64LE(0x20));
    const phentsize = header.readUInt16LE(0x36);
    const phnum = header.readUInt16LE(0x38);
    const table = Buffer.alloc(phentsize * phnum);
    await handle.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false;
    return true;
  } finally {
    await handle.close();
  }
}
