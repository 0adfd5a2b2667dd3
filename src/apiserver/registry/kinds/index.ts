// Every served kind. Adding a kind is one entry here (and its strategy file when it has more
// than names).
import type { Backend } from "../../../store/backend.ts";
import type { ResourceStrategy } from "../strategy.ts";
import { defineKind } from "./define-kind.ts";
import { namespaces } from "./namespaces.ts";
import { pods } from "./pods.ts";
import { services } from "./services.ts";
import { statefulSets } from "./statefulsets.ts";

export function allStrategies(backend: Backend): ResourceStrategy[] {
  return [
    namespaces,
    pods,
    services(backend),
    defineKind({ group: "", version: "v1", kind: "Endpoints", plural: "endpoints", namespaced: true, shortNames: ["ep"] }),
    defineKind({ group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true, shortNames: ["cm"] }),
    defineKind({ group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true, fieldLabels: { type: (s) => s.type as string | undefined } }),
    defineKind({ group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", namespaced: true, shortNames: ["pvc"], hasStatus: true }),
    defineKind({ group: "", version: "v1", kind: "PersistentVolume", plural: "persistentvolumes", namespaced: false, shortNames: ["pv"], hasStatus: true }),
    defineKind({ group: "", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"], fieldLabels: eventFieldLabels() }),
    defineKind({ group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false, shortNames: ["no"], hasStatus: true, subresources: ["proxy"] }),
    defineKind({ group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true, shortNames: ["sa"] }),
    statefulSets,
    defineKind({ group: "apps", version: "v1", kind: "ControllerRevision", plural: "controllerrevisions", namespaced: true }),
    defineKind({ group: "storage.k8s.io", version: "v1", kind: "StorageClass", plural: "storageclasses", namespaced: false, shortNames: ["sc"] }),
    defineKind({ group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", plural: "endpointslices", namespaced: true }),
    defineKind({ group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true }),
    defineKind({ group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"] }),
  ];
}

function eventFieldLabels(): NonNullable<ResourceStrategy["fieldLabels"]> {
  const involved = (field: string) => (e: Parameters<NonNullable<ResourceStrategy["fieldLabels"]>[string]>[0]) =>
    ((e.involvedObject as Record<string, unknown> | undefined)?.[field] as string | undefined) ?? "";
  const source = (e: Parameters<NonNullable<ResourceStrategy["fieldLabels"]>[string]>[0]) =>
    ((e.source as Record<string, unknown> | undefined)?.component as string | undefined) ?? "";
  return {
    "involvedObject.kind": involved("kind"),
    "involvedObject.namespace": involved("namespace"),
    "involvedObject.name": involved("name"),
    "involvedObject.uid": involved("uid"),
    "involvedObject.apiVersion": involved("apiVersion"),
    "involvedObject.resourceVersion": involved("resourceVersion"),
    "involvedObject.fieldPath": involved("fieldPath"),
    reason: (e) => (e.reason as string | undefined) ?? "",
    reportingComponent: (e) => (e.reportingComponent as string | undefined) ?? "",
    source,
    type: (e) => (e.type as string | undefined) ?? "",
  };
}
