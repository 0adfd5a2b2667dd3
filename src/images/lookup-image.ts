// What the runtime asks before creating a container: the image for a pod's `image:` and
// `imagePullPolicy`, or the waiting reason and message the kubelet would show. Pulling from
// registries is not implemented yet, so every policy uses the image already in the store.
import type { ImageStore, ResolvedImage } from "./image-store.ts";
import { InvalidReferenceError } from "./reference.ts";

export type ImageLookup =
  | { ok: true; image: ResolvedImage }
  | { ok: false; reason: "ErrImageNeverPull" | "ErrImagePull" | "InvalidImageName"; message: string };

export async function lookupImage(store: ImageStore, image: string, pullPolicy: string | undefined): Promise<ImageLookup> {
  let found: ResolvedImage | undefined;
  try {
    found = await store.resolve(image);
  } catch (e) {
    if (!(e instanceof InvalidReferenceError)) throw e;
    return { ok: false, reason: "InvalidImageName", message: `Failed to apply default image tag ${JSON.stringify(image)}: ${e.message}` };
  }
  if (found) return { ok: true, image: found };
  if (pullPolicy === "Never") {
    return { ok: false, reason: "ErrImageNeverPull", message: `Container image ${JSON.stringify(image)} is not present with pull policy of Never` };
  }
  return {
    ok: false,
    reason: "ErrImagePull",
    message: `failed to pull image ${JSON.stringify(image)}: pulling from registries is not implemented yet; ` +
      `put the image on this node with "ordinal image import FILE", "ordinal image busybox" or "ordinal image host"`,
  };
}
