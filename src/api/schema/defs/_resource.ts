// Shared shapes of top-level kinds: every kind carries apiVersion, kind and metadata, every list
// carries ListMeta and items, and both are tagged with x-kubernetes-group-version-kind so that
// kubectl (explain, validation, apply) can find them.

import { s } from "../schema.ts";
import type { GroupVersionKind, Schema } from "../schema.ts";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

export const typeMetaFields = (): Record<string, Schema> => ({
  apiVersion: s.str("API group and version of this representation, e.g. apps/v1."),
  kind: s.str("Kind of this object, in CamelCase, e.g. StatefulSet."),
});

/** A top-level kind: apiVersion, kind, metadata, then its own fields. */
export function resource(
  gvk: GroupVersionKind,
  description: string,
  fields: Record<string, Schema>,
  opts: { required?: string[] } = {},
): Schema {
  return {
    ...s.obj(
      { ...typeMetaFields(), metadata: s.ref(`${META}ObjectMeta`, "Standard object metadata."), ...fields },
      { description, required: opts.required },
    ),
    "x-kubernetes-group-version-kind": [gvk],
  };
}

/** The `<Kind>List` of a kind whose definition is `itemDefinition`. */
export function listOf(gvk: GroupVersionKind, itemDefinition: string): Schema {
  return {
    ...s.obj(
      {
        ...typeMetaFields(),
        items: s.arr(s.ref(itemDefinition), { description: `The ${gvk.kind} objects in this list.` }),
        metadata: s.ref(`${META}ListMeta`, "Standard list metadata."),
      },
      { description: `A list of ${gvk.kind} objects.`, required: ["items"] },
    ),
    "x-kubernetes-group-version-kind": [{ ...gvk, kind: `${gvk.kind}List` }],
  };
}

/** +structType=atomic: the object is replaced as a whole by apply, never merged field by field. */
export function atomic(schema: Schema): Schema {
  return { ...schema, "x-kubernetes-map-type": "atomic" };
}

/** The group/versions this server serves; options-like meta kinds (DeleteOptions...) are tagged with each. */
export const servedGroupVersions: readonly { group: string; version: string }[] = [
  { group: "", version: "v1" },
  { group: "apps", version: "v1" },
  { group: "autoscaling", version: "v1" },
  { group: "policy", version: "v1" },
  { group: "storage.k8s.io", version: "v1" },
  { group: "discovery.k8s.io", version: "v1" },
  { group: "coordination.k8s.io", version: "v1" },
  { group: "events.k8s.io", version: "v1" },
];
