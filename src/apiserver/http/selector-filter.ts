// Builds the object filter of a list or watch from its labelSelector and fieldSelector.
import type { KubeObject } from "../../api/meta.ts";
import { parseLabelSelector } from "../../api/selectors/label-selector.ts";
import { assertFieldsSupported, parseFieldSelector } from "../../api/selectors/field-selector.ts";
import type { GenericStore, ObjectFilter } from "../registry/generic-store.ts";

export function selectorFilter(store: GenericStore, labelSelector: string, fieldSelector: string): ObjectFilter | undefined {
  const labels = parseLabelSelector(labelSelector);
  const fields = parseFieldSelector(fieldSelector);
  const extra = store.strategy.fieldLabels ?? {};
  assertFieldsSupported(fields, ["metadata.name", "metadata.namespace", ...Object.keys(extra)]);
  if (labels.isEmpty() && fields.isEmpty()) return undefined;
  const field = (obj: KubeObject) => (name: string) => {
    if (name === "metadata.name") return obj.metadata.name;
    if (name === "metadata.namespace") return obj.metadata.namespace;
    return extra[name]?.(obj);
  };
  return (obj) => labels.matches(obj.metadata.labels) && fields.matches(field(obj));
}
