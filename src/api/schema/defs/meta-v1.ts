// apimachinery meta/v1 types shared by every kind, plus the scalar wrappers (Quantity, IntOrString,
// RawExtension) that upstream publishes as definitions of their own.

import { s } from "../schema.ts";
import type { Definitions, Schema } from "../schema.ts";
import { atomic, servedGroupVersions, typeMetaFields } from "./_resource.ts";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

/** Kinds such as DeleteOptions are accepted by every group/version, so they carry one GVK per version. */
function everyGroupVersion(kind: string): Schema["x-kubernetes-group-version-kind"] {
  return servedGroupVersions.map(({ group, version }) => ({ group, version, kind }));
}

export const metaDefinitions: Definitions = {
  // Upstream publishes Quantity as oneOf string|number. Schema has no oneOf, so the format carries it:
  // the strict decoder accepts a string or a number wherever format is "quantity".
  "io.k8s.apimachinery.pkg.api.resource.Quantity": {
    type: "string",
    format: "quantity",
    description: "An amount of a resource, written as a number with an optional suffix: 500m, 2Gi, 1e3.",
  },
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": s.intOrString(
    "A value that is either a 32-bit integer or a string, such as a port number or a port name.",
  ),
  "io.k8s.apimachinery.pkg.runtime.RawExtension": s.any("An embedded object of any kind, kept as written."),
  [`${META}FieldsV1`]: s.any("The set of fields a manager owns, in the structured-merge-diff format."),

  [`${META}ObjectMeta`]: s.obj(
    {
      name: s.str("Unique name within the namespace (or cluster, for cluster-scoped kinds). Cannot be changed."),
      generateName: s.str("Prefix from which the server generates a unique name when name is empty."),
      namespace: s.str("Namespace the object lives in; empty for cluster-scoped kinds."),
      selfLink: s.str("Deprecated and no longer set."),
      uid: s.str("Server-assigned identifier, unique over the lifetime of the cluster."),
      resourceVersion: s.str("Opaque version of the object, used for optimistic concurrency and watches."),
      generation: s.int64("Sequence number of the desired state; bumped by the server when spec changes."),
      creationTimestamp: s.time("When the server created the object."),
      deletionTimestamp: s.time("When graceful deletion was requested; set by the server."),
      deletionGracePeriodSeconds: s.int64("Seconds allowed for graceful termination before the object is removed."),
      labels: s.stringMap("Key/value pairs used to select and organize objects."),
      annotations: s.stringMap("Arbitrary non-identifying key/value data for tools and people."),
      ownerReferences: s.arr(s.ref(`${META}OwnerReference`), {
        description: "Objects this one depends on; garbage collection removes it once they are gone.",
        mergeKey: "uid",
        strategy: "merge",
        listType: "map",
        listMapKeys: ["uid"],
      }),
      finalizers: s.arr(s.str(), {
        description: "Names of pending cleanup steps that must be removed before the object is deleted.",
        strategy: "merge",
        listType: "set",
      }),
      managedFields: s.arr(s.ref(`${META}ManagedFieldsEntry`), {
        description: "Which manager owns which fields, as recorded by server-side apply.",
        listType: "atomic",
      }),
    },
    { description: "Metadata every persisted object carries: identity, labels, ownership and versioning." },
  ),

  [`${META}ListMeta`]: s.obj(
    {
      selfLink: s.str("Deprecated and no longer set."),
      resourceVersion: s.str("Version of the collection at the time of the list; start a watch from it."),
      continue: s.str("Token for fetching the next page when the list was truncated by a limit."),
      remainingItemCount: s.int64("Approximate number of items after this page, when known."),
    },
    { description: "Metadata of a list response." },
  ),

  [`${META}OwnerReference`]: atomic(
    s.obj(
      {
        apiVersion: s.str("API version of the owner."),
        kind: s.str("Kind of the owner."),
        name: s.str("Name of the owner."),
        uid: s.str("UID of the owner."),
        controller: s.bool("True when the owner is the managing controller; at most one owner may set it."),
        blockOwnerDeletion: s.bool("When true, foreground deletion of the owner waits for this object to go."),
      },
      {
        description: "Identifies an object that owns this one, within the same namespace.",
        required: ["apiVersion", "kind", "name", "uid"],
      },
    ),
  ),

  [`${META}LabelSelector`]: atomic(
    s.obj(
      {
        matchLabels: s.stringMap("Labels that must all be present with exactly these values."),
        matchExpressions: s.arr(s.ref(`${META}LabelSelectorRequirement`), {
          description: "Set-based requirements, all of which must hold.",
          listType: "atomic",
        }),
      },
      { description: "Selects objects by label; the requirements are ANDed. An empty selector matches everything." },
    ),
  ),

  [`${META}LabelSelectorRequirement`]: s.obj(
    {
      key: s.str("Label key the requirement applies to."),
      operator: s.str("One of In, NotIn, Exists, DoesNotExist."),
      values: s.arr(s.str(), {
        description: "Values for In and NotIn; must be empty for Exists and DoesNotExist.",
        listType: "atomic",
      }),
    },
    { description: "A single set-based label requirement.", required: ["key", "operator"] },
  ),

  [`${META}ManagedFieldsEntry`]: s.obj(
    {
      manager: s.str("Name of the field manager, e.g. kubectl-client-side-apply."),
      operation: s.str("Apply or Update: the kind of request that took ownership."),
      apiVersion: s.str("API version the field set is expressed in."),
      time: s.time("When ownership last changed."),
      fieldsType: s.str("Format of the field set; only FieldsV1 exists."),
      fieldsV1: s.ref(`${META}FieldsV1`, "The owned fields."),
      subresource: s.str("Subresource the request was made to, such as status or scale; empty for the main resource."),
    },
    { description: "Ownership record of one field manager." },
  ),

  [`${META}Condition`]: s.obj(
    {
      type: s.str("Condition type in CamelCase, e.g. Available."),
      status: s.str("True, False or Unknown."),
      observedGeneration: s.int64("metadata.generation the condition was computed from."),
      lastTransitionTime: s.time("When status last changed."),
      reason: s.str("Machine-readable CamelCase cause of the last transition."),
      message: s.str("Human-readable details of the last transition."),
    },
    {
      description: "A standard status condition.",
      required: ["type", "status", "lastTransitionTime", "reason", "message"],
    },
  ),

  [`${META}Status`]: {
    ...s.obj(
      {
        ...typeMetaFields(),
        metadata: s.ref(`${META}ListMeta`, "Standard list metadata."),
        status: s.str("Success or Failure."),
        message: s.str("Human-readable description of the outcome."),
        reason: s.str("Machine-readable CamelCase reason, e.g. NotFound or AlreadyExists."),
        // Upstream tags this object field listType=atomic too; kept so the documents match.
        details: { ...s.ref(`${META}StatusDetails`, "Extra data that depends on the reason."), "x-kubernetes-list-type": "atomic" },
        code: s.int("HTTP status code of the response."),
      },
      { description: "Result of an API call that does not return an object, usually an error." },
    ),
    "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "Status" }],
  },

  [`${META}StatusDetails`]: s.obj(
    {
      name: s.str("Name of the object the status is about."),
      group: s.str("API group of the object."),
      kind: s.str("Kind of the object."),
      uid: s.str("UID of the object."),
      causes: s.arr(s.ref(`${META}StatusCause`), {
        description: "Individual problems, e.g. one per invalid field.",
        listType: "atomic",
      }),
      retryAfterSeconds: s.int("Seconds the client should wait before retrying."),
    },
    { description: "Extra data of a Status, about the object involved." },
  ),

  [`${META}StatusCause`]: s.obj(
    {
      reason: s.str("Machine-readable cause, e.g. FieldValueInvalid."),
      message: s.str("Human-readable description of the cause."),
      field: s.str("Path of the field at fault, e.g. spec.replicas."),
    },
    { description: "One cause of a failure." },
  ),

  [`${META}DeleteOptions`]: {
    ...s.obj(
      {
        ...typeMetaFields(),
        gracePeriodSeconds: s.int64("Seconds before the object is deleted; 0 means immediately."),
        preconditions: s.ref(`${META}Preconditions`, "Conditions that must hold for the deletion to proceed."),
        orphanDependents: s.bool("Deprecated: use propagationPolicy. Whether dependents are orphaned."),
        propagationPolicy: s.str("Orphan, Background or Foreground: how dependents are garbage collected."),
        dryRun: s.arr(s.str(), { description: "When set to All, nothing is persisted.", listType: "atomic" }),
        ignoreStoreReadErrorWithClusterBreakingPotential: s.bool(
          "Delete an object that cannot be read from storage; unsafe, off by default.",
        ),
      },
      { description: "Options of a DELETE request." },
    ),
    "x-kubernetes-group-version-kind": everyGroupVersion("DeleteOptions"),
  },

  [`${META}Preconditions`]: s.obj(
    {
      uid: s.str("The object must have this UID."),
      resourceVersion: s.str("The object must have this resourceVersion."),
    },
    { description: "Requirements checked before an operation is carried out." },
  ),

  [`${META}WatchEvent`]: {
    ...s.obj(
      {
        type: s.str("ADDED, MODIFIED, DELETED, BOOKMARK or ERROR."),
        object: s.ref("io.k8s.apimachinery.pkg.runtime.RawExtension", "The object after the change, or a Status for ERROR."),
      },
      { description: "One event of a watch stream.", required: ["type", "object"] },
    ),
    "x-kubernetes-group-version-kind": everyGroupVersion("WatchEvent"),
  },

  [`${META}APIResource`]: s.obj(
    {
      name: s.str("Plural resource name, e.g. statefulsets or statefulsets/scale."),
      singularName: s.str("Singular resource name, e.g. statefulset."),
      namespaced: s.bool("Whether the resource lives in namespaces."),
      group: s.str("Preferred group of the resource, when it differs from the list's."),
      version: s.str("Preferred version of the resource, when it differs from the list's."),
      kind: s.str("Kind of the resource, e.g. StatefulSet."),
      verbs: s.arr(s.str(), { description: "Supported verbs: get, list, watch, create, update, patch, delete..." }),
      shortNames: s.arr(s.str(), { description: "Short aliases, e.g. sts.", listType: "atomic" }),
      categories: s.arr(s.str(), { description: "Groupings such as all.", listType: "atomic" }),
      storageVersionHash: s.str("Hash of the version the resource is stored in."),
    },
    {
      description: "A resource served by a group/version.",
      required: ["name", "singularName", "namespaced", "kind", "verbs"],
    },
  ),

  [`${META}APIResourceList`]: s.obj(
    {
      ...typeMetaFields(),
      groupVersion: s.str("The group/version the resources belong to."),
      resources: s.arr(s.ref(`${META}APIResource`), {
        description: "Resources of the group/version.",
        listType: "atomic",
      }),
    },
    { description: "The resources a group/version serves.", required: ["groupVersion", "resources"] },
  ),
};
