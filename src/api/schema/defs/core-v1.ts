// core/v1 kinds other than pods. Service, Node and the persistent volume kinds live in sibling
// files and are merged in here, so `coreDefinitions` is the whole of core/v1 except the pod types.

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { listOf, resource } from "./_resource.ts";
import { coreNodeDefinitions } from "./core-v1-node.ts";
import { coreServiceDefinitions } from "./core-v1-service.ts";
import { coreVolumeDefinitions } from "./core-v1-volume.ts";

const core = (name: string): string => `io.k8s.api.core.v1.${name}`;
const v1 = (kind: string) => ({ group: "", version: "v1", kind });

export const coreDefinitions: Definitions = {
  ...coreServiceDefinitions,
  ...coreNodeDefinitions,
  ...coreVolumeDefinitions,

  // Pod and PodTemplate are defined with the pod types; their lists are plain and live here.
  [core("PodList")]: listOf(v1("Pod"), core("Pod")),
  [core("PodTemplateList")]: listOf(v1("PodTemplate"), core("PodTemplate")),

  [core("Namespace")]: resource(v1("Namespace"), "A scope for names; most kinds live in a namespace.", {
    spec: s.ref(core("NamespaceSpec"), "How the namespace is handled."),
    status: s.ref(core("NamespaceStatus"), "Observed state of the namespace."),
  }),
  [core("NamespaceList")]: listOf(v1("Namespace"), core("Namespace")),

  [core("NamespaceSpec")]: s.obj(
    {
      finalizers: s.arr(s.str(), {
        description: "Cleanup steps that must finish before the namespace is removed.",
        listType: "atomic",
      }),
    },
    { description: "Specification of a namespace." },
  ),

  [core("NamespaceStatus")]: s.obj(
    {
      phase: s.str("Active or Terminating."),
      conditions: s.arr(s.ref(core("NamespaceCondition")), {
        description: "Current conditions of the namespace, mostly about its termination.",
        mergeKey: "type",
        strategy: "merge",
        listType: "map",
        listMapKeys: ["type"],
      }),
    },
    { description: "Observed state of a namespace." },
  ),

  [core("NamespaceCondition")]: s.obj(
    {
      type: s.str("Condition type, e.g. NamespaceDeletionContentFailure."),
      status: s.str("True, False or Unknown."),
      lastTransitionTime: s.time("When status last changed."),
      reason: s.str("CamelCase reason of the last transition."),
      message: s.str("Human-readable details of the last transition."),
    },
    { description: "A condition of a namespace.", required: ["type", "status"] },
  ),

  [core("ConfigMap")]: resource(v1("ConfigMap"), "Non-secret configuration data for pods to consume.", {
    immutable: s.bool("When true, data and binaryData can no longer change."),
    data: s.stringMap("UTF-8 configuration entries."),
    binaryData: s.map(s.bytes(), "Binary configuration entries, base64-encoded; keys must not repeat those of data."),
  }),
  [core("ConfigMapList")]: listOf(v1("ConfigMap"), core("ConfigMap")),

  [core("Secret")]: resource(v1("Secret"), "Sensitive data such as passwords, tokens or keys.", {
    immutable: s.bool("When true, data can no longer change."),
    data: s.map(s.bytes(), "Secret entries, base64-encoded."),
    stringData: s.stringMap("Write-only plain-text entries, merged into data on write."),
    type: s.str("How the data is used, e.g. Opaque or kubernetes.io/tls."),
  }),
  [core("SecretList")]: listOf(v1("Secret"), core("Secret")),

  [core("ServiceAccount")]: resource(v1("ServiceAccount"), "An identity for processes that run in pods.", {
    secrets: s.arr(s.ref(core("ObjectReference")), {
      description: "Deprecated: secrets pods of this account may use.",
      mergeKey: "name",
      strategy: "merge",
      listType: "map",
      listMapKeys: ["name"],
    }),
    imagePullSecrets: s.arr(s.ref(core("LocalObjectReference")), {
      description: "Registry credentials added to pods that use this account.",
      listType: "atomic",
    }),
    automountServiceAccountToken: s.bool("Whether pods of this account get an API token mounted by default."),
  }),
  [core("ServiceAccountList")]: listOf(v1("ServiceAccount"), core("ServiceAccount")),

  [core("Binding")]: resource(
    v1("Binding"),
    "Assigns a pod to a node; posted to a pod's binding subresource by the scheduler.",
    { target: s.ref(core("ObjectReference"), "The node to bind to.") },
    { required: ["target"] },
  ),

  [core("Event")]: resource(
    v1("Event"),
    "A report of something that happened to an object.",
    {
      involvedObject: s.ref(core("ObjectReference"), "The object the event is about."),
      reason: s.str("Short CamelCase cause, e.g. SuccessfulCreate."),
      message: s.str("Human-readable description."),
      source: s.ref(core("EventSource"), "Component that reported the event."),
      firstTimestamp: s.time("When the event was first recorded."),
      lastTimestamp: s.time("When the event was most recently recorded."),
      count: s.int("How many times the event occurred."),
      type: s.str("Normal or Warning."),
      eventTime: s.time("When the event first occurred, with microsecond precision."),
      series: s.ref(core("EventSeries"), "Data about a series of repeated events."),
      action: s.str("What was done, or failed to be done, to the object."),
      related: s.ref(core("ObjectReference"), "A second object involved, if any."),
      reportingComponent: s.str("Controller that emitted the event, e.g. kubernetes.io/kubelet."),
      reportingInstance: s.str("Instance of the controller, e.g. a host name."),
    },
    { required: ["metadata", "involvedObject"] },
  ),
  [core("EventList")]: listOf(v1("Event"), core("Event")),

  [core("EventSource")]: s.obj(
    {
      component: s.str("Component that generated the event."),
      host: s.str("Node the event came from."),
    },
    { description: "Origin of an event." },
  ),

  [core("EventSeries")]: s.obj(
    {
      count: s.int("Occurrences so far in the series."),
      lastObservedTime: s.time("When the last occurrence was seen."),
    },
    { description: "A series of repeated events." },
  ),
};
