// Namespace: defaults, create preparation and ValidateNamespace / Update / StatusUpdate / Finalize.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { invalid } from "../validation/field-errors.ts";
import { arr, child, obj, str } from "../validation/json-access.ts";
import { nameIsDNSLabel } from "../validation/name.ts";
import { validateFinalizerName, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";

const standardFinalizers = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** Every namespace carries its own name as the kubernetes.io/metadata.name label. */
export function defaultNamespace(ns: KubeObject): void {
  const name = str(ns.metadata?.name);
  if (name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), "kubernetes.io/metadata.name": name };
  const status = child(ns, "status");
  if (!str(status.phase)) status.phase = "Active";
}

/**
 * The registry's PrepareForCreate: the "kubernetes" finalizer that the namespace controller clears
 * once the namespace is empty. Only on create, so a later /finalize that removes it sticks.
 */
export function prepareNamespaceForCreate(ns: KubeObject): void {
  child(ns, "spec").finalizers = ["kubernetes"];
  child(ns, "status").phase = "Active";
}

function validateSpecFinalizer(name: string, path: FieldPath): FieldError[] {
  const errs = validateFinalizerName(name, path);
  if (!name.includes("/") && !standardFinalizers.has(name)) {
    errs.push(invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

export function validateNamespace(ns: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, { namespaced: false, nameValidator: nameIsDNSLabel });
  // Upstream reports spec finalizers against the list's path, without an index.
  const path = new FieldPath("spec").child("finalizers");
  for (const f of arr(obj(ns.spec)?.finalizers)) errs.push(...validateSpecFinalizer(str(f), path));
  return errs;
}

export function validateNamespaceUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  return validateObjectMetaUpdate(ns.metadata, old.metadata);
}

export function validateNamespaceStatusUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const phase = str(obj(ns.status)?.phase);
  // Upstream spells this path with a capital P.
  const path = new FieldPath("status").child("Phase");
  if (!str(ns.metadata?.deletionTimestamp)) {
    if (phase !== "Active") errs.push(invalid(path, phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== "Terminating") {
    errs.push(invalid(path, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

/** The /finalize subresource: spec.finalizers may change, each name still valid. */
export function validateNamespaceFinalizeUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const path = new FieldPath("spec").child("finalizers");
  arr(obj(ns.spec)?.finalizers).forEach((f, i) => errs.push(...validateSpecFinalizer(str(f), path.index(i))));
  return errs;
}
