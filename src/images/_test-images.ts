// Image archives built in tests: an OCI image layout (directory or tar) and a `docker save`
// archive, from layers given as tar entries.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync, zstdCompressSync } from "node:zlib";
import { tarBytes, type TarWriteEntry } from "./tar-writer.ts";

export interface TestLayer {
  entries: TarWriteEntry[];
  compression?: "none" | "gzip" | "zstd";
}

export interface TestImage {
  layers: TestLayer[];
  config?: Record<string, unknown>;
  architecture?: string;
}

export interface BuiltImage {
  config: Buffer;
  id: string;
  diffIDs: string[];
  blobs: { digest: string; bytes: Buffer; mediaType: string }[];
}

export const sha256 = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const text = (s: string) => Buffer.from(s);

export async function buildImage(image: TestImage): Promise<BuiltImage> {
  const blobs: BuiltImage["blobs"] = [];
  const diffIDs: string[] = [];
  for (const layer of image.layers) {
    const tar = await tarBytes(layer.entries);
    diffIDs.push(sha256(tar));
    const c = layer.compression ?? "gzip";
    const bytes = c === "gzip" ? gzipSync(tar) : c === "zstd" ? zstdCompressSync(tar) : tar;
    const mediaType = `application/vnd.oci.image.layer.v1.tar${c === "none" ? "" : `+${c}`}`;
    blobs.push({ digest: sha256(bytes), bytes, mediaType });
  }
  const config = Buffer.from(JSON.stringify({
    architecture: image.architecture ?? "amd64",
    os: "linux",
    config: image.config ?? {},
    rootfs: { type: "layers", diff_ids: diffIDs },
  }));
  return { config, id: sha256(config), diffIDs, blobs };
}

/** Writes an OCI image layout; `platforms` adds an image index with one manifest per image. */
export async function writeOciLayout(dir: string, images: { image: BuiltImage; name?: string }[], options: { index?: boolean } = {}): Promise<void> {
  await mkdir(join(dir, "blobs", "sha256"), { recursive: true });
  const put = async (bytes: Buffer) => {
    const digest = sha256(bytes);
    await writeFile(join(dir, "blobs", "sha256", digest.slice(7)), bytes);
    return { digest, size: bytes.length };
  };
  const manifests = [];
  for (const { image, name } of images) {
    for (const b of image.blobs) await put(b.bytes);
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...(await put(image.config)) },
      layers: image.blobs.map((b) => ({ mediaType: b.mediaType, digest: b.digest, size: b.bytes.length })),
    }));
    const arch = JSON.parse(image.config.toString()).architecture;
    manifests.push({
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      ...(await put(manifest)),
      ...(options.index ? { platform: { os: "linux", architecture: arch } } : {}),
      ...(name ? { annotations: { "io.containerd.image.name": name, "org.opencontainers.image.ref.name": name.split(":").at(-1) } } : {}),
    });
  }
  let top = manifests;
  if (options.index) {
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests }));
    top = [{ mediaType: "application/vnd.oci.image.index.v1+json", ...(await put(index)), annotations: manifests[0].annotations } as never];
  }
  await writeFile(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  await writeFile(join(dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests: top }));
}

/** A `docker save` archive as docker before 25 wrote it: <id>/layer.tar, <hex>.json, manifest.json. */
export async function dockerSaveTar(images: { image: BuiltImage; tags: string[] }[]): Promise<Buffer> {
  const entries: TarWriteEntry[] = [];
  const manifest = [];
  const seen = new Map<string, string>();
  for (const { image, tags } of images) {
    const configName = `${image.id.slice(7)}.json`;
    entries.push({ name: configName, type: "file", data: image.config });
    const layerPaths: string[] = [];
    for (const [i, b] of image.blobs.entries()) {
      const dir = createHash("sha256").update(`${image.id}/${i}`).digest("hex");
      const path = `${dir}/layer.tar`;
      entries.push({ name: `${dir}/`, type: "directory" });
      const first = seen.get(b.digest);
      if (first) entries.push({ name: path, type: "symlink", linkname: `../${first}` });
      else entries.push({ name: path, type: "file", data: b.bytes });
      seen.set(b.digest, first ?? path);
      layerPaths.push(path);
    }
    manifest.push({ Config: configName, RepoTags: tags, Layers: layerPaths });
  }
  entries.push({ name: "manifest.json", type: "file", data: text(JSON.stringify(manifest)) });
  return tarBytes(entries);
}
