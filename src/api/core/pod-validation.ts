// Pod validation on create, and the checks an update repeats.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { forbidden, invalid } from "../validation/field-errors.ts";
import { obj, str, type JsonObject } from "../validation/json-access.ts";
import { nameIsDNSSubdomain } from "../validation/name.ts";
import { validateObjectMeta } from "../validation/object-meta.ts";
import { validateImageWhitespace } from "./container-validation.ts";
import { validatePodSpec } from "./pod-spec-validation.ts";

export const mirrorPodAnnotation = "kubernetes.io/config.mirror";
export const deletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

const metadata = new FieldPath("metadata");
const specPath = new FieldPath("spec");

export function validInt32(value: string): boolean {
  // Upstream rejects "+10" and leading zeros before parsing.
  if (!/^(-?[1-9][0-9]*|0)$/.test(value)) return false;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647;
}

/** Annotations with meaning for pods: the mirror-pod marker and the deletion cost. */
export function validatePodAnnotations(annotations: unknown, spec: JsonObject, path: FieldPath, allowInvalidDeletionCost = false): FieldError[] {
  const a = obj(annotations) ?? {};
  const errs: FieldError[] = [];
  if (mirrorPodAnnotation in a && !str(spec.nodeName)) {
    errs.push(invalid(path.key(mirrorPodAnnotation), str(a[mirrorPodAnnotation]), "must set spec.nodeName if mirror pod annotation is set"));
  }
  if (!allowInvalidDeletionCost && deletionCostAnnotation in a && !validInt32(str(a[deletionCostAnnotation]))) {
    errs.push(invalid(path.key(deletionCostAnnotation), str(a[deletionCostAnnotation]), "must be a 32bit integer"));
  }
  return errs;
}

/** validatePodMetadataAndSpec: what create and update both check. */
export function validatePodMetadataAndSpec(pod: KubeObject, allowInvalidDeletionCost = false): FieldError[] {
  const spec = obj(pod.spec) ?? {};
  const errs = validateObjectMeta(pod.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  errs.push(...validatePodAnnotations(pod.metadata?.annotations, spec, metadata.child("annotations"), allowInvalidDeletionCost));
  errs.push(...validatePodSpec(spec, specPath, { podName: str(pod.metadata?.name), resourceIsPod: true }));
  if (!str(spec.serviceAccountName)) {
    const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
    volumes.forEach((v, i) => {
      const sources = obj(obj(v)?.projected)?.sources;
      (Array.isArray(sources) ? sources : []).forEach((s, j) => {
        if (obj(obj(s)?.serviceAccountToken)) {
          const p = specPath.child("volumes").index(i).child("projected").child("sources").index(j).child("serviceAccountToken");
          errs.push(forbidden(p, "must not be specified when serviceAccountName is not set"));
        }
      });
    });
  }
  errs.push(...validateImageWhitespace(spec.containers, specPath.child("containers")));
  errs.push(...validateImageWhitespace(spec.initContainers, specPath.child("initContainers")));
  return errs;
}

export function validatePod(pod: KubeObject): FieldError[] {
  const spec = obj(pod.spec) ?? {};
  const errs = validatePodMetadataAndSpec(pod);
  if (Array.isArray(spec.ephemeralContainers) && spec.ephemeralContainers.length > 0) {
    errs.push(forbidden(specPath.child("ephemeralContainers"), "cannot be set on create"));
  }
  if (str(spec.nodeName) && Array.isArray(spec.schedulingGates) && spec.schedulingGates.length > 0) {
    errs.push(forbidden(specPath.child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
  }
  return errs;
}

