// What a stored StatefulSet made from the seed's statefulset.yaml (no claims) or sts.yaml (with the
// www claim template) looks like on a real API server. Each check compares one projection of the
// object, so a failure shows every differing field at once.
import assert from "node:assert/strict";

const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertStoredMetadata(meta: any, name: string, namespace: string): void {
  assert.deepEqual(
    { name: meta.name, namespace: meta.namespace, uid: UUID.test(meta.uid), rv: /^\d+$/.test(meta.resourceVersion), created: RFC3339_SECONDS.test(meta.creationTimestamp) },
    { name, namespace, uid: true, rv: true, created: true },
  );
}

export interface SeedExpectation {
  replicas: number;
  image: string;
  /** sts.yaml: the www claim template and its volume mount. */
  claims: boolean;
}

/** The seed's web StatefulSet as stored, after the manifest or later writes set `replicas` and `image`. */
export function assertSeedStatefulSet(sts: any, namespace: string, { replicas, image, claims }: SeedExpectation): void {
  assert.equal(sts.apiVersion, "apps/v1");
  assert.equal(sts.kind, "StatefulSet");
  assertStoredMetadata(sts.metadata, "web", namespace);
  const spec = sts.spec;
  const containers = spec.template.spec.containers ?? [];
  assert.deepEqual(
    {
      serviceName: spec.serviceName,
      replicas: spec.replicas,
      selector: spec.selector,
      templateLabels: spec.template.metadata?.labels,
      containers: containers.map((c: any) => ({
        name: c.name,
        image: c.image,
        ports: c.ports?.map((p: any) => ({ name: p.name, containerPort: p.containerPort })),
        volumeMounts: c.volumeMounts,
      })),
      claims: spec.volumeClaimTemplates?.map((c: any) => ({ name: c.metadata?.name, accessModes: c.spec?.accessModes, resources: c.spec?.resources })),
    },
    {
      serviceName: "nginx",
      replicas,
      selector: { matchLabels: { app: "nginx" } },
      templateLabels: { app: "nginx" },
      containers: [
        {
          name: "nginx",
          image,
          ports: [{ name: "web", containerPort: 80 }],
          volumeMounts: claims ? [{ name: "www", mountPath: "/usr/share/nginx/html" }] : undefined,
        },
      ],
      claims: claims ? [{ name: "www", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } }] : undefined,
    },
  );
}

/** The defaults a real server fills in: apps/v1 StatefulSet, pod template, container. */
export function assertStatefulSetDefaults(sts: any): void {
  const spec = sts.spec;
  const pod = spec.template.spec;
  const c = pod.containers[0];
  assert.deepEqual(
    {
      generation: typeof sts.metadata.generation,
      podManagementPolicy: spec.podManagementPolicy,
      updateStrategy: spec.updateStrategy,
      revisionHistoryLimit: spec.revisionHistoryLimit,
      persistentVolumeClaimRetentionPolicy: spec.persistentVolumeClaimRetentionPolicy,
      restartPolicy: pod.restartPolicy,
      dnsPolicy: pod.dnsPolicy,
      schedulerName: pod.schedulerName,
      terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
      securityContext: pod.securityContext,
      imagePullPolicy: c.imagePullPolicy,
      terminationMessagePath: c.terminationMessagePath,
      terminationMessagePolicy: c.terminationMessagePolicy,
      resources: c.resources,
      portProtocols: c.ports?.map((p: any) => p.protocol),
    },
    {
      generation: "number",
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      restartPolicy: "Always",
      dnsPolicy: "ClusterFirst",
      schedulerName: "default-scheduler",
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      imagePullPolicy: "IfNotPresent",
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
      resources: {},
      portProtocols: ["TCP"],
    },
  );
}

/** Each claim template as a real server stores it: typed as a PersistentVolumeClaim, with its defaults. */
export function assertClaimTemplateDefaults(sts: any): void {
  assert.deepEqual(
    sts.spec.volumeClaimTemplates.map((c: any) => ({ apiVersion: c.apiVersion, kind: c.kind, volumeMode: c.spec?.volumeMode, status: c.status })),
    [{ apiVersion: "v1", kind: "PersistentVolumeClaim", volumeMode: "Filesystem", status: { phase: "Pending" } }],
  );
}
