// Lookups from API kinds to schema definitions, driven by x-kubernetes-group-version-kind as kubectl
// does it, and the per-group/version definition sets the /openapi/v3/<gv> documents are built from.

import { definitions } from "./definitions.ts";
import { refName } from "./schema.ts";
import type { Definitions, Schema } from "./schema.ts";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

/** Every group/version answers with these (errors, discovery), whatever kinds it serves. */
const RESPONSE_DEFINITIONS = [`${META}Status`, `${META}APIResourceList`];

const gvkKey = (group: string, version: string, kind: string): string => `${group}/${version}/${kind}`;

const indexes = new WeakMap<Definitions, Map<string, string>>();

function kindIndex(defs: Definitions): Map<string, string> {
  let index = indexes.get(defs);
  if (!index) {
    index = new Map();
    for (const [name, schema] of Object.entries(defs)) {
      for (const gvk of schema["x-kubernetes-group-version-kind"] ?? []) {
        index.set(gvkKey(gvk.group, gvk.version, gvk.kind), name);
      }
    }
    indexes.set(defs, index);
  }
  return index;
}

/** The definition tagged with this group/version/kind ("" is the core group), if any. */
export function definitionForKind(
  group: string,
  version: string,
  kind: string,
  defs: Definitions = definitions,
): string | undefined {
  return kindIndex(defs).get(gvkKey(group, version, kind));
}

export interface GroupVersionDefinitionsOptions {
  /** Further roots, e.g. "io.k8s.api.autoscaling.v1.Scale" for a group/version serving scale subresources. */
  also?: readonly string[];
  defs?: Definitions;
}

/**
 * Sorted names of the definitions a group/version's document needs: its kinds (and the meta kinds
 * tagged with it, such as DeleteOptions), Status and APIResourceList, any `also` roots, and
 * everything they reference, transitively.
 */
export function definitionsForGroupVersion(
  group: string,
  version: string,
  opts: GroupVersionDefinitionsOptions = {},
): string[] {
  const defs = opts.defs ?? definitions;
  const roots = Object.entries(defs)
    .filter(([, schema]) =>
      schema["x-kubernetes-group-version-kind"]?.some((gvk) => gvk.group === group && gvk.version === version),
    )
    .map(([name]) => name);
  if (roots.length === 0) return []; // not a group/version we serve
  const seen = new Set<string>();
  const pending = [...roots, ...RESPONSE_DEFINITIONS, ...(opts.also ?? [])].filter((name) => name in defs);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    for (const referenced of references(defs[name])) {
      if (!seen.has(referenced) && referenced in defs) pending.push(referenced);
    }
  }
  return [...seen].sort();
}

/** Names of the definitions a schema refers to directly (not through other definitions). */
export function references(schema: Schema): Set<string> {
  const out = new Set<string>();
  const visit = (s: Schema | undefined): void => {
    if (!s) return;
    const name = refName(s);
    if (name) out.add(name);
    for (const part of s.allOf ?? []) visit(part);
    for (const property of Object.values(s.properties ?? {})) visit(property);
    visit(s.items);
    if (typeof s.additionalProperties === "object") visit(s.additionalProperties);
  };
  visit(schema);
  return out;
}
