// The StorageClass a fresh cluster has, as on minikube: `standard`, the default, served by the
// hostpath provisioner. Created only when missing, so a user's edits or deletion annotations stay.
import { isAlreadyExists, isNotFound } from "../api/status-error.ts";
import type { Client } from "../client/client.ts";
import { annDefaultStorageClass, classesId, type StorageClass } from "../controllers/persistentvolume/volume-types.ts";

export const standardStorageClass: StorageClass = {
  apiVersion: "storage.k8s.io/v1",
  kind: "StorageClass",
  metadata: {
    name: "standard",
    annotations: { [annDefaultStorageClass]: "true" },
    labels: { "addonmanager.kubernetes.io/mode": "EnsureExists" },
  },
  provisioner: "k8s.io/minikube-hostpath",
  reclaimPolicy: "Delete",
  volumeBindingMode: "Immediate",
};

export async function bootstrapStorageClasses(client: Client): Promise<void> {
  const classes = client.resource(classesId);
  try {
    await classes.get(undefined, "standard");
    return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await classes.create(undefined, structuredClone(standardStorageClass));
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}
