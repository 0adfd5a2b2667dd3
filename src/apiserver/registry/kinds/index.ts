// Every served kind. Adding a kind is one entry here (and its strategy file when it has more
// than names and the api/ functions).
import type { Backend } from "../../../store/backend.ts";
import type { KubeObject } from "../../../api/meta.ts";
import * as configMap from "../../../api/core/config-map.ts";
import * as endpoints from "../../../api/core/endpoints.ts";
import * as event from "../../../api/core/event.ts";
import * as node from "../../../api/core/node.ts";
import * as pv from "../../../api/core/persistent-volume.ts";
import * as secret from "../../../api/core/secret.ts";
import * as serviceAccount from "../../../api/core/service-account.ts";
import * as controllerRevision from "../../../api/apps/controller-revision.ts";
import * as storageClass from "../../../api/storage/storage-class.ts";
import * as endpointSlice from "../../../api/discovery/endpoint-slice.ts";
import * as lease from "../../../api/coordination/lease.ts";
import * as eventsEvent from "../../../api/events/event.ts";
import type { ResourceStrategy } from "../strategy.ts";
import { defineKind } from "./define-kind.ts";
import { namespaces } from "./namespaces.ts";
import { addFinalizer, persistentVolumeClaims } from "./persistent-volume-claims.ts";
import { pods } from "./pods.ts";
import { services } from "./services.ts";
import { statefulSets } from "./statefulsets.ts";

const field = (obj: KubeObject, ...path: string[]): string => {
  let v: unknown = obj;
  for (const p of path) v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  return v === undefined || v === null ? "" : String(v);
};

export function allStrategies(backend: Backend): ResourceStrategy[] {
  return [
    namespaces,
    pods,
    services(backend),
    defineKind({
      group: "", version: "v1", kind: "Endpoints", plural: "endpoints", namespaced: true, shortNames: ["ep"],
      defaults: endpoints.defaultEndpoints, validate: endpoints.validateEndpoints, validateUpdate: endpoints.validateEndpointsUpdate,
    }),
    defineKind({
      group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true, shortNames: ["cm"],
      defaults: configMap.defaultConfigMap, validate: configMap.validateConfigMap, validateUpdate: configMap.validateConfigMapUpdate,
    }),
    defineKind({
      group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true,
      defaults: secret.defaultSecret, validate: secret.validateSecret, validateUpdate: secret.validateSecretUpdate,
      fieldLabels: { type: (s) => field(s, "type") },
    }),
    persistentVolumeClaims(backend),
    defineKind({
      group: "", version: "v1", kind: "PersistentVolume", plural: "persistentvolumes", namespaced: false, shortNames: ["pv"], hasStatus: true,
      prepareForCreate(v) {
        v.status = { phase: "Pending" };
        addFinalizer(v, "kubernetes.io/pv-protection");
      },
      defaults: pv.defaultPersistentVolume, validate: pv.validatePersistentVolume,
      validateUpdate: pv.validatePersistentVolumeUpdate, validateStatusUpdate: pv.validatePersistentVolumeStatusUpdate,
    }),
    defineKind({
      group: "", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"],
      defaults: event.defaultEvent, validate: event.validateEvent, validateUpdate: event.validateEventUpdate,
      fieldLabels: {
        "involvedObject.kind": (e) => field(e, "involvedObject", "kind"),
        "involvedObject.namespace": (e) => field(e, "involvedObject", "namespace"),
        "involvedObject.name": (e) => field(e, "involvedObject", "name"),
        "involvedObject.uid": (e) => field(e, "involvedObject", "uid"),
        "involvedObject.apiVersion": (e) => field(e, "involvedObject", "apiVersion"),
        "involvedObject.resourceVersion": (e) => field(e, "involvedObject", "resourceVersion"),
        "involvedObject.fieldPath": (e) => field(e, "involvedObject", "fieldPath"),
        reason: (e) => field(e, "reason"),
        reportingComponent: (e) => field(e, "reportingComponent"),
        source: (e) => field(e, "source", "component"),
        type: (e) => field(e, "type"),
      },
    }),
    defineKind({
      group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false, shortNames: ["no"], hasStatus: true, subresources: ["proxy"],
      defaults: node.defaultNode, validate: node.validateNode, validateUpdate: node.validateNodeUpdate, validateStatusUpdate: node.validateNodeStatusUpdate,
      fieldLabels: { "spec.unschedulable": (n) => String(field(n, "spec", "unschedulable") === "true") },
    }),
    defineKind({
      group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true, shortNames: ["sa"],
      defaults: serviceAccount.defaultServiceAccount, validate: serviceAccount.validateServiceAccount, validateUpdate: serviceAccount.validateServiceAccountUpdate,
    }),
    statefulSets,
    defineKind({
      group: "apps", version: "v1", kind: "ControllerRevision", plural: "controllerrevisions", namespaced: true,
      defaults: controllerRevision.defaultControllerRevision, validate: controllerRevision.validateControllerRevision,
      validateUpdate: controllerRevision.validateControllerRevisionUpdate,
    }),
    defineKind({
      group: "storage.k8s.io", version: "v1", kind: "StorageClass", plural: "storageclasses", namespaced: false, shortNames: ["sc"],
      defaults: storageClass.defaultStorageClass, validate: storageClass.validateStorageClass, validateUpdate: storageClass.validateStorageClassUpdate,
    }),
    defineKind({
      group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", plural: "endpointslices", namespaced: true,
      defaults: endpointSlice.defaultEndpointSlice, validate: endpointSlice.validateEndpointSlice, validateUpdate: endpointSlice.validateEndpointSliceUpdate,
    }),
    defineKind({
      group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true,
      validate: lease.validateLease, validateUpdate: lease.validateLeaseUpdate,
    }),
    defineKind({
      group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"],
      validate: eventsEvent.validateEvent, validateUpdate: eventsEvent.validateEventUpdate,
    }),
  ];
}
