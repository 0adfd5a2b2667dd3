// Directories a read-only volume must hold for other volumes mounted inside it: the runtime cannot
// create a mount point in a read-only bind mount, so the kubelet makes them before the volume is
// written (MakeNestedMountpoints). Only the outermost nested mount point is needed.
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, str } from "../../api/validation/json-access.ts";
import { cleanPath } from "./volume-payloads.ts";

const allContainers = (pod: KubeObject) => {
  const spec = obj(pod.spec) ?? {};
  return [...arr(spec.initContainers), ...arr(spec.containers), ...arr(spec.ephemeralContainers)].map((c) => obj(c) ?? {});
};

/** Paths relative to volume `name`'s root where other volumes of some container are mounted. */
export function nestedMountpoints(pod: KubeObject, name: string): string[] {
  const out: string[] = [];
  for (const container of allContainers(pod)) {
    const mounts = arr(container.volumeMounts).map((m) => obj(m) ?? {});
    const all = mounts.map((m) => cleanPath(str(m.mountPath))).sort();
    const mine = mounts.filter((m) => str(m.name) === name).map((m) => cleanPath(str(m.mountPath)));
    for (const at of mine) {
      if (at.startsWith("../")) throw new Error(`invalid container mount point ${at}`);
      const prefix = `${at}/`;
      const seen: string[] = [];
      for (const mp of all) {
        if (!mp.startsWith(prefix) || seen.some((s) => mp.startsWith(s))) continue;
        seen.push(`${mp}/`);
        out.push(mp.slice(prefix.length));
      }
    }
  }
  return out;
}
