// Builds a ResourceStrategy from a kind's names and the parts that differ from the defaults.
import type { KubeObject } from "../../../api/meta.ts";
import type { FieldError } from "../../../api/field-error.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../../../api/validation/object-meta.ts";
import { nameIsDNSSubdomain, type NameValidator } from "../../../api/validation/name.ts";
import { tableConvertorFor } from "../../tables/index.ts";
import type { ResourceNames, ResourceStrategy } from "../strategy.ts";

export interface KindSpec extends Partial<Omit<ResourceStrategy, "names" | "table" | "namespaced" | "definition">> {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Schema definition; defaults to io.k8s.api.<group-prefix>.<version>.<Kind>. */
  definition?: string;
  /** Used by the default validate/validateUpdate when the kind brings none. */
  nameValidator?: NameValidator;
}

function defaultDefinition(group: string, version: string, kind: string): string {
  const pkg = group === "" ? "core" : group.replace(/\.k8s\.io$/, "").replace(/\./g, "");
  return `io.k8s.api.${pkg}.${version}.${kind}`;
}

export function defineKind(spec: KindSpec): ResourceStrategy {
  const names: ResourceNames = {
    group: spec.group,
    version: spec.version,
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
  };
  const nameValidator = spec.nameValidator ?? nameIsDNSSubdomain;
  const metaOnly = (obj: KubeObject): FieldError[] => validateObjectMeta(obj.metadata, { namespaced: spec.namespaced, nameValidator });
  const metaUpdateOnly = (obj: KubeObject, old: KubeObject): FieldError[] => validateObjectMetaUpdate(obj.metadata, old.metadata);
  const { group: _g, version: _v, kind: _k, plural: _p, shortNames: _s, categories: _c, nameValidator: _n, ...rest } = spec;
  return {
    hasStatus: false,
    tracksGeneration: false,
    defaults: () => {},
    validate: metaOnly,
    validateUpdate: metaUpdateOnly,
    ...rest,
    names,
    namespaced: spec.namespaced,
    definition: spec.definition ?? defaultDefinition(spec.group, spec.version, spec.kind),
    table: tableConvertorFor(spec.group, spec.plural),
  };
}
