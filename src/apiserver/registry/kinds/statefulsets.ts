// StatefulSets: generation tracks spec changes, status only through /status, scale subresource.
import { defaultStatefulSet, validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from "../../../api/apps/stateful-set.ts";
import { defineKind } from "./define-kind.ts";

export const statefulSets = defineKind({
  group: "apps",
  version: "v1",
  kind: "StatefulSet",
  plural: "statefulsets",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  hasStatus: true,
  tracksGeneration: true,
  subresources: ["scale"],
  prepareForCreate(set) {
    set.status = { replicas: 0, availableReplicas: 0 };
  },
  defaults: defaultStatefulSet,
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
  validateStatusUpdate: validateStatefulSetStatusUpdate,
});
