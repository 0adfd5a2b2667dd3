// Objects for the golden table tests: one case per printed kind (plus the generic table), each
// exercising that printer's special cells. Ages are relative to `goldenNow`.
import type { KubeObject } from "../../api/meta.ts";

export const goldenNow = new Date("2024-06-01T12:00:00Z");
const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;
const ago = (ms: number) => new Date(goldenNow.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const meta = (name: string, age: number, extra: object = {}) => ({
  name,
  namespace: "default",
  creationTimestamp: ago(age),
  ...extra,
});
const template = (...containers: [string, string][]) => ({
  spec: { containers: containers.map(([name, image]) => ({ name, image })) },
});

export interface GoldenCase {
  name: string;
  key: string;
  objects: KubeObject[];
}

export const goldenCases: GoldenCase[] = [
  {
    name: "pods",
    key: "/pods",
    objects: [
      {
        metadata: meta("web-0", 10 * m),
        spec: { nodeName: "node1", containers: [{ name: "nginx" }] },
        status: {
          phase: "Running",
          podIPs: [{ ip: "10.1.0.5" }],
          conditions: [{ type: "Ready", status: "True" }],
          containerStatuses: [{ name: "nginx", ready: true, restartCount: 0, state: { running: {} } }],
        },
      },
      {
        metadata: meta("web-1", 9 * m, { deletionTimestamp: ago(5 * s) }),
        spec: { nodeName: "node1", containers: [{ name: "nginx" }] },
        status: {
          phase: "Running",
          podIPs: [{ ip: "10.1.0.6" }],
          containerStatuses: [
            {
              name: "nginx",
              ready: false,
              restartCount: 3,
              state: { waiting: { reason: "CrashLoopBackOff" } },
              lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: ago(5 * m) } },
            },
          ],
        },
      },
      {
        metadata: meta("migrate-db-long-name", 3 * h + 5 * m),
        spec: { containers: [{ name: "app" }], initContainers: [{ name: "wait" }, { name: "migrate" }] },
        status: {
          phase: "Pending",
          initContainerStatuses: [
            { name: "wait", state: { waiting: { reason: "PodInitializing" } } },
            { name: "migrate", state: { waiting: { reason: "PodInitializing" } } },
          ],
        },
      },
      {
        metadata: { name: "no-timestamp", namespace: "default" },
        spec: { containers: [{ name: "c" }] },
        status: { phase: "Pending" },
      },
    ],
  },
  {
    name: "statefulsets",
    key: "apps/statefulsets",
    objects: [
      {
        metadata: meta("web", 2 * d + 3 * h),
        spec: { replicas: 3, template: template(["nginx", "nginx:1.27"], ["log", "busybox:1.36"]) },
        status: { readyReplicas: 2 },
      },
      { metadata: meta("db", 45 * s), spec: { replicas: 0, template: template(["pg", "postgres:16"]) }, status: {} },
      { metadata: meta("defaulted", 400 * d), spec: { template: template() } },
    ],
  },
  {
    name: "services",
    key: "/services",
    objects: [
      {
        metadata: meta("kubernetes", 30 * d),
        spec: { type: "ClusterIP", clusterIPs: ["10.96.0.1"], ports: [{ port: 443, protocol: "TCP" }] },
      },
      {
        metadata: meta("web", 5 * h),
        spec: {
          type: "ClusterIP",
          clusterIP: "None",
          clusterIPs: ["None"],
          ports: [{ port: 80, protocol: "TCP" }],
          selector: { app: "nginx", tier: "front" },
        },
      },
      {
        metadata: meta("nodeport", 90 * m),
        spec: {
          type: "NodePort",
          clusterIPs: ["10.96.4.2"],
          externalIPs: ["192.0.2.10"],
          ports: [
            { port: 80, nodePort: 30080, protocol: "TCP" },
            { port: 53, nodePort: 30053, protocol: "UDP" },
          ],
          selector: { app: "dns" },
        },
      },
      {
        metadata: meta("lb-pending", 2 * m),
        spec: { type: "LoadBalancer", clusterIPs: ["10.96.7.7"], ports: [{ port: 443, nodePort: 31443 }] },
      },
      {
        metadata: meta("lb", 8 * d),
        spec: {
          type: "LoadBalancer",
          clusterIPs: ["10.96.8.8"],
          externalIPs: ["192.0.2.99"],
          ports: [{ port: 80, nodePort: 30001, protocol: "TCP" }],
        },
        status: { loadBalancer: { ingress: [{ ip: "203.0.113.9" }, { hostname: "lb.example.com" }, { ip: "203.0.113.9" }] } },
      },
      { metadata: meta("external", 3 * d), spec: { type: "ExternalName", externalName: "db.example.com" } },
      { metadata: meta("bare", y) },
    ],
  },
  {
    name: "persistentvolumeclaims",
    key: "/persistentvolumeclaims",
    objects: [
      {
        metadata: meta("www-web-0", 2 * h),
        spec: {
          volumeName: "pvc-1234",
          storageClassName: "local-path",
          resources: { requests: { storage: "1Gi" } },
          volumeMode: "Filesystem",
        },
        status: {
          phase: "Bound",
          accessModes: ["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteOnce"],
          capacity: { storage: "1024Mi" },
        },
      },
      {
        metadata: meta("pending", 30 * s),
        spec: { storageClassName: "local-path", resources: { requests: { storage: "5Gi" } } },
        status: { phase: "Pending" },
      },
      {
        metadata: meta("legacy", 9 * d, {
          deletionTimestamp: ago(s),
          annotations: { "volume.beta.kubernetes.io/storage-class": "old" },
        }),
        spec: { volumeName: "pv-legacy", storageClassName: "ignored", volumeAttributesClassName: "gold", volumeMode: "Block" },
        status: { phase: "Bound", accessModes: ["ReadWriteMany", "ReadOnlyMany"] },
      },
    ],
  },
  {
    name: "persistentvolumes",
    key: "/persistentvolumes",
    objects: [
      {
        metadata: { name: "pvc-1234", creationTimestamp: ago(2 * h) },
        spec: {
          capacity: { storage: "1Gi" },
          accessModes: ["ReadWriteOnce"],
          persistentVolumeReclaimPolicy: "Delete",
          claimRef: { namespace: "default", name: "www-web-0" },
          storageClassName: "local-path",
          volumeMode: "Filesystem",
        },
        status: { phase: "Bound" },
      },
      {
        metadata: { name: "released", creationTimestamp: ago(20 * d), deletionTimestamp: ago(s) },
        spec: { capacity: { storage: "10G" }, accessModes: ["ReadOnlyMany", "ReadWriteOnce"], volumeAttributesClassName: "gold" },
        status: { phase: "Released", reason: "Recycling" },
      },
      { metadata: { name: "bare", creationTimestamp: ago(5 * y) } },
    ],
  },
  {
    name: "storageclasses",
    key: "storage.k8s.io/storageclasses",
    objects: [
      {
        metadata: {
          name: "local-path",
          creationTimestamp: ago(10 * d),
          annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "ordinal.dev/local-path",
        reclaimPolicy: "Delete",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
      },
      {
        metadata: {
          name: "old-default",
          creationTimestamp: ago(10 * d),
          annotations: { "storageclass.beta.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "example.com/nfs",
        reclaimPolicy: "Retain",
      },
      {
        metadata: {
          name: "not-default",
          creationTimestamp: ago(d),
          annotations: { "storageclass.kubernetes.io/is-default-class": "false" },
        },
        provisioner: "example.com/nfs",
      },
    ],
  },
  {
    name: "events",
    key: "/events",
    objects: [
      {
        metadata: meta("web.17d0a", 10 * m),
        type: "Normal",
        reason: "SuccessfulCreate",
        message: "create Pod web-0 in StatefulSet web successful\n",
        involvedObject: { kind: "StatefulSet", name: "web", namespace: "default" },
        source: { component: "statefulset-controller" },
        firstTimestamp: ago(10 * m),
        lastTimestamp: ago(2 * m),
        count: 3,
      },
      {
        metadata: meta("web-0.17d0b", 9 * m),
        type: "Warning",
        reason: "BackOff",
        message: "Back-off restarting failed container",
        involvedObject: { kind: "Pod", name: "web-0", fieldPath: "spec.containers{nginx}" },
        source: { component: "kubelet", host: "node1" },
        firstTimestamp: ago(9 * m),
        lastTimestamp: null,
        count: 0,
      },
      {
        metadata: meta("web-0.17d0c", 3 * m),
        type: "Normal",
        reason: "Pulled",
        message: "Image pulled",
        involvedObject: { kind: "Pod", name: "web-0" },
        reportingComponent: "kubelet",
        reportingInstance: "node2",
        eventTime: "2024-06-01T11:57:00.000000Z",
        series: { count: 7, lastObservedTime: "2024-06-01T11:59:30.000000Z" },
      },
      { metadata: meta("cluster.1", 20 * s), type: "Normal", reason: "Started", message: "", involvedObject: { kind: "Node" } },
    ],
  },
  {
    name: "events-k8s-io",
    key: "events.k8s.io/events",
    objects: [
      {
        metadata: meta("web.17d0a", 10 * m),
        type: "Normal",
        reason: "SuccessfulCreate",
        note: "  create Pod web-1 in StatefulSet web successful",
        regarding: { kind: "StatefulSet", name: "web" },
        reportingController: "statefulset-controller",
        reportingInstance: "",
        eventTime: "2024-06-01T11:50:00.000000Z",
      },
      {
        metadata: meta("web-0.17d0b", 9 * m),
        type: "Warning",
        reason: "BackOff",
        note: "Back-off",
        regarding: { kind: "Pod", name: "web-0", fieldPath: "spec.containers{nginx}" },
        deprecatedSource: { component: "kubelet", host: "node1" },
        deprecatedFirstTimestamp: ago(9 * m),
        deprecatedLastTimestamp: ago(30 * s),
        deprecatedCount: 12,
      },
    ],
  },
  {
    name: "controllerrevisions",
    key: "apps/controllerrevisions",
    objects: [
      {
        metadata: meta("web-7d9f8c", 2 * d, {
          ownerReferences: [
            { apiVersion: "v1", kind: "ConfigMap", name: "other", uid: "1" },
            { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "2", controller: true },
          ],
        }),
        revision: 2,
      },
      {
        metadata: meta("core-owned", d, {
          ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "p", uid: "3", controller: true }],
        }),
        revision: 1,
      },
      { metadata: meta("orphan", 4 * h), revision: 1 },
    ],
  },
  {
    name: "namespaces",
    key: "/namespaces",
    objects: [
      { metadata: { name: "default", creationTimestamp: ago(30 * d) }, status: { phase: "Active" } },
      { metadata: { name: "going", creationTimestamp: ago(h) }, status: { phase: "Terminating" } },
      { metadata: { name: "fresh", creationTimestamp: ago(s) } },
    ],
  },
  {
    name: "secrets",
    key: "/secrets",
    objects: [
      { metadata: meta("db-creds", 3 * d), type: "Opaque", data: { user: "YQ==", password: "Yg==" } },
      { metadata: meta("tls", 100 * d), type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" } },
      { metadata: meta("empty", m) },
    ],
  },
  {
    name: "configmaps",
    key: "/configmaps",
    objects: [
      { metadata: meta("kube-root-ca.crt", 30 * d), data: { "ca.crt": "..." } },
      { metadata: meta("mixed", 5 * m), data: { a: "1", b: "2" }, binaryData: { c: "AA==" } },
      { metadata: meta("empty", 5 * m) },
    ],
  },
  {
    name: "nodes",
    key: "/nodes",
    objects: [
      {
        metadata: {
          name: "node1",
          creationTimestamp: ago(12 * d),
          labels: {
            "node-role.kubernetes.io/control-plane": "",
            "node-role.kubernetes.io/": "",
            "kubernetes.io/role": "worker",
          },
        },
        status: {
          conditions: [{ type: "MemoryPressure", status: "False" }, { type: "Ready", status: "True" }],
          addresses: [{ type: "Hostname", address: "node1" }, { type: "InternalIP", address: "192.168.1.10" }],
          nodeInfo: {
            kubeletVersion: "v1.33.0-ordinal",
            osImage: "Debian GNU/Linux 12 (bookworm)",
            kernelVersion: "6.1.0-18-amd64",
            containerRuntimeVersion: "runc://1.1.12",
          },
        },
      },
      {
        metadata: { name: "node2", creationTimestamp: ago(h) },
        spec: { unschedulable: true },
        status: {
          conditions: [{ type: "Ready", status: "Unknown" }],
          addresses: [{ type: "ExternalIP", address: "203.0.113.2" }],
        },
      },
      { metadata: { name: "node3", creationTimestamp: ago(h) }, spec: { unschedulable: true } },
    ],
  },
  {
    name: "endpoints",
    key: "/endpoints",
    objects: [
      {
        metadata: meta("web", h),
        subsets: [{ addresses: [{ ip: "10.1.0.5" }, { ip: "10.1.0.6" }], ports: [{ port: 80 }] }],
      },
      {
        metadata: meta("many", h),
        subsets: [
          { addresses: [{ ip: "10.1.0.5" }, { ip: "fd00::6" }], ports: [{ port: 80 }, { port: 443 }] },
          { addresses: [{ ip: "10.1.0.9" }], ports: [{ port: 80 }] },
        ],
      },
      { metadata: meta("headless", h), subsets: [{ addresses: [{ ip: "10.1.0.7" }] }] },
      { metadata: meta("none", h), subsets: [] },
    ],
  },
  {
    name: "endpointslices",
    key: "discovery.k8s.io/endpointslices",
    objects: [
      {
        metadata: meta("web-abcde", h),
        addressType: "IPv4",
        ports: [{ name: "http", port: 80 }],
        endpoints: [{ addresses: ["10.1.0.5"] }, { addresses: ["10.1.0.6"] }],
      },
      {
        metadata: meta("wide-fghij", h),
        addressType: "IPv6",
        ports: [{ port: 1 }, { port: 2 }, { name: "named", port: null }, { name: null }, { port: 5 }],
        endpoints: [{ addresses: ["fd00::1", "fd00::2"] }, { addresses: ["fd00::3", "fd00::4"] }],
      },
      { metadata: meta("empty-klmno", h), addressType: "IPv4", ports: null, endpoints: [] },
    ],
  },
  {
    name: "leases",
    key: "coordination.k8s.io/leases",
    objects: [
      { metadata: meta("ordinal-controller-manager", d), spec: { holderIdentity: "host_1f2e" } },
      { metadata: meta("free", d), spec: {} },
    ],
  },
  {
    name: "serviceaccounts",
    key: "/serviceaccounts",
    objects: [
      { metadata: meta("default", 30 * d) },
      { metadata: meta("builder", 2 * d), secrets: [{ name: "builder-token" }, { name: "builder-dockercfg" }] },
    ],
  },
  {
    name: "generic",
    key: "example.com/widgets",
    objects: [
      { metadata: meta("a", 3 * h) },
      { metadata: { name: "b", creationTimestamp: "2024-05-31T08:30:00.5+02:00" } },
      { metadata: { name: "no-timestamp" } },
    ],
  },
];

