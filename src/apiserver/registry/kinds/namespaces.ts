// Namespaces: spec.finalizers keep a deleted namespace (Terminating) until the namespace
// controller has emptied it and cleared them through /finalize.
import { isPlainObject, type KubeObject } from "../../../api/meta.ts";
import { defaultNamespace, prepareNamespaceForCreate, validateNamespace, validateNamespaceStatusUpdate, validateNamespaceUpdate } from "../../../api/core/namespace.ts";
import { defineKind } from "./define-kind.ts";

const specFinalizers = (ns: KubeObject): string[] =>
  isPlainObject(ns.spec) && Array.isArray(ns.spec.finalizers) ? (ns.spec.finalizers as string[]) : [];

export const namespaces = defineKind({
  group: "",
  version: "v1",
  kind: "Namespace",
  plural: "namespaces",
  namespaced: false,
  shortNames: ["ns"],
  hasStatus: true,
  subresources: ["finalize"],
  prepareForCreate: prepareNamespaceForCreate,
  defaults: defaultNamespace,
  validate: validateNamespace,
  validateUpdate: validateNamespaceUpdate,
  validateStatusUpdate: validateNamespaceStatusUpdate,
  prepareForUpdate(ns, old) {
    const finalizers = specFinalizers(old);
    ns.spec = { ...(isPlainObject(ns.spec) ? ns.spec : {}) };
    if (finalizers.length) (ns.spec as Record<string, unknown>).finalizers = finalizers;
    else delete (ns.spec as Record<string, unknown>).finalizers;
  },
  retainsOnDelete: (ns) => specFinalizers(ns).length > 0,
  prepareForDeletion(ns) {
    ns.status = { ...(isPlainObject(ns.status) ? ns.status : {}), phase: "Terminating" };
  },
  fieldLabels: { "status.phase": (ns) => (isPlainObject(ns.status) ? (ns.status.phase as string | undefined) : undefined) },
});
