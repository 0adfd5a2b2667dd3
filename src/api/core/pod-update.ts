// ValidatePodUpdate: a running pod's spec is fixed except for images, a shrinking
// activeDeadlineSeconds, added tolerations and removed scheduling gates.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { forbidden, invalid, required } from "../validation/field-errors.ts";
import { goStringMap, rendered } from "../validation/go-value.ts";
import { arr, obj, semanticEqual, str, strMap, type JsonObject } from "../validation/json-access.ts";
import { jsonDiff } from "../validation/json-diff.ts";
import { inclusiveRangeError } from "../validation/name.ts";
import { validateObjectMetaUpdate } from "../validation/object-meta.ts";
import { deletionCostAnnotation, mirrorPodAnnotation, validInt32, validatePodMetadataAndSpec } from "./pod-validation.ts";
import { validateTolerations } from "./scheduling-validation.ts";

const specPath = new FieldPath("spec");
const annotationsPath = new FieldPath("metadata").child("annotations");
const appArmorPrefix = "container.apparmor.security.beta.kubernetes.io/";
const maxInt32 = 2147483647;

export const updatablePodSpecFields =
  "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`," +
  "`spec.tolerations` (only additions to existing tolerations)," +
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/** The mirror-pod and AppArmor annotations may not be added, changed or removed. */
export function validatePodAnnotationUpdates(pod: KubeObject, old: KubeObject): FieldError[] {
  const n = obj(pod.metadata?.annotations) ?? {};
  const o = obj(old.metadata?.annotations) ?? {};
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k in n && n[k] === v) continue;
    if (k.startsWith(appArmorPrefix)) errs.push(forbidden(annotationsPath.key(k), "may not remove or update AppArmor annotations"));
    if (k === mirrorPodAnnotation) errs.push(forbidden(annotationsPath.key(k), "may not remove or update mirror pod annotation"));
  }
  for (const k of Object.keys(n)) {
    if (k in o) continue;
    if (k.startsWith(appArmorPrefix)) errs.push(forbidden(annotationsPath.key(k), "may not add AppArmor annotations"));
    if (k === mirrorPodAnnotation) errs.push(forbidden(annotationsPath.key(k), "may not add mirror pod annotation"));
  }
  return errs;
}

function validateContainerUpdates(next: unknown, prev: unknown, path: FieldPath): { errs: FieldError[]; stop: boolean } {
  const n = arr(next);
  if (n.length !== arr(prev).length) return { errs: [forbidden(path, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    const image = str(obj(c)?.image);
    if (!image) errs.push(required(path.index(i).child("image")));
    if (image.trim() !== image) errs.push(invalid(path.index(i).child("image"), image, "must not have leading or trailing whitespace"));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: unknown, prev: unknown, path: FieldPath): FieldError[] {
  const n = arr(next).map((t) => obj(t) ?? {});
  for (const o of arr(prev).map((t) => obj(t) ?? {})) {
    const found = n.some((t) => semanticEqual({ ...o, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found) return [forbidden(path, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return validateTolerations(next, path);
}

function validateOnlyDeletedSchedulingGates(next: unknown, prev: unknown, path: FieldPath): FieldError[] {
  const old = new Set(arr(prev).map((g) => str(obj(g)?.name)));
  return arr(next).flatMap((g, i) => {
    const name = str(obj(g)?.name);
    return old.has(name) ? [] : [forbidden(path.index(i).child("name"), `only deletion is allowed, but found new scheduling gate '${name}'`)];
  });
}

/** Replaces each container's image with the old one, so images drop out of the comparison. */
function withOldImages(next: unknown, prev: unknown): unknown {
  const p = arr(prev);
  return arr(next).map((c, i) => ({ ...(obj(c) ?? {}), image: obj(p[i])?.image }));
}

export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...validatePodMetadataAndSpec(pod, deletionCostWasInvalid(old)));
  errs.push(...validatePodAnnotationUpdates(pod, old));
  const spec = obj(pod.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};

  for (const key of ["containers", "initContainers"]) {
    const r = validateContainerUpdates(spec[key], oldSpec[key], specPath.child(key));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }

  const deadlinePath = specPath.child("activeDeadlineSeconds");
  const deadline = spec.activeDeadlineSeconds;
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  if (typeof deadline === "number") {
    if (deadline < 0 || deadline > maxInt32) return [...errs, invalid(deadlinePath, deadline, inclusiveRangeError(0, maxInt32))];
    if (typeof oldDeadline === "number" && oldDeadline < deadline) {
      return [...errs, invalid(deadlinePath, deadline, "must be less than or equal to previous value")];
    }
  } else if (typeof oldDeadline === "number") {
    errs.push(invalid(deadlinePath, null, "must not update from a positive integer to nil value"));
  }

  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, specPath.child("tolerations")));
  errs.push(...validateOnlyDeletedSchedulingGates(spec.schedulingGates, oldSpec.schedulingGates, specPath.child("schedulingGates")));
  if (semanticEqual(spec, oldSpec)) return errs;

  const munged: JsonObject = {
    ...spec,
    containers: withOldImages(spec.containers, oldSpec.containers),
    initContainers: withOldImages(spec.initContainers, oldSpec.initContainers),
    activeDeadlineSeconds: oldSpec.activeDeadlineSeconds,
    schedulingGates: oldSpec.schedulingGates,
    tolerations: oldSpec.tolerations,
  };
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldGrace === "number" && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  if (arr(oldSpec.schedulingGates).length > 0 && !semanticEqual(munged.nodeSelector, oldSpec.nodeSelector)) {
    const next = strMap(munged.nodeSelector) ?? {};
    const prev = strMap(oldSpec.nodeSelector) ?? {};
    if (Object.entries(prev).some(([k, v]) => next[k] !== v)) {
      errs.push(
        invalid(specPath.child("nodeSelector"), rendered(goStringMap(strMap(munged.nodeSelector))), "only additions to spec.nodeSelector are allowed (no mutations or deletions)"),
      );
    }
    munged.nodeSelector = oldSpec.nodeSelector;
  }
  if (!semanticEqual(munged, oldSpec)) {
    const diff = jsonDiff(oldSpec, munged, "spec");
    errs.push(forbidden(specPath, `pod updates may not change fields other than ${updatablePodSpecFields}\n${diff}`));
  }
  return errs;
}

/** An invalid deletion cost stored before the check existed stays acceptable on update. */
function deletionCostWasInvalid(old: KubeObject): boolean {
  const annotations = obj(old.metadata?.annotations) ?? {};
  return deletionCostAnnotation in annotations && !validInt32(str(annotations[deletionCostAnnotation]));
}
