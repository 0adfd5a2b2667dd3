// The node's image store under $ORDINAL_HOME/images:
//   blobs/sha256/<hex>   image configs, content-addressed (the image ID is the config's digest)
//   layers/<hex>         each layer unpacked once, keyed by its diffID, an overlayfs lower layer
//   index.json           images, names and layer sizes (see image-index.ts)
// Layers are shared by every image and container that uses them and deleted with the last image.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { streamSource } from "./byte-source.ts";
import { decompressed } from "./decompress.ts";
import { buildImageConfig, ImageFormatError, parseImageConfig, type ImageConfig } from "./image-config.ts";
import {
  findById, hexOf, IndexCache, lookup, namesOf, readIndex, sizeOf, withIndexLock, writeIndex, ImageNotFoundError, type ImageIndex, type ImageRecord,
} from "./image-index.ts";
import { findImages } from "./image-manifests.ts";
import { openImageSource } from "./image-source.ts";
import { unpackLayer } from "./layer-unpack.ts";
import { overlayLowerDirs } from "./mounts.ts";
import { isImageID, normalizeReference, parseReference, repositoryOf } from "./reference.ts";
import { readTar } from "./tar-reader.ts";

export { ImageNotFoundError };

export interface ResolvedImage {
  /** "sha256:<hex>", the digest of the image config. */
  id: string;
  /** The normalized reference it was found by ("docker.io/library/busybox:latest"). */
  name: string;
  /** For containerStatuses[].imageID: "repo@sha256:<manifest>" when imported with one, else the ID. */
  imageRef: string;
  /** Lower layer directories, bottom to top; "/" stands for the host's root filesystem. */
  layers: string[];
  config: ImageConfig;
}

export interface ImageSummary {
  id: string;
  /** Normalized references, sorted. */
  names: string[];
  /** Bytes of file data in its layers (a host base counts nothing). */
  size: number;
  base: "scratch" | "host";
}

export interface ImportedImage {
  id: string;
  names: string[];
}

export interface RemoveResult {
  untagged: string[];
  deleted: string[];
}

export interface NewImage {
  config: ImageConfig;
  /** Layer tar streams (plain, gzip or zstd), bottom to top. */
  layers: AsyncIterable<Uint8Array>[];
  base?: "scratch" | "host";
  names: string[];
}

export class ImageStore {
  readonly root: string;
  readonly #index: IndexCache;
  /** Image configs by ID: content-addressed, so never stale. */
  readonly #configs = new Map<string, ImageConfig>();

  constructor(root: string) {
    this.root = root;
    this.#index = new IndexCache(root);
  }

  static forHome(home: string): ImageStore {
    return new ImageStore(join(home, "images"));
  }

  /** Unpacked directory of a layer by diffID. */
  layerDir(diffID: string): string {
    return join(this.root, "layers", hexOf(diffID));
  }

