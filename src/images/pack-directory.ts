// A directory as a layer tar: what `image host --add DIR` puts on top of the host's root. Names
// are sorted and metadata kept (mode, owner, mtime, hardlinks), so the same tree gives the same
// diffID. Sockets cannot be stored and are left out, as tar does.
import { createReadStream } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import type { TarWriteEntry } from "./tar-writer.ts";
import { writeTar } from "./tar-writer.ts";

export function packDirectory(dir: string): AsyncIterable<Buffer> {
  return writeTar(walk(dir));
}

async function* walk(root: string): AsyncGenerator<TarWriteEntry> {
  const firstNameOfInode = new Map<string, string>();
  async function* visit(rel: string): AsyncGenerator<TarWriteEntry> {
    const names = (await readdir(join(root, rel))).sort();
    for (const name of names) {
      const path = rel ? `${rel}/${name}` : name;
      const abs = join(root, path);
      const st = await lstat(abs);
      const meta = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) };
      if (st.isDirectory()) {
        yield { name: `${path}/`, type: "directory", ...meta };
        yield* visit(path);
      } else if (st.isSymbolicLink()) {
        yield { name: path, type: "symlink", linkname: await readlink(abs), ...meta };
      } else if (st.isFile()) {
        const inode = `${st.dev}:${st.ino}`;
        const first = st.nlink > 1 ? firstNameOfInode.get(inode) : undefined;
        if (first !== undefined) {
          yield { name: path, type: "hardlink", linkname: first, ...meta };
          continue;
        }
        if (st.nlink > 1) firstNameOfInode.set(inode, path);
        yield { name: path, type: "file", size: st.size, data: () => createReadStream(abs), ...meta };
      } else if (st.isCharacterDevice() || st.isBlockDevice()) {
        yield { name: path, type: st.isCharacterDevice() ? "char" : "block", devmajor: major(st.rdev), devminor: minor(st.rdev), ...meta };
      } else if (st.isFIFO()) {
        yield { name: path, type: "fifo", ...meta };
      }
    }
  }
  yield* visit("");
}

// Linux dev_t: major in bits 8-19 and 32-43, minor in bits 0-7 and 20-31.
function major(rdev: number): number {
  return ((rdev >>> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
}

function minor(rdev: number): number {
  return (rdev & 0xff) | ((rdev >>> 12) & ~0xff);
}
