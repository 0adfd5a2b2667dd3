// Table convertors by resource, keyed "<group>/<plural>" with "" for the core group
// ("/pods", "apps/statefulsets"). Resources without one get the generic Name/Created At table.
import { configMapsTable } from "./configmaps.ts";
import { controllerRevisionsTable } from "./controllerrevisions.ts";
import { endpointSlicesTable } from "./endpointslices.ts";
import { endpointsTable } from "./endpoints.ts";
import { eventsK8sIoTable } from "./events-k8s-io.ts";
import { eventsTable } from "./events.ts";
import { genericTable } from "./generic-table.ts";
import { leasesTable } from "./leases.ts";
import { namespacesTable } from "./namespaces.ts";
import { nodesTable } from "./nodes.ts";
import { persistentVolumeClaimsTable } from "./persistentvolumeclaims.ts";
import { persistentVolumesTable } from "./persistentvolumes.ts";
import { podsTable } from "./pods.ts";
import { secretsTable } from "./secrets.ts";
import { serviceAccountsTable } from "./serviceaccounts.ts";
import { servicesTable } from "./services.ts";
import { statefulSetsTable } from "./statefulsets.ts";
import { storageClassesTable } from "./storageclasses.ts";
import type { TableConvertor } from "./table.ts";

export { genericTable } from "./generic-table.ts";

export const tableConvertors: ReadonlyMap<string, TableConvertor> = new Map([
  ["/pods", podsTable],
  ["/services", servicesTable],
  ["/endpoints", endpointsTable],
  ["/persistentvolumeclaims", persistentVolumeClaimsTable],
  ["/persistentvolumes", persistentVolumesTable],
  ["/events", eventsTable],
  ["/namespaces", namespacesTable],
  ["/secrets", secretsTable],
  ["/configmaps", configMapsTable],
  ["/nodes", nodesTable],
  ["/serviceaccounts", serviceAccountsTable],
  ["apps/statefulsets", statefulSetsTable],
  ["apps/controllerrevisions", controllerRevisionsTable],
  ["storage.k8s.io/storageclasses", storageClassesTable],
  ["events.k8s.io/events", eventsK8sIoTable],
  ["discovery.k8s.io/endpointslices", endpointSlicesTable],
  ["coordination.k8s.io/leases", leasesTable],
]);

/** The convertor for a resource, falling back to the generic table. */
export function tableConvertorFor(group: string, resource: string): TableConvertor {
  return tableConvertors.get(`${group}/${resource}`) ?? genericTable;
}
