// StatefulSet (apps/v1): SetDefaults_StatefulSet and ValidateStatefulSet / Update / StatusUpdate.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { defaultPersistentVolumeClaimSpec } from "../core/persistent-volume-claim-spec.ts";
import { defaultPodTemplateSpec } from "../core/pod-template-spec.ts";
import { forbidden, invalid, nonNegative } from "../validation/field-errors.ts";
import { child, obj, objects, semanticEqual, str, type JsonObject } from "../validation/json-access.ts";
import { isDNS1123Label, nameIsDNSLabel } from "../validation/name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";
import { validateStatefulSetSpec } from "./stateful-set-spec.ts";

const specPath = new FieldPath("spec");
const statusPath = new FieldPath("status");

export function defaultStatefulSet(set: KubeObject): void {
  const spec = child(set, "spec");
  if (!str(spec.podManagementPolicy)) spec.podManagementPolicy = "OrderedReady";
  const strategy = child(spec, "updateStrategy");
  if (!str(strategy.type)) {
    strategy.type = "RollingUpdate";
    if (!obj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
  }
  const rolling = obj(strategy.rollingUpdate);
  // An explicit RollingUpdate without a rollingUpdate block keeps it absent.
  if (strategy.type === "RollingUpdate" && rolling && typeof rolling.partition !== "number") rolling.partition = 0;
  const retention = child(spec, "persistentVolumeClaimRetentionPolicy");
  if (!str(retention.whenDeleted)) retention.whenDeleted = "Retain";
  if (!str(retention.whenScaled)) retention.whenScaled = "Retain";
  if (typeof spec.replicas !== "number") spec.replicas = 1;
  if (typeof spec.revisionHistoryLimit !== "number") spec.revisionHistoryLimit = 10;
  defaultPodTemplateSpec(child(spec, "template"));
  for (const [claim] of objects(spec.volumeClaimTemplates)) {
    claim.apiVersion = "v1";
    claim.kind = "PersistentVolumeClaim";
    defaultPersistentVolumeClaimSpec(child(claim, "spec"));
    const status = child(claim, "status");
    if (!str(status.phase)) status.phase = "Pending";
  }
}

export function validateStatefulSet(set: KubeObject): FieldError[] {
  const errs = validateObjectMeta(set.metadata, { namespaced: true, nameValidator: nameIsDNSLabel });
  errs.push(...validateStatefulSetSpec(obj(set.spec) ?? {}, specPath, { allowInvalidServiceName: false }));
  return errs;
}

export const statefulSetUpdateForbidden =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', " +
  "'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

const mutableSpecFields = [
  "replicas",
  "ordinals",
  "template",
  "updateStrategy",
  "revisionHistoryLimit",
  "persistentVolumeClaimRetentionPolicy",
  "minReadySeconds",
];

/** The name is not re-validated: older servers accepted names that are not DNS labels. */
export function validateStatefulSetUpdate(set: KubeObject, old: KubeObject): FieldError[] {
  const spec = obj(set.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};
  const oldServiceName = str(oldSpec.serviceName);
  const errs = validateObjectMetaUpdate(set.metadata, old.metadata);
  errs.push(
    ...validateStatefulSetSpec(spec, specPath, { allowInvalidServiceName: oldServiceName !== "" && isDNS1123Label(oldServiceName).length > 0 }),
  );
  const comparable: JsonObject = { ...spec };
  for (const key of mutableSpecFields) comparable[key] = oldSpec[key];
  if (!semanticEqual(comparable, oldSpec)) errs.push(forbidden(specPath, statefulSetUpdateForbidden));
  return errs;
}

const counters = ["replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"];

export function validateStatefulSetStatus(status: JsonObject, path: FieldPath = statusPath): FieldError[] {
  const errs = counters.flatMap((f) => nonNegative(status[f], path.child(f)));
  errs.push(...nonNegative(status.observedGeneration, path.child("observedGeneration")));
  errs.push(...nonNegative(status.collisionCount, path.child("collisionCount")));
  const n = (f: string) => (typeof status[f] === "number" ? (status[f] as number) : 0);
  for (const f of ["readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"]) {
    if (n(f) > n("replicas")) errs.push(invalid(path.child(f), n(f), "cannot be greater than status.replicas"));
  }
  if (n("availableReplicas") > n("readyReplicas")) {
    errs.push(invalid(path.child("availableReplicas"), n("availableReplicas"), "cannot be greater than status.readyReplicas"));
  }
  return errs;
}

export function validateStatefulSetStatusUpdate(set: KubeObject, old: KubeObject): FieldError[] {
  const status = obj(set.status) ?? {};
  const errs = validateStatefulSetStatus(status);
  errs.push(...validateObjectMetaUpdate(set.metadata, old.metadata));
  const next = status.collisionCount;
  const prev = obj(old.status)?.collisionCount;
  if (typeof prev === "number" && (typeof next !== "number" || next < prev)) {
    errs.push(invalid(statusPath.child("collisionCount"), typeof next === "number" ? next : 0, "cannot be decremented"));
  }
  return errs;
}

