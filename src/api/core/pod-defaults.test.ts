import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { defaultImagePullPolicy, imageTag } from "./container-defaults.ts";
import { defaultPod } from "./pod.ts";
import { defaultPodTemplateSpec } from "./pod-template-spec.ts";

const pullPolicies: Array<[string, string | undefined, string]> = [
  ["nginx", "latest", "Always"],
  ["nginx:latest", "latest", "Always"],
  ["nginx:1.25", "1.25", "IfNotPresent"],
  ["registry.local:5000/team/app", "latest", "Always"],
  ["registry.local:5000/team/app:v2", "v2", "IfNotPresent"],
  ["nginx@sha256:abcd", "", "IfNotPresent"],
  ["nginx:1.25@sha256:abcd", "1.25", "IfNotPresent"],
  ["Nginx", undefined, "IfNotPresent"],
  ["", undefined, "IfNotPresent"],
];

for (const [image, tag, policy] of pullPolicies) {
  test(`defaultImagePullPolicy() gives ${policy} for ${JSON.stringify(image)}`, () => {
    assert.equal(imageTag(image), tag);
    assert.equal(defaultImagePullPolicy(image), policy);
  });
}

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec };
}

test("defaultPod() fills the spec and container defaults a real server shows", () => {
  const p = pod({ containers: [{ name: "c", image: "nginx:1.25" }] });
  defaultPod(p);
  assert.deepEqual(p.spec, {
    containers: [
      {
        name: "c",
        image: "nginx:1.25",
        resources: {},
        imagePullPolicy: "IfNotPresent",
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
      },
    ],
    dnsPolicy: "ClusterFirst",
    restartPolicy: "Always",
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    schedulerName: "default-scheduler",
    enableServiceLinks: true,
  });
});

test("defaultPod() defaults ports, probes, env field refs and resources", () => {
  const p = pod({
    containers: [
      {
        name: "c",
        image: "nginx",
        ports: [{ containerPort: 80 }],
        env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
        resources: { limits: { cpu: "0.5", memory: "1024Mi" }, requests: { cpu: "100m" } },
        readinessProbe: { httpGet: { port: 80 } },
        livenessProbe: { grpc: { port: 9000 }, periodSeconds: 5 },
        lifecycle: { preStop: { httpGet: { port: 80, path: "/stop" } } },
      },
    ],
  });
  defaultPod(p);
  const c = (p.spec as { containers: Record<string, unknown>[] }).containers[0];
  assert.deepEqual(c.ports, [{ containerPort: 80, protocol: "TCP" }]);
  assert.deepEqual(c.env, [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name", apiVersion: "v1" } } }]);
  assert.deepEqual(c.resources, { limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "100m", memory: "1Gi" } });
  assert.deepEqual(c.readinessProbe, {
    httpGet: { port: 80, path: "/", scheme: "HTTP" },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.deepEqual(c.livenessProbe, { grpc: { port: 9000, service: "" }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(c.lifecycle, { preStop: { httpGet: { port: 80, path: "/stop", scheme: "HTTP" } } });
  assert.equal(c.imagePullPolicy, "Always");
});

test("defaultPod() gives volumes their source and file mode defaults", () => {
  const p = pod({
    containers: [{ name: "c", image: "i" }],
    volumes: [
      { name: "scratch" },
      { name: "cfg", configMap: { name: "cm" } },
      { name: "sec", secret: { secretName: "s", defaultMode: 256 } },
      { name: "host", hostPath: { path: "/data" } },
      { name: "info", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
      { name: "proj", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } },
      { name: "tmp", emptyDir: { sizeLimit: "1024Mi" } },
    ],
  });
  defaultPod(p);
  assert.deepEqual((p.spec as { volumes: unknown[] }).volumes, [
    { name: "scratch", emptyDir: {} },
    { name: "cfg", configMap: { name: "cm", defaultMode: 420 } },
    { name: "sec", secret: { secretName: "s", defaultMode: 256 } },
    { name: "host", hostPath: { path: "/data", type: "" } },
    { name: "info", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels", apiVersion: "v1" } }], defaultMode: 420 } },
    { name: "proj", projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600 } }], defaultMode: 420 } },
    { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
  ]);
});

test("defaultPod() copies containerPort to hostPort under hostNetwork", () => {
  const p = pod({ hostNetwork: true, containers: [{ name: "c", image: "i", ports: [{ containerPort: 8080 }] }] });
  defaultPod(p);
  assert.deepEqual((p.spec as { containers: Array<{ ports: unknown }> }).containers[0].ports, [
    { containerPort: 8080, protocol: "TCP", hostPort: 8080 },
  ]);
});

test("defaultPod() keeps serviceAccount and serviceAccountName in step", () => {
  const p = pod({ serviceAccount: "builder", containers: [{ name: "c", image: "i" }] });
  defaultPod(p);
  assert.equal((p.spec as Record<string, unknown>).serviceAccountName, "builder");
  assert.equal((p.spec as Record<string, unknown>).serviceAccount, "builder");
});

test("defaultPod() pairs status.podIP with podIPs", () => {
  const p = pod({ containers: [] });
  p.status = { podIP: "10.0.0.5", hostIPs: [{ ip: "192.168.1.2" }] };
  defaultPod(p);
  assert.deepEqual(p.status, { podIP: "10.0.0.5", podIPs: [{ ip: "10.0.0.5" }], hostIPs: [{ ip: "192.168.1.2" }], hostIP: "192.168.1.2" });
});

test("defaultPodTemplateSpec() applies spec defaults but not the Pod-only ones", () => {
  const template: Record<string, unknown> = {
    metadata: { labels: { app: "x" } },
    spec: { containers: [{ name: "c", image: "i", resources: { limits: { cpu: "1" } } }] },
  };
  defaultPodTemplateSpec(template);
  const spec = template.spec as Record<string, unknown>;
  assert.equal(spec.enableServiceLinks, undefined);
  assert.deepEqual((spec.containers as Array<{ resources: unknown }>)[0].resources, { limits: { cpu: "1" } });
  assert.equal(spec.restartPolicy, "Always");
});
