// Lease (coordination.k8s.io/v1): no defaults; ValidateLease / Update.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { forbidden, invalid, notSupported } from "../validation/field-errors.ts";
import { obj, str, type JsonObject } from "../validation/json-access.ts";
import { isQualifiedName, nameIsDNSSubdomain } from "../validation/name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";

const specPath = new FieldPath("spec");
const knownStrategies = ["OldestEmulationVersion"];

export function defaultLease(_lease: KubeObject): void {}

function validateStrategy(strategy: string, path: FieldPath): FieldError[] {
  // Upstream nests the field name twice in this path.
  const p = path.child("strategy");
  if (!strategy.includes("/")) return knownStrategies.includes(strategy) ? [] : [notSupported(p, strategy, knownStrategies)];
  return isQualifiedName(strategy).map((m) => invalid(p, strategy, m));
}

export function validateLeaseSpec(spec: JsonObject, path: FieldPath = specPath): FieldError[] {
  const errs: FieldError[] = [];
  const duration = spec.leaseDurationSeconds;
  if (typeof duration === "number" && duration <= 0) errs.push(invalid(path.child("leaseDurationSeconds"), duration, "must be greater than 0"));
  const transitions = spec.leaseTransitions;
  if (typeof transitions === "number" && transitions < 0) {
    errs.push(invalid(path.child("leaseTransitions"), transitions, "must be greater than or equal to 0"));
  }
  if (typeof spec.strategy === "string") errs.push(...validateStrategy(spec.strategy, path.child("strategy")));
  if (str(spec.preferredHolder) && !str(spec.strategy)) {
    errs.push(forbidden(path.child("preferredHolder"), "may only be specified if `strategy` is defined"));
  }
  return errs;
}

/** Leases use apimachinery's metadata rules: no check that finalizer names are standard. */
export function validateLease(lease: KubeObject): FieldError[] {
  const errs = validateObjectMeta(lease.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain, kubeFinalizers: false });
  errs.push(...validateLeaseSpec(obj(lease.spec) ?? {}));
  return errs;
}

export function validateLeaseUpdate(lease: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(lease.metadata, old.metadata, undefined, { kubeFinalizers: false });
  errs.push(...validateLeaseSpec(obj(lease.spec) ?? {}));
  return errs;
}
