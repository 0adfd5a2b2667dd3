// The containers a new sandbox starts first, which the runtime stages while the sandbox is being
// made (ContainerLifecycle.stage).
import type { KubeObject } from "../../../api/meta.ts";
import { arr, obj, type JsonObject } from "../../../api/validation/json-access.ts";

/** The first init container, else every app container; `init` tells which. */
export function firstContainers(pod: KubeObject): { containers: JsonObject[]; init: boolean } {
  const spec = obj(pod.spec) ?? {};
  const init = arr(spec.initContainers).map((c) => obj(c) ?? {});
  if (init.length > 0) return { containers: [init[0]], init: true };
  return { containers: arr(spec.containers).map((c) => obj(c) ?? {}), init: false };
}
