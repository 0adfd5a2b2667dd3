// Pods: upstream defaults, admission and validation; status only through /status; graceful
// deletion (kubernetes pkg/registry/core/pod strategy).
import { isPlainObject, type KubeObject } from "../../../api/meta.ts";
import { admitPod, defaultPod, podQOSClass, validatePod, validatePodStatusUpdate, validatePodUpdate } from "../../../api/core/pod.ts";
import { defineKind } from "./define-kind.ts";

const spec = (pod: KubeObject): Record<string, unknown> => (isPlainObject(pod.spec) ? pod.spec : {});
const status = (pod: KubeObject): Record<string, unknown> => (isPlainObject(pod.status) ? pod.status : {});

/** CheckGracefulDelete: the grace period a DELETE gets, or 0 to remove the pod at once. */
export function podDeletionGrace(pod: KubeObject, requested: number | undefined): number {
  let grace = requested ?? (spec(pod).terminationGracePeriodSeconds as number | undefined) ?? 30;
  if (!spec(pod).nodeName) grace = 0;
  const phase = status(pod).phase;
  if (phase === "Succeeded" || phase === "Failed") grace = 0;
  if (grace < 0) grace = 1;
  return grace;
}

export const pods = defineKind({
  group: "",
  version: "v1",
  kind: "Pod",
  plural: "pods",
  namespaced: true,
  shortNames: ["po"],
  categories: ["all"],
  hasStatus: true,
  subresources: ["attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy"],
  prepareForCreate(pod) {
    pod.status = { phase: "Pending", qosClass: podQOSClass(pod) };
  },
  defaults: defaultPod,
  admitCreate(pod) {
    const refusal = admitPod(pod);
    if (!refusal) (pod.status as Record<string, unknown>).qosClass = podQOSClass(pod);
    return refusal;
  },
  validate: validatePod,
  validateUpdate: validatePodUpdate,
  validateStatusUpdate: validatePodStatusUpdate,
  fieldLabels: {
    "spec.nodeName": (p) => (spec(p).nodeName as string | undefined) ?? "",
    "spec.restartPolicy": (p) => spec(p).restartPolicy as string | undefined,
    "spec.schedulerName": (p) => spec(p).schedulerName as string | undefined,
    "spec.serviceAccountName": (p) => spec(p).serviceAccountName as string | undefined,
    "spec.hostNetwork": (p) => String(spec(p).hostNetwork === true),
    "status.phase": (p) => status(p).phase as string | undefined,
    "status.podIP": (p) => status(p).podIP as string | undefined,
    "status.nominatedNodeName": (p) => status(p).nominatedNodeName as string | undefined,
  },
  gracefulDeletePeriod: (pod, ctx) => podDeletionGrace(pod, ctx.gracePeriodSeconds),
});
