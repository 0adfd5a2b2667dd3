// Pod: defaults, admission on create, validation of create, update and status writes.
import type { KubeObject } from "../meta.ts";
import { child } from "../validation/json-access.ts";
import { defaultPodSpec, defaultPodStatus } from "./pod-spec-defaults.ts";

export { admitPod } from "./pod-admission.ts";
export { podQOSClass } from "./pod-qos.ts";
export { validatePodStatusUpdate } from "./pod-status.ts";
export { validatePodUpdate } from "./pod-update.ts";
export { validatePod } from "./pod-validation.ts";

/** SetDefaults_Pod and SetDefaults_PodSpec, plus the v1 podIP/podIPs pairing in status. */
export function defaultPod(pod: KubeObject): void {
  defaultPodSpec(child(pod, "spec"), { pod: true });
  defaultPodStatus(pod.status);
}