  /** Imports every image of an OCI layout or docker save archive; `name` names an archive of one. */
  async import(file: string, options: { name?: string } = {}): Promise<ImportedImage[]> {
    if (options.name !== undefined) normalizeReference(options.name);
    await this.#prepare();
    return withIndexLock(this.root, async () => {
      const source = await openImageSource(file, join(this.root, "tmp"));
      try {
        const found = await findImages(source);
        if (options.name !== undefined && found.length !== 1) {
          throw new ImageFormatError(`${file} holds ${found.length} images; a name can be given to one only`);
        }
        const index = await readIndex(this.root);
        const imported: ImportedImage[] = [];
        for (const image of found) {
          const parsed = parseImageConfig(image.config, `${file}: image config`);
          if (parsed.diffIDs.length !== image.layers.length) {
            throw new ImageFormatError(`${file}: the config lists ${parsed.diffIDs.length} layers, the manifest ${image.layers.length}`);
          }
          for (const [i, layer] of image.layers.entries()) {
            const diffID = parsed.diffIDs[i];
            if (await this.#hasLayer(index, diffID)) continue;
            await this.#addLayer(index, source.stream(layer.path), { diffID, digest: layer.digest, what: `${file}: ${layer.path}` });
          }
          const names = options.name !== undefined ? [options.name] : image.names;
          const record = { base: "scratch" as const, diffIDs: parsed.diffIDs, digests: image.manifestDigest ? [image.manifestDigest] : [] };
          imported.push(await this.#record(index, image.config, record, names));
        }
        await this.#commit(index);
        return imported;
      } finally {
        await source.close();
      }
    });
  }

  /** Adds an image built on this machine (busybox, host-derived). */
  async create(image: NewImage): Promise<ImportedImage> {
    image.names.forEach((n) => normalizeReference(n));
    await this.#prepare();
    return withIndexLock(this.root, async () => {
      const index = await readIndex(this.root);
      const diffIDs: string[] = [];
      for (const [i, layer] of image.layers.entries()) diffIDs.push(await this.#addLayer(index, layer, { what: `layer ${i}` }));
      const config = imageConfigBytes(image.config, diffIDs, image.base ?? "scratch");
      const created = await this.#record(index, config, { base: image.base ?? "scratch", diffIDs, digests: [] }, image.names);
      await this.#commit(index);
      return created;
    });
  }

  /** The image a pod's `image:` names, or undefined. Throws InvalidReferenceError for a bad reference. */
  async resolve(ref: string): Promise<ResolvedImage | undefined> {
    const index = await this.#index.read();
    const id = lookup(index, ref);
    if (!id) return undefined;
    const record = index.images[id];
    let config = this.#configs.get(id);
    if (!config) {
      config = parseImageConfig(await readFile(join(this.root, "blobs", "sha256", hexOf(id))), `image ${id}`).config;
      this.#configs.set(id, config);
    }
    const name = isImageID(ref) ? (namesOf(index, id)[0] ?? id) : normalizeReference(ref);
    const repo = isImageID(name) ? undefined : repositoryOf(parseReference(name));
    return {
      id,
      name,
      imageRef: repo && record.digests[0] ? `${repo}@${record.digests[0]}` : id,
      layers: [...(record.base === "host" ? ["/"] : []), ...record.diffIDs.map((d) => this.layerDir(d))],
      config: structuredClone(config),
    };
  }

  async list(): Promise<ImageSummary[]> {
    const index = await readIndex(this.root);
    return Object.entries(index.images)
      .map(([id, r]) => ({ id, names: namesOf(index, id), size: sizeOf(index, r), base: r.base }))
      .sort((a, b) => (a.names[0] ?? "~").localeCompare(b.names[0] ?? "~") || a.id.localeCompare(b.id));
  }

  /** Removes a name, or by ID (or a unique prefix of its hex) the image with all its names. */
  async remove(ref: string): Promise<RemoveResult> {
    await this.#prepare();
    return withIndexLock(this.root, async () => {
      const index = await readIndex(this.root);
      const result: RemoveResult = { untagged: [], deleted: [] };
      const byName = isImageID(ref) ? undefined : tryNormalize(ref);
      let id: string | undefined;
      if (byName && index.names[byName]) {
        id = index.names[byName];
        delete index.names[byName];
        result.untagged.push(byName);
      } else {
        id = findById(index, ref);
        if (!id) throw new ImageNotFoundError(`image ${JSON.stringify(ref)} not found`);
        for (const n of namesOf(index, id)) {
          delete index.names[n];
          result.untagged.push(n);
        }
      }
      if (namesOf(index, id).length === 0) {
        delete index.images[id];
        result.deleted.push(id);
      }
      await this.#commit(index);
      return result;
    });
  }

  /** Deletes layers kept only because a mounted rootfs used them when their image went. */
  async collectGarbage(): Promise<void> {
    await this.#prepare();
    await withIndexLock(this.root, async () => this.#commit(await readIndex(this.root)));
  }

  async #prepare(): Promise<void> {
    for (const d of ["layers", "blobs/sha256", "tmp"]) await mkdir(join(this.root, d), { recursive: true, mode: 0o700 });
  }

  async #hasLayer(index: ImageIndex, diffID: string): Promise<boolean> {
    return index.layers[diffID] !== undefined && (await stat(this.layerDir(diffID)).catch(() => undefined)) !== undefined;
  }

  /** Unpacks a (possibly compressed) layer blob, checking the digests it is expected to have. */
  async #addLayer(index: ImageIndex, blob: AsyncIterable<Uint8Array>, expect: { diffID?: string; digest?: string; what: string }): Promise<string> {
    const tmp = join(this.root, "layers", `.tmp-${randomBytes(8).toString("hex")}`);
    await mkdir(tmp, { mode: 0o755 });
    try {
      const blobHash = createHash("sha256");
      const tarHash = createHash("sha256");
      const source = streamSource(hashing(decompressed(hashing(blob, blobHash)), tarHash));
      let stats;
      try {
        stats = await unpackLayer(readTar(source), tmp);
        while ((await source.readSome(1 << 20)).length > 0);
      } finally {
        await source.close();
      }
      const digest = `sha256:${blobHash.digest("hex")}`;
      const diffID = `sha256:${tarHash.digest("hex")}`;
      if (expect.digest && digest !== expect.digest) throw new ImageFormatError(`${expect.what}: digest is ${digest}, not ${expect.digest}`);
      if (expect.diffID && diffID !== expect.diffID) throw new ImageFormatError(`${expect.what}: diffID is ${diffID}, not ${expect.diffID}`);
      if (await this.#hasLayer(index, diffID)) return diffID;
      await rm(this.layerDir(diffID), { recursive: true, force: true });
      await rename(tmp, this.layerDir(diffID));
      index.layers[diffID] = { size: stats.size };
      return diffID;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  async #record(index: ImageIndex, config: Buffer, record: ImageRecord, names: string[]): Promise<ImportedImage> {
    const id = `sha256:${createHash("sha256").update(config).digest("hex")}`;
    await writeFile(join(this.root, "blobs", "sha256", hexOf(id)), config);
    const previous = index.images[id];
    index.images[id] = { ...record, digests: [...new Set([...(previous?.digests ?? []), ...record.digests])] };
    const normalized = names.map(normalizeReference);
    for (const name of normalized) {
      const old = index.names[name];
      index.names[name] = id;
      // An image that loses its last name to a newer one goes, as in containerd; unnamed imports stay.
      if (old && old !== id && namesOf(index, old).length === 0) delete index.images[old];
    }
    return { id, names: normalized };
  }

  /**
   * Writes the index, then deletes layers and blobs no image refers to any more. A layer that a
   * mounted rootfs still uses stays until a later change finds it unused.
   */
  async #commit(index: ImageIndex): Promise<void> {
    const used = new Set(Object.values(index.images).flatMap((r) => r.diffIDs));
    // A layer named relative to an unknown directory might be ours: keep it (see rootfs.ts).
    const mounted = new Set((await overlayLowerDirs()).map((d) => (d.startsWith("/") ? d : hexOf(d.split("/").at(-1)!))));
    for (const diffID of Object.keys(index.layers)) {
      if (!used.has(diffID) && !mounted.has(this.layerDir(diffID)) && !mounted.has(hexOf(diffID))) delete index.layers[diffID];
    }
    await writeIndex(this.root, index);
    const keepLayers = new Set(Object.keys(index.layers).map(hexOf));
    for (const entry of await readdir(join(this.root, "layers"))) {
      if (!keepLayers.has(entry)) await rm(join(this.root, "layers", entry), { recursive: true, force: true });
    }
    const keepBlobs = new Set(Object.keys(index.images).map(hexOf));
    for (const entry of await readdir(join(this.root, "blobs", "sha256"))) {
      if (!keepBlobs.has(entry)) await rm(join(this.root, "blobs", "sha256", entry), { force: true });
    }
  }
}

/** Host-based images carry a label so that their ID differs from an image of the same layers. */
function imageConfigBytes(config: ImageConfig, diffIDs: string[], base: "scratch" | "host"): Buffer {
  const labels = base === "host" ? { ...config.labels, "io.ordinal.image.base": "host-root" } : config.labels;
  return buildImageConfig({ ...config, labels }, diffIDs);
}

async function* hashing(chunks: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
}

function tryNormalize(ref: string): string | undefined {
  try {
    return normalizeReference(ref);
  } catch {
    return undefined;
  }
}
