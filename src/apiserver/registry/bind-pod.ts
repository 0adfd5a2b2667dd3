// pods/binding: assigns a pod to a node once (the scheduler's write), as upstream's BindingREST.
import { isPlainObject, rfc3339 } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import type { GenericStore, WriteContext } from "./generic-store.ts";

export async function bindPod(store: GenericStore, namespace: string | undefined, name: string, nodeName: string, ctx: WriteContext): Promise<void> {
  await store.systemUpdate(
    namespace,
    name,
    (pod) => {
      const spec = (isPlainObject(pod.spec) ? pod.spec : (pod.spec = {})) as Record<string, unknown>;
      if (pod.metadata.deletionTimestamp) {
        throw StatusError.conflict(store.resource, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      }
      if (spec.nodeName) {
        throw StatusError.conflict(store.resource, name, `pod ${name} is already assigned to node "${String(spec.nodeName)}"`);
      }
      spec.nodeName = nodeName;
      const status = (isPlainObject(pod.status) ? pod.status : (pod.status = {})) as Record<string, unknown>;
      const conditions = (Array.isArray(status.conditions) ? status.conditions : []) as Record<string, unknown>[];
      const scheduled = { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: rfc3339(ctx.now) };
      const i = conditions.findIndex((c) => c.type === "PodScheduled");
      if (i >= 0) conditions[i] = { ...conditions[i], ...scheduled, reason: undefined, message: undefined };
      else conditions.push(scheduled);
      status.conditions = conditions.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)));
      return pod;
    },
    ctx,
  );
}
