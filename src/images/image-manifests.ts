// Finds the images in an import source: `docker save` archives list them in manifest.json (with
// their names), OCI image layouts in index.json (names in annotations; multi-platform indexes are
// narrowed to this machine's platform).
import { createHash } from "node:crypto";
import { goArch, ImageFormatError, object, parseJson } from "./image-config.ts";
import type { ImageSource } from "./image-source.ts";

export interface FoundLayer {
  /** Member of the source holding the layer blob. */
  path: string;
  /** Digest of the blob as stored (compressed or not), when the manifest gives one. */
  digest?: string;
}

export interface FoundImage {
  config: Buffer;
  layers: FoundLayer[];
  /** References as written in the source: full ("docker.io/library/busybox:1.36") or short ("busybox:1.36"). */
  names: string[];
  /** The manifest's digest, for references pinned by digest. */
  manifestDigest?: string;
}

const INDEX_TYPES = new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);
const MANIFEST_TYPES = new Set([
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
]);

export async function findImages(source: ImageSource): Promise<FoundImage[]> {
  if (await source.has("manifest.json")) return dockerSaveImages(source);
  if (await source.has("index.json")) return ociLayoutImages(source);
  throw new ImageFormatError(`${source.label} is neither an OCI image layout (index.json) nor a docker save archive (manifest.json)`);
}

async function dockerSaveImages(source: ImageSource): Promise<FoundImage[]> {
  let doc: unknown;
  try {
    doc = JSON.parse((await source.read("manifest.json")).toString("utf8"));
  } catch (e) {
    throw new ImageFormatError(`${source.label}: manifest.json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(doc)) throw new ImageFormatError(`${source.label}: manifest.json is not a list`);
  const images: FoundImage[] = [];
  for (const item of doc) {
    const m = object(item);
    if (!m || typeof m.Config !== "string" || !Array.isArray(m.Layers) || m.Layers.some((l) => typeof l !== "string")) {
      throw new ImageFormatError(`${source.label}: manifest.json entries need Config and Layers`);
    }
    const names = Array.isArray(m.RepoTags) ? m.RepoTags.filter((t): t is string => typeof t === "string") : [];
    images.push({
      config: await source.read(m.Config),
      layers: (m.Layers as string[]).map((path) => ({ path })),
      names,
    });
  }
  return images;
}

async function ociLayoutImages(source: ImageSource): Promise<FoundImage[]> {
  const index = parseJson(await source.read("index.json"), `${source.label}: index.json`);
  const images: FoundImage[] = [];
  for (const d of descriptors(index.manifests, "index.json", source)) {
    const names = layoutName(d.annotations);
    const manifest = await resolveManifest(source, d, 0);
    if (!manifest) continue;
    const m = manifest.doc;
    const config = descriptors([m.config], `manifest ${manifest.digest}`, source)[0];
    images.push({
      config: await readBlob(source, config.digest),
      layers: descriptors(m.layers, `manifest ${manifest.digest}`, source).map((l) => {
        if (!l.mediaType.includes("layer")) throw new ImageFormatError(`${source.label}: unsupported layer media type ${l.mediaType}`);
        if (l.mediaType.includes("nondistributable") || l.mediaType.includes("foreign")) {
          throw new ImageFormatError(`${source.label}: not implemented: foreign layers (${l.mediaType})`);
        }
        return { path: blobPath(l.digest), digest: l.digest };
      }),
      names,
      manifestDigest: manifest.digest,
    });
  }
  if (images.length === 0) throw new ImageFormatError(`${source.label}: no image for linux/${goArch()}`);
  return images;
}

/**
 * containerd and buildkit put the full name in io.containerd.image.name; the OCI annotation
 * org.opencontainers.image.ref.name is often only a tag ("latest"), which names no repository.
 */
function layoutName(annotations: Record<string, unknown>): string[] {
  const full = annotations["io.containerd.image.name"];
  if (typeof full === "string") return [full];
  const ref = annotations["org.opencontainers.image.ref.name"];
  return typeof ref === "string" && /[/:@]/.test(ref) ? [ref] : [];
}

interface Descriptor {
  mediaType: string;
  digest: string;
  annotations: Record<string, unknown>;
  platform?: Record<string, unknown>;
}

/** Descends through indexes to the manifest for this platform; undefined when none matches. */
async function resolveManifest(source: ImageSource, d: Descriptor, depth: number): Promise<{ digest: string; doc: Record<string, unknown> } | undefined> {
  if (depth > 4) throw new ImageFormatError(`${source.label}: image indexes nest too deep`);
  if (d.platform && !matchesPlatform(d.platform)) return undefined;
  const doc = parseJson(await readBlob(source, d.digest), `${source.label}: ${d.digest}`);
  const mediaType = typeof doc.mediaType === "string" ? doc.mediaType : d.mediaType;
  if (INDEX_TYPES.has(mediaType) || (!MANIFEST_TYPES.has(mediaType) && Array.isArray(doc.manifests))) {
    for (const child of descriptors(doc.manifests, d.digest, source)) {
      if (!child.platform || !(await source.has(blobPath(child.digest)))) continue;
      const found = await resolveManifest(source, child, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!MANIFEST_TYPES.has(mediaType) && !object(doc.config)) {
    throw new ImageFormatError(`${source.label}: unsupported manifest media type ${mediaType}`);
  }
  return { digest: d.digest, doc };
}

function matchesPlatform(p: Record<string, unknown>): boolean {
  return (p.os === undefined || p.os === "linux") && (p.architecture === undefined || p.architecture === goArch());
}

function descriptors(list: unknown, where: string, source: ImageSource): Descriptor[] {
  if (!Array.isArray(list)) throw new ImageFormatError(`${source.label}: ${where} has no descriptor list`);
  return list.map((item) => {
    const d = object(item);
    if (!d || typeof d.digest !== "string" || !/^sha256:[0-9a-f]{64}$/.test(d.digest)) {
      throw new ImageFormatError(`${source.label}: ${where} has a descriptor without a sha256 digest`);
    }
    return {
      mediaType: typeof d.mediaType === "string" ? d.mediaType : "",
      digest: d.digest,
      annotations: object(d.annotations) ?? {},
      platform: object(d.platform),
    };
  });
}

function blobPath(digest: string): string {
  return `blobs/${digest.replace(":", "/")}`;
}

async function readBlob(source: ImageSource, digest: string): Promise<Buffer> {
  const bytes = await source.read(blobPath(digest));
  const actual = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  if (actual !== digest) throw new ImageFormatError(`${source.label}: blob ${digest} has digest ${actual}`);
  return bytes;
}
