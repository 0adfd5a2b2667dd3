// Shared by the image tests: temporary directories that are always removed, and a check that a
// test left nothing mounted.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mountsUnder, unmount } from "./mounts.ts";
import { streamSource } from "./byte-source.ts";
import { readTar, type TarEntry } from "./tar-reader.ts";
import { tarBytes, type TarWriteEntry } from "./tar-writer.ts";

/** Runs `fn` in a fresh directory; unmounts anything left below it and removes it afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-images-"));
  try {
    return await fn(dir);
  } finally {
    const left = await mountsUnder(dir);
    for (const m of left) await unmount(m);
    await rm(dir, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`the test left mounts behind: ${left.join(", ")}`);
  }
}

export async function* tarEntriesOf(entries: TarWriteEntry[]): AsyncGenerator<TarEntry> {
  const bytes = await tarBytes(entries);
  yield* readTar(streamSource((async function* () { yield bytes; })()));
}
