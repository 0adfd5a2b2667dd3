// The autoscaling/v1 Scale view of a kind with spec.replicas (statefulsets/scale).
import { isPlainObject, type KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import { labelSelectorAsString } from "../../api/selectors/label-selector.ts";

export function scaleOf(obj: KubeObject): Record<string, unknown> {
  const spec = (isPlainObject(obj.spec) ? obj.spec : {}) as Record<string, unknown>;
  const status = (isPlainObject(obj.status) ? obj.status : {}) as Record<string, unknown>;
  const m = obj.metadata;
  const metadata: Record<string, unknown> = { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  const scaleStatus: Record<string, unknown> = { replicas: (status.replicas as number | undefined) ?? 0 };
  if (isPlainObject(spec.selector)) scaleStatus.selector = labelSelectorAsString(spec.selector);
  return { kind: "Scale", apiVersion: "autoscaling/v1", metadata, spec: { replicas: spec.replicas ?? 0 }, status: scaleStatus };
}

/** The object with the Scale's spec.replicas; `resourceVersion` pins the write (PUT /scale). */
export function withScale(current: KubeObject, scale: Record<string, unknown>, resourceVersion: string | undefined): KubeObject {
  const spec = isPlainObject(scale.spec) ? scale.spec : {};
  const replicas = spec.replicas ?? 0;
  if (typeof replicas !== "number" || !Number.isInteger(replicas)) {
    throw StatusError.badRequest(`json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`);
  }
  if (replicas < 0) {
    throw StatusError.invalid("autoscaling", "Scale", current.metadata.name ?? "", [
      { type: "FieldValueInvalid", field: "spec.replicas", value: replicas, detail: "must be greater than or equal to 0" },
    ]);
  }
  const next = structuredClone(current);
  next.spec = { ...(isPlainObject(next.spec) ? next.spec : {}), replicas };
  if (resourceVersion !== undefined) next.metadata.resourceVersion = resourceVersion;
  return next;
}
