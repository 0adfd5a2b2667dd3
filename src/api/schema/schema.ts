// Type schemas in OpenAPI v3 form. The same objects drive strict decoding (unknown fields, wrong
// types), pruning, strategic-merge-patch metadata (merge keys and strategies), `kubectl explain`
// and the /openapi/v3 documents. Definitions are named like upstream's
// ("io.k8s.api.apps.v1.StatefulSet") because kubectl looks kinds up by
// x-kubernetes-group-version-kind, and the names make the documents familiar.

export type SchemaType = "object" | "array" | "string" | "integer" | "number" | "boolean";

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface Schema {
  type?: SchemaType;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: string[];
  /** "#/components/schemas/<definition>" */
  $ref?: string;
  /** A single-element allOf wraps a $ref that carries its own description, as upstream v3 does. */
  allOf?: Schema[];
  default?: unknown;
  "x-kubernetes-int-or-string"?: true;
  "x-kubernetes-preserve-unknown-fields"?: true;
  "x-kubernetes-embedded-resource"?: true;
  "x-kubernetes-patch-strategy"?: "merge" | "retainKeys" | "merge,retainKeys" | "replace";
  "x-kubernetes-patch-merge-key"?: string;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: "atomic" | "granular";
  "x-kubernetes-group-version-kind"?: GroupVersionKind[];
  "x-kubernetes-unions"?: unknown[];
}

export type Definitions = Record<string, Schema>;

const REF_PREFIX = "#/components/schemas/";

export function refName(schema: Schema): string | undefined {
  const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
  return ref?.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

/** Follows $ref / allOf[$ref] to the definition; returns the schema itself otherwise. */
export function resolve(schema: Schema | undefined, defs: Definitions): Schema | undefined {
  let s = schema;
  for (let hops = 0; s && hops < 8; hops++) {
    const name = refName(s);
    if (!name) return s;
    s = defs[name];
  }
  return s;
}

interface ListOptions {
  /** patchMergeKey: elements of a strategic merge patch are matched on this field. */
  mergeKey?: string;
  /** patchStrategy from the Go struct tag ("merge", "retainKeys", "merge,retainKeys", "replace"). */
  strategy?: "merge" | "retainKeys" | "merge,retainKeys" | "replace";
  listType?: "atomic" | "set" | "map";
  listMapKeys?: string[];
}

function described(s: Schema, description?: string): Schema {
  return description ? { ...s, description } : s;
}

/** Terse builders for schema files. */
export const s = {
  obj(properties: Record<string, Schema>, opts: { description?: string; required?: string[] } = {}): Schema {
    const out: Schema = { type: "object", properties };
    if (opts.description) out.description = opts.description;
    if (opts.required?.length) out.required = opts.required;
    return out;
  },
  str: (description?: string): Schema => described({ type: "string" }, description),
  enumOf: (values: string[], description?: string): Schema => described({ type: "string", enum: values }, description),
  int: (description?: string): Schema => described({ type: "integer", format: "int32" }, description),
  int64: (description?: string): Schema => described({ type: "integer", format: "int64" }, description),
  num: (description?: string): Schema => described({ type: "number", format: "double" }, description),
  bool: (description?: string): Schema => described({ type: "boolean" }, description),
  /** base64 in JSON (Secret data). */
  bytes: (description?: string): Schema => described({ type: "string", format: "byte" }, description),
  /** metav1.Time / MicroTime: RFC 3339 strings. */
  time: (description?: string): Schema => described({ type: "string", format: "date-time" }, description),
  /** resource.Quantity: "1Gi", "500m" or a bare number. */
  quantity: (description?: string): Schema =>
    described({ $ref: `${REF_PREFIX}io.k8s.apimachinery.pkg.api.resource.Quantity` }, description),
  intOrString: (description?: string): Schema =>
    described({ type: "string", format: "int-or-string", "x-kubernetes-int-or-string": true }, description),
  map: (values: Schema, description?: string): Schema => described({ type: "object", additionalProperties: values }, description),
  stringMap: (description?: string): Schema => described({ type: "object", additionalProperties: { type: "string" } }, description),
  arr(items: Schema, opts: ListOptions & { description?: string } = {}): Schema {
    const out: Schema = { type: "array", items };
    if (opts.description) out.description = opts.description;
    if (opts.mergeKey) out["x-kubernetes-patch-merge-key"] = opts.mergeKey;
    if (opts.strategy) out["x-kubernetes-patch-strategy"] = opts.strategy;
    if (opts.listType) out["x-kubernetes-list-type"] = opts.listType;
    if (opts.listMapKeys) out["x-kubernetes-list-map-keys"] = opts.listMapKeys;
    return out;
  },
  /** A reference to another definition, optionally with a description and patch strategy of its own. */
  ref(name: string, description?: string, strategy?: Schema["x-kubernetes-patch-strategy"]): Schema {
    if (!description && !strategy) return { $ref: REF_PREFIX + name };
    const out: Schema = { allOf: [{ $ref: REF_PREFIX + name }] };
    if (description) out.description = description;
    if (strategy) out["x-kubernetes-patch-strategy"] = strategy;
    return out;
  },
  /** Free-form JSON (e.g. ControllerRevision.data, RawExtension). */
  any: (description?: string): Schema => described({ type: "object", "x-kubernetes-preserve-unknown-fields": true }, description),
};
