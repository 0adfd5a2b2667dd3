// Writes one layer tar into an empty directory in the form overlayfs reads as a lower layer:
// an OCI whiteout ".wh.NAME" becomes a 0/0 character device NAME, and ".wh..wh..opq" marks its
// directory opaque with trusted.overlay.opaque=y. Each layer is unpacked on its own (as docker's
// overlay2 driver does), so the directory depends on the layer's content only and is shared by
// every image and container that uses it.
import { chmod, lchown, link, lstat, mkdir, open, rm, symlink, lutimes } from "node:fs/promises";
import { join } from "node:path";
import { makeNodes, setXattrs, type DeviceNode } from "./host-tools.ts";
import type { TarEntry } from "./tar-reader.ts";

export class LayerError extends Error {
  override name = "LayerError";
}

export interface UnpackStats {
  /** Bytes of regular file data (hardlinks counted once). */
  size: number;
  entries: number;
}

interface Meta {
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
}

const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";
const OPAQUE_XATTR = new Map([["trusted.overlay.opaque", Buffer.from("y")]]);

/** Unpacks into `dir`, which must exist and be empty. */
export async function unpackLayer(entries: AsyncIterable<TarEntry>, dir: string): Promise<UnpackStats> {
  const w = new LayerWriter(dir);
  for await (const e of entries) await w.add(e);
  await w.finish();
  return { size: w.size, entries: w.count };
}

/** "./a//b/" -> "a/b"; ".." may not climb out of the layer. */
export function cleanPath(name: string): string {
  const out: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) throw new LayerError(`${JSON.stringify(name)} points outside the layer`);
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

class LayerWriter {
  readonly #dir: string;
  /** Paths checked to be real directories, so that no write goes through a symlink. */
  readonly #dirs = new Set<string>([""]);
  readonly #dirMeta = new Map<string, Meta>();
  readonly #nodes = new Map<string, { node: DeviceNode; meta?: Meta }>();
  readonly #xattrs = new Map<string, Map<string, Buffer>>();
  size = 0;
  count = 0;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async add(e: TarEntry): Promise<void> {
    this.count++;
    const rel = cleanPath(e.name);
    const slash = rel.lastIndexOf("/");
    const parent = slash < 0 ? "" : rel.slice(0, slash);
    const base = rel.slice(slash + 1);
    const meta: Meta = { mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime };
    if (base === OPAQUE) {
      await this.#ensureDir(parent);
      this.#addXattrs(parent, OPAQUE_XATTR);
      return;
    }
    if (base.startsWith(`${WHITEOUT}${WHITEOUT}`)) return; // aufs bookkeeping, meaningless here
    if (base.startsWith(WHITEOUT)) {
      const target = parent ? `${parent}/${base.slice(WHITEOUT.length)}` : base.slice(WHITEOUT.length);
      await this.#ensureDir(parent);
      await this.#replace(target, false);
      this.#nodes.set(target, { node: { path: target, kind: "char", major: 0, minor: 0 } });
      return;
    }
    if (rel === "") {
      if (e.type !== "directory") throw new LayerError(`${JSON.stringify(e.name)} names the layer root but is a ${e.type}`);
      this.#dirMeta.set("", meta);
      return;
    }
    await this.#ensureDir(parent);
    await this.#replace(rel, e.type === "directory");
    const path = join(this.#dir, rel);
    this.#addXattrs(rel, new Map([...e.xattrs].filter(([k]) => !k.startsWith("trusted.overlay."))));
    switch (e.type) {
      case "directory":
        await mkdir(path, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== "EEXIST") throw err;
        });
        this.#dirs.add(rel);
        this.#dirMeta.set(rel, meta);
        return;
      case "file":
        await this.#writeFile(path, e);
        this.size += e.size;
        return applyMeta(path, meta, true);
      case "symlink":
        await symlink(e.linkname, path);
        return applyMeta(path, meta, false);
      case "hardlink": {
        const target = cleanPath(e.linkname);
        if (!(await this.#isInside(target))) {
          throw new LayerError(`hardlink ${JSON.stringify(e.name)} points to ${JSON.stringify(e.linkname)}, which is not an earlier file of the layer`);
        }
        await link(join(this.#dir, target), path);
        return;
      }
      default:
        this.#nodes.set(rel, { node: { path: rel, kind: e.type, major: e.devmajor, minor: e.devminor }, meta });
    }
  }

  async finish(): Promise<void> {
    await makeNodes(this.#dir, [...this.#nodes.values()].map((n) => n.node));
    for (const [rel, { meta }] of this.#nodes) if (meta) await applyMeta(join(this.#dir, rel), meta, true);
    await setXattrs(this.#dir, this.#xattrs);
    if (!this.#dirMeta.has("")) await chmod(this.#dir, 0o755);
    const deepestFirst = [...this.#dirMeta].sort(([a], [b]) => b.split("/").length - a.split("/").length);
    for (const [rel, meta] of deepestFirst) await applyMeta(join(this.#dir, rel), meta, true);
  }

  #addXattrs(rel: string, values: ReadonlyMap<string, Buffer>): void {
    if (values.size > 0) this.#xattrs.set(rel, new Map([...(this.#xattrs.get(rel) ?? []), ...values]));
  }

  async #writeFile(path: string, e: TarEntry): Promise<void> {
    const handle = await open(path, "wx", 0o600);
    try {
      for await (const chunk of e.body()) {
        let done = 0;
        while (done < chunk.length) done += (await handle.write(chunk, done)).bytesWritten;
      }
    } finally {
      await handle.close();
    }
  }

  /** Creates the directory and its parents as needed; refuses to walk through anything else. */
  async #ensureDir(rel: string): Promise<void> {
    if (this.#dirs.has(rel)) return;
    const slash = rel.lastIndexOf("/");
    await this.#ensureDir(slash < 0 ? "" : rel.slice(0, slash));
    const path = join(this.#dir, rel);
    const st = await lstat(path).catch(() => undefined);
    if (!st) await mkdir(path, { mode: 0o755 });
    else if (!st.isDirectory()) throw new LayerError(`${JSON.stringify(rel)} is used as a directory but is not one`);
    this.#dirs.add(rel);
  }

  /** Clears the way for a new entry at `rel`: a later entry replaces an earlier one. */
  async #replace(rel: string, keepDirectory: boolean): Promise<void> {
    const path = join(this.#dir, rel);
    const st = await lstat(path).catch(() => undefined);
    this.#nodes.delete(rel);
    if (!st || (keepDirectory && st.isDirectory())) return;
    await rm(path, { recursive: true, force: true });
    const prefix = `${rel}/`;
    for (const set of [this.#dirs, this.#dirMeta, this.#nodes, this.#xattrs]) {
      for (const key of set.keys()) if (key === rel || key.startsWith(prefix)) set.delete(key);
    }
  }

  /** True when `rel` is an existing non-directory reached through real directories only. */
  async #isInside(rel: string): Promise<boolean> {
    if (rel === "") return false;
    const parts = rel.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (this.#dirs.has(dir)) continue;
      const st = await lstat(join(this.#dir, dir)).catch(() => undefined);
      if (!st?.isDirectory()) return false;
    }
    const st = await lstat(join(this.#dir, rel)).catch(() => undefined);
    return st !== undefined && !st.isDirectory();
  }
}

async function applyMeta(path: string, meta: Meta, withMode: boolean): Promise<void> {
  await lchown(path, meta.uid, meta.gid);
  // chown clears set-user-ID bits, so the mode goes after it.
  if (withMode) await chmod(path, meta.mode);
  await lutimes(path, meta.mtime, meta.mtime);
}
