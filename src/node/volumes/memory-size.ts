// How big a memory-backed volume's tmpfs may grow (calculateEmptyDirMemorySize): the node's
// allocatable memory, lowered to the pod's memory limit when it has one, lowered again to the
// volume's sizeLimit when that is smaller.
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, str, strMap } from "../../api/validation/json-access.ts";
import { parseQuantity, quantityValue, tryParseQuantity } from "../../api/validation/quantity.ts";

const memoryLimit = (container: unknown): number => {
  const q = tryParseQuantity(strMap(obj(obj(container)?.resources)?.limits)?.memory);
  return q ? quantityValue(q) : 0;
};

/**
 * The pod's memory limit as its cgroup gets it, or 0 for none: only when every regular container
 * sets one. Sidecars (init containers that keep running) count with the regular containers; the
 * largest other init container can raise it.
 */
export function podMemoryLimit(pod: KubeObject): number {
  const spec = obj(pod.spec) ?? {};
  const containers = arr(spec.containers);
  if (containers.length === 0 || containers.some((c) => memoryLimit(c) === 0)) return 0;
  const inits = arr(spec.initContainers);
  const sidecars = inits.filter((c) => str(obj(c)?.restartPolicy) === "Always");
  const running = [...containers, ...sidecars].reduce<number>((sum, c) => sum + memoryLimit(c), 0);
  const largestInit = Math.max(0, ...inits.filter((c) => !sidecars.includes(c)).map(memoryLimit));
  return Math.max(running, largestInit);
}

/** Bytes for the tmpfs `size=` option; 0 leaves the kernel's default (half of RAM). */
export function tmpfsSizeBytes(pod: KubeObject, sizeLimit: unknown, allocatableMemory: string | undefined): number {
  let size = allocatableMemory ? quantityValue(parseQuantity(allocatableMemory)) : 0;
  const podLimit = podMemoryLimit(pod);
  if (podLimit > 0 && (size === 0 || podLimit <= size)) size = podLimit;
  const volumeLimit = tryParseQuantity(sizeLimit);
  const volumeBytes = volumeLimit ? quantityValue(volumeLimit) : 0;
  if (volumeBytes > 0 && (size === 0 || volumeBytes <= size)) size = volumeBytes;
  return size;
}
