// Per-kind behaviour for the one generic store (after the apiserver's rest.RESTCreateStrategy et al.).
// Every function is pure: it returns a new object or a list of FieldErrors and performs no I/O.
import type { FieldError } from "../../api/field-error.ts";
import type { KubeObject } from "../../api/meta.ts";
import type { TableConvertor } from "../tables/table.ts";

export interface ResourceNames {
  group: string; // "" for core
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
}

export interface DeleteContext {
  /** gracePeriodSeconds from DeleteOptions, when given. */
  gracePeriodSeconds?: number;
  now: Date;
}

export interface ResourceStrategy {
  names: ResourceNames;
  namespaced: boolean;
  /** Schema definition name of the kind ("io.k8s.api.apps.v1.StatefulSet"). */
  definition: string;
  /** The kind has a /status subresource: status is written only there, spec never there. */
  hasStatus: boolean;
  /** metadata.generation is tracked and bumped when anything but metadata/status changes. */
  tracksGeneration: boolean;
  /** Extra subresources served for the kind (beyond status), e.g. "scale", "log", "exec". */
  subresources?: string[];
  /** Fills server-side defaults in place on a private copy (after strict decoding and pruning). */
  defaults(obj: KubeObject): void;
  /** Resets what a create may not set (status for kinds with hasStatus), in place on a private copy. */
  prepareForCreate?(obj: KubeObject): void;
  /** Adjusts an update in place (e.g. keeps immutable server-owned fields) given the old object. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Admission on create, after defaults: a reason makes the create a 403 Forbidden. */
  admitCreate?(obj: KubeObject): string | undefined;
  /** Admission on update, after defaults: a reason makes the update a 403 Forbidden. */
  admitUpdate?(obj: KubeObject, old: KubeObject): string | undefined;
  validate(obj: KubeObject): FieldError[];
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  /** Validation of a /status write; defaults to none. */
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  table: TableConvertor;
  /** Field selector values beyond metadata.name / metadata.namespace. */
  fieldLabels?: Record<string, (obj: KubeObject) => string | undefined>;
  /**
   * Graceful deletion: the grace period to apply, or undefined to delete at once (pods only).
   */
  gracefulDeletePeriod?(obj: KubeObject, ctx: DeleteContext): number | undefined;
  /**
   * Whether a deleted object stays (with a deletionTimestamp) for reasons other than
   * metadata.finalizers, e.g. a namespace's spec.finalizers.
   */
  retainsOnDelete?(obj: KubeObject): boolean;
  /** Changes made when an object is marked for deletion (a namespace becomes Terminating). */
  prepareForDeletion?(obj: KubeObject): void;
}
