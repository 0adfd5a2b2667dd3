// PersistentVolumeClaims: the pvc-protection finalizer on create (as the admission plugin adds
// it), and a request may grow only when the claim's StorageClass allows expansion.
import type { Backend } from "../../../store/backend.ts";
import { isPlainObject, type KubeObject } from "../../../api/meta.ts";
import * as pvc from "../../../api/core/persistent-volume-claim.ts";
import { compareQuantity, tryParseQuantity } from "../../../api/validation/quantity.ts";
import type { ResourceStrategy } from "../strategy.ts";
import { defineKind } from "./define-kind.ts";

const requestedStorage = (claim: KubeObject): string | undefined => {
  const spec = isPlainObject(claim.spec) ? claim.spec : {};
  const resources = isPlainObject(spec.resources) ? spec.resources : {};
  const requests = isPlainObject(resources.requests) ? resources.requests : {};
  return requests.storage === undefined ? undefined : String(requests.storage);
};

export function addFinalizer(obj: KubeObject, finalizer: string): void {
  const finalizers = obj.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) obj.metadata.finalizers = [...finalizers, finalizer];
}

export function persistentVolumeClaims(backend: Backend): ResourceStrategy {
  const classAllowsExpansion = (claim: KubeObject): boolean => {
    const spec = isPlainObject(claim.spec) ? claim.spec : {};
    const name = typeof spec.storageClassName === "string" ? spec.storageClassName : "";
    const sc = name ? backend.get(`/registry/storage.k8s.io/storageclasses/${name}`)?.value : undefined;
    return sc?.allowVolumeExpansion === true;
  };
  return defineKind({
    group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", namespaced: true, shortNames: ["pvc"], hasStatus: true,
    prepareForCreate(claim) {
      claim.status = { phase: "Pending" };
      addFinalizer(claim, "kubernetes.io/pvc-protection");
    },
    defaults: pvc.defaultPersistentVolumeClaim,
    validate: pvc.validatePersistentVolumeClaim,
    validateUpdate: pvc.validatePersistentVolumeClaimUpdate,
    validateStatusUpdate: pvc.validatePersistentVolumeClaimStatusUpdate,
    admitUpdate(claim, old) {
      const before = tryParseQuantity(requestedStorage(old));
      const after = tryParseQuantity(requestedStorage(claim));
      if (before === undefined || after === undefined || compareQuantity(after, before) <= 0) return undefined;
      const bound = isPlainObject(old.spec) && typeof old.spec.volumeName === "string" && old.spec.volumeName !== "";
      if (bound && classAllowsExpansion(old)) return undefined;
      return "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize";
    },
  });
}
