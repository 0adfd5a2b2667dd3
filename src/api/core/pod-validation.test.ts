import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { kubectlInvalid, messages } from "../validation/_kubectl-message.ts";
import { defaultPod, validatePod } from "./pod.ts";

type Spec = Record<string, any>;

/** A defaulted pod with one container, changed by `edit` before defaulting. */
function pod(edit: (spec: Spec, p: KubeObject) => void = () => {}): KubeObject {
  const p: KubeObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-0", namespace: "default" },
    spec: { containers: [{ name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80, name: "http" }] }] },
  };
  edit(p.spec as Spec, p);
  defaultPod(p);
  return p;
}

const labelRegex =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const cases: Array<[string, (s: Spec, p: KubeObject) => void, string[]]> = [
  ["a valid pod", () => {}, []],
  ["no containers", (s) => (s.containers = []), ["spec.containers: Required value"]],
  ["a container without a name", (s) => delete s.containers[0].name, ["spec.containers[0].name: Required value"]],
  ["a container name that is not a DNS label", (s) => (s.containers[0].name = "Nginx"), [`spec.containers[0].name: Invalid value: "Nginx": ${labelRegex}`]],
  ["a container without an image", (s) => delete s.containers[0].image, ["spec.containers[0].image: Required value"]],
  ["an image with surrounding spaces", (s) => (s.containers[0].image = " nginx"), ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']],
  [
    "duplicate container names",
    (s) => s.containers.push({ name: "nginx", image: "busybox" }),
    ['spec.containers[1].name: Duplicate value: "nginx"'],
  ],
  [
    "an init container named like a container",
    (s) => (s.initContainers = [{ name: "nginx", image: "busybox" }]),
    ['spec.initContainers[0].name: Duplicate value: "nginx"'],
  ],
  ["a port out of range", (s) => (s.containers[0].ports[0].containerPort = 70000), ["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"]],
  ["a port without a number", (s) => delete s.containers[0].ports[0].containerPort, ["spec.containers[0].ports[0].containerPort: Required value"]],
  [
    "an unknown port protocol",
    (s) => (s.containers[0].ports[0].protocol = "HTTP"),
    ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
  ],
  [
    "duplicate port names",
    (s) => s.containers[0].ports.push({ containerPort: 81, name: "http" }),
    ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
  ],
  [
    "conflicting host ports",
    (s) => s.containers.push({ name: "b", image: "b", ports: [{ containerPort: 90, hostPort: 8080 }] }, { name: "c", image: "c", ports: [{ containerPort: 91, hostPort: 8080 }] }),
    ['spec.containers[2].ports[0].hostPort: Duplicate value: "TCP//8080"'],
  ],
  [
    "an unsupported restartPolicy",
    (s) => (s.restartPolicy = "Sometimes"),
    ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  ],
  [
    "an unsupported dnsPolicy",
    (s) => (s.dnsPolicy = "Google"),
    ['spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'],
  ],
  [
    "an unsupported imagePullPolicy",
    (s) => (s.containers[0].imagePullPolicy = "Sometimes"),
    ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
  ],
  [
    "a mount of an unknown volume",
    (s) => (s.containers[0].volumeMounts = [{ name: "data", mountPath: "/data" }]),
    ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
  ],
  [
    "two mounts at the same path",
    (s) => {
      s.volumes = [{ name: "a" }, { name: "b" }];
      s.containers[0].volumeMounts = [
        { name: "a", mountPath: "/data" },
        { name: "b", mountPath: "/data" },
      ];
    },
    ['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique'],
  ],
  [
    "a subPath escaping the volume",
    (s) => {
      s.volumes = [{ name: "a" }];
      s.containers[0].volumeMounts = [{ name: "a", mountPath: "/d", subPath: "../etc" }];
    },
    ['spec.containers[0].volumeMounts.subPath: Invalid value: "../etc": must not contain \'..\''],
  ],
  [
    "duplicate volume names",
    (s) => (s.volumes = [{ name: "a" }, { name: "a" }]),
    ['spec.volumes[1].name: Duplicate value: "a"'],
  ],
  [
    "a volume with two sources",
    (s) => (s.volumes = [{ name: "a", emptyDir: {}, configMap: { name: "cm" } }]),
    ["spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type"],
  ],
  [
    "a volume name that is not a DNS label",
    (s) => (s.volumes = [{ name: "Data" }]),
    [`spec.volumes[0].name: Invalid value: "Data": ${labelRegex}`],
  ],
  [
    "a claim volume without a claim name",
    (s) => (s.volumes = [{ name: "d", persistentVolumeClaim: {} }]),
    ["spec.volumes[0].persistentVolumeClaim.claimName: Required value"],
  ],
  [
    "a secret volume with a bad mode",
    (s) => (s.volumes = [{ name: "s", secret: { secretName: "x", defaultMode: 1000 } }]),
    ["spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive"],
  ],
  [
    "an unknown hostPath type",
    (s) => (s.volumes = [{ name: "h", hostPath: { path: "/x", type: "Dir" } }]),
    ['spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"'],
  ],
  [
    "requests above limits",
    (s) => (s.containers[0].resources = { limits: { cpu: "1" }, requests: { cpu: "2" } }),
    ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
  ],
  [
    "a negative request",
    (s) => (s.containers[0].resources = { requests: { memory: "-1Gi" } }),
    ['spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0'],
  ],
  [
    "an unknown resource name",
    (s) => (s.containers[0].resources = { limits: { gpu: "1" } }),
    [
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    ],
  ],
  [
    "an extended resource request below its limit",
    (s) => (s.containers[0].resources = { limits: { "example.com/gpu": "2" }, requests: { "example.com/gpu": "1" } }),
    ['spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2'],
  ],
  [
    "a probe without a handler",
    (s) => (s.containers[0].livenessProbe = {}),
    ["spec.containers[0].livenessProbe: Required value: must specify a handler type"],
  ],
  [
    "a liveness probe with successThreshold 2",
    (s) => (s.containers[0].livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }),
    ["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"],
  ],
  [
    "a probe with two handlers",
    (s) => (s.containers[0].readinessProbe = { exec: { command: ["true"] }, tcpSocket: { port: 80 } }),
    ["spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"],
  ],
  [
    "a probe on a port name that is only digits",
    (s) => (s.containers[0].readinessProbe = { httpGet: { port: "8080" } }),
    ['spec.containers[0].readinessProbe.httpGet.port: Invalid value: "8080": must contain at least one letter (a-z)'],
  ],
  [
    "an env var with an equals sign",
    (s) => (s.containers[0].env = [{ name: "A=B", value: "x" }]),
    ['spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\''],
  ],
  [
    "an env var from an unsupported field",
    (s) => (s.containers[0].env = [{ name: "P", valueFrom: { fieldRef: { fieldPath: "status.phase" } } }]),
    [
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ],
  ],
  [
    "an env var from an unknown field",
    (s) => (s.containers[0].env = [{ name: "P", valueFrom: { fieldRef: { fieldPath: "spec.foo" } } }]),
    ['spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo'],
  ],
  [
    "an env var with a value and a source",
    (s) => (s.containers[0].env = [{ name: "P", value: "x", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }]),
    ['spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty'],
  ],
  [
    "a restartPolicy on a regular container",
    (s) => (s.containers[0].restartPolicy = "Always"),
    ["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"],
  ],
  [
    "a probe on a plain init container",
    (s) => (s.initContainers = [{ name: "init", image: "busybox", readinessProbe: { exec: { command: ["true"] } } }]),
    ["spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"],
  ],
  [
    "a toleration with an empty key and Equal operator",
    (s) => (s.tolerations = [{ operator: "Equal", value: "x" }]),
    ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'],
  ],
  [
    "tolerationSeconds without NoExecute",
    (s) => (s.tolerations = [{ key: "k", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 5 }]),
    ['spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set'],
  ],
  ["a hostname that is not a DNS label", (s) => (s.hostname = "web.0"), ['spec.hostname: Invalid value: "web.0": must not contain dots']],
  [
    "an activeDeadlineSeconds of zero",
    (s) => (s.activeDeadlineSeconds = 0),
    ["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"],
  ],
  [
    "a runAsUser out of range",
    (s) => (s.securityContext = { runAsUser: -1 }),
    ["spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive"],
  ],
  [
    "hostNetwork with a different hostPort",
    (s) => {
      s.hostNetwork = true;
      s.containers[0].ports[0].hostPort = 8080;
    },
    ["spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"],
  ],
  [
    "a nodeSelector with a bad value",
    (s) => (s.nodeSelector = { disk: "fast ssd" }),
    [
      'spec.nodeSelector: Invalid value: "fast ssd": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    ],
  ],
  ["dnsPolicy None without dnsConfig", (s) => (s.dnsPolicy = "None"), ["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"]],
  [
    "a mirror pod annotation without a node",
    (_s, p) => (p.metadata.annotations = { "kubernetes.io/config.mirror": "x" }),
    ['metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "x": must set spec.nodeName if mirror pod annotation is set'],
  ],
  [
    "a deletion cost that is not an int32",
    (_s, p) => (p.metadata.annotations = { "controller.kubernetes.io/pod-deletion-cost": "+1" }),
    ['metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+1": must be a 32bit integer'],
  ],
  [
    "ephemeral containers on create",
    (s) => (s.ephemeralContainers = [{ name: "debug", image: "busybox" }]),
    ["spec.ephemeralContainers: Forbidden: cannot be set on create"],
  ],
  [
    "a token projection without a service account",
    (s) => {
      s.serviceAccountName = "";
      s.volumes = [{ name: "t", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }];
    },
    ["spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set"],
  ],
];

for (const [name, edit, want] of cases) {
  test(`validatePod() ${name}`, () => assert.deepEqual(messages(validatePod(pod(edit))), want));
}

test("validatePod() errors read as kubectl prints them", () => {
  const p = pod((s) => delete s.containers[0].image);
  assert.equal(kubectlInvalid("", "Pod", "web-0", validatePod(p)), 'The Pod "web-0" is invalid: spec.containers[0].image: Required value');
});
