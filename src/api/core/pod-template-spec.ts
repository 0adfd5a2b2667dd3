// PodTemplateSpec: the pod spec defaults without the Pod-only ones, and its metadata checks.
import type { FieldError, FieldPath } from "../field-error.ts";
import { child, obj, type JsonObject } from "../validation/json-access.ts";
import { validateAnnotations, validateLabels } from "../validation/labels.ts";
import { defaultPodSpec } from "./pod-spec-defaults.ts";
import { validatePodAnnotations } from "./pod-validation.ts";

/** Fills the template's spec defaults in place, creating the spec when absent (Go's zero value). */
export function defaultPodTemplateSpec(template: JsonObject): void {
  defaultPodSpec(child(template, "spec"), { pod: false });
}

/** Template metadata checks: labels and annotations, reported under the template's own path. */
export function validatePodTemplateMetadata(template: JsonObject, path: FieldPath): FieldError[] {
  const meta = obj(template.metadata) ?? {};
  return [
    ...validateLabels(meta.labels, path.child("labels")),
    ...validateAnnotations(meta.annotations, path.child("annotations")),
    ...validatePodAnnotations(meta.annotations, obj(template.spec) ?? {}, path.child("annotations")),
  ];
}

