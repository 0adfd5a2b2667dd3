// The root filesystems of a pod's first containers, mounted while its network sandbox is being
// made: the two are independent, and doing them side by side takes the overlay mount out of the
// time from pod creation to a running container. A staged rootfs sits in the bundle of a container
// ID chosen now; the first instance of that container takes the ID, and prepareRootfs finds its
// rootfs mounted. Bundles nobody took go with the pod (removePodFiles) or, after a restart, with
// the orphans (cleanupOrphans), like any other bundle.
import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import type { KubeObject } from "../../../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../../../api/validation/json-access.ts";
import type { ImageStore } from "../../../images/image-store.ts";
import { lookupImage } from "../../../images/lookup-image.ts";
import { prepareRootfs, removeRootfs } from "../../../images/rootfs.ts";
import type { NodeLayout } from "./node-layout.ts";

/** The containers a new sandbox starts first: the first init container, else every app container. */
export function firstContainers(pod: KubeObject): JsonObject[] {
  const spec = obj(pod.spec) ?? {};
  const init = arr(spec.initContainers).map((c) => obj(c) ?? {});
  return init.length > 0 ? [init[0]] : arr(spec.containers).map((c) => obj(c) ?? {});
}

/**
 * Mounts the rootfs of each of `containers` in a fresh bundle; resolves with container name → ID for
 * those that worked. A failure only means that container's rootfs is mounted when it starts, as
 * without staging (where the same failure is reported properly).
 */
export async function stageRootfs(layout: NodeLayout, images: ImageStore, uid: string, containers: readonly JsonObject[]): Promise<Map<string, string>> {
  const staged = await Promise.all(
    containers.map(async (c): Promise<[string, string] | undefined> => {
      try {
        const found = await lookupImage(images, str(c.image), str(c.imagePullPolicy) || undefined);
        if (!found.ok) return undefined;
        const id = randomBytes(32).toString("hex");
        const bundle = layout.bundle(uid, id);
        await mkdir(bundle, { recursive: true, mode: 0o700 });
        await prepareRootfs(found.image, bundle);
        return [str(c.name), id];
      } catch {
        return undefined;
      }
    }),
  );
  return new Map(staged.filter((s) => s !== undefined));
}

/** Unmounts and removes staged bundles, for a sandbox that failed before the pod was known. */
export async function discardStaged(layout: NodeLayout, uid: string, staged: ReadonlyMap<string, string>): Promise<void> {
  for (const id of staged.values()) {
    const bundle = layout.bundle(uid, id);
    await removeRootfs(bundle);
    await rm(bundle, { recursive: true, force: true });
  }
}
