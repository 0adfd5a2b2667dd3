// What the default admission plugins add to a Pod on create, so `kubectl get pod -o yaml` matches a
// real cluster: the service account name (ServiceAccount), priority and preemptionPolicy (Priority)
// and the not-ready/unreachable tolerations (DefaultTolerationSeconds).
import { arr, child, obj, str, type JsonObject } from "../validation/json-access.ts";

/** The built-in PriorityClasses; any other name must exist, and none can here. */
const systemPriorityClasses: Record<string, number> = {
  "system-node-critical": 2000001000,
  "system-cluster-critical": 2000000000,
};

const defaultToleratedTaints = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];
const defaultTolerationSeconds = 300;

function addDefaultTolerations(spec: JsonObject): void {
  const tolerations = arr(spec.tolerations).map((t) => obj(t) ?? {});
  for (const taint of defaultToleratedTaints) {
    const tolerated = tolerations.some(
      (t) => (str(t.key) === taint || str(t.key) === "") && (str(t.effect) === "NoExecute" || str(t.effect) === ""),
    );
    if (!tolerated) {
      tolerations.push({ key: taint, operator: "Exists", effect: "NoExecute", tolerationSeconds: defaultTolerationSeconds });
    }
  }
  spec.tolerations = tolerations;
}

/**
 * Mutates a Pod being created (after defaulting, before validation). Returns the reason the request
 * is forbidden, for a 403 `pods "<name>" is forbidden: <reason>`, or undefined when admitted.
 */
export function admitPod(pod: JsonObject): string | undefined {
  const spec = child(pod, "spec");
  const className = str(spec.priorityClassName);
  let priority = 0;
  if (className) {
    if (!(className in systemPriorityClasses)) return `no PriorityClass with name ${className} was found`;
    priority = systemPriorityClasses[className];
  }
  if (typeof spec.priority === "number" && spec.priority !== priority) {
    return `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`;
  }
  spec.priority = priority;
  if (spec.preemptionPolicy === undefined || spec.preemptionPolicy === null) spec.preemptionPolicy = "PreemptLowerPriority";

  if (!str(spec.serviceAccountName)) {
    spec.serviceAccountName = "default";
    spec.serviceAccount = "default";
  }
  addDefaultTolerations(spec);
  return undefined;
}
