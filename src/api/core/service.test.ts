import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { defaultService, prepareServiceUpdate, validateService, validateServiceStatusUpdate, validateServiceUpdate } from "./service.ts";

type Obj = Record<string, any>;

function service(edit: (spec: Obj, svc: KubeObject) => void = () => {}): KubeObject {
  const svc: KubeObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "nginx", namespace: "default" },
    spec: { selector: { app: "nginx" }, ports: [{ port: 80 }] },
  };
  edit(svc.spec as Obj, svc);
  defaultService(svc);
  return svc;
}

test("defaultService() fills a ClusterIP service as a real cluster shows it", () => {
  assert.deepEqual(service().spec, {
    selector: { app: "nginx" },
    ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
    sessionAffinity: "None",
    type: "ClusterIP",
    internalTrafficPolicy: "Cluster",
    ipFamilyPolicy: "SingleStack",
    ipFamilies: ["IPv4"],
  });
});

test("defaultService() defaults NodePort, ClientIP affinity and headless services", () => {
  const nodePort = service((s) => (s.type = "NodePort")).spec as Obj;
  assert.equal(nodePort.externalTrafficPolicy, "Cluster");
  const lb = service((s) => (s.type = "LoadBalancer")).spec as Obj;
  assert.equal(lb.allocateLoadBalancerNodePorts, true);
  const sticky = service((s) => (s.sessionAffinity = "ClientIP")).spec as Obj;
  assert.deepEqual(sticky.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  const headless = service((s) => (s.clusterIP = "None")).spec as Obj;
  assert.deepEqual(headless.clusterIPs, ["None"]);
  const external = service((s) => {
    s.type = "ExternalName";
    s.externalName = "example.com";
  }).spec as Obj;
  assert.equal(external.ipFamilyPolicy, undefined);
  assert.equal(external.internalTrafficPolicy, undefined);
});

test("defaultService() keeps a named targetPort", () => {
  const spec = service((s) => (s.ports = [{ port: 80, targetPort: "http" }])).spec as Obj;
  assert.deepEqual(spec.ports, [{ port: 80, targetPort: "http", protocol: "TCP" }]);
});

const cases: Array<[string, (s: Obj, svc: KubeObject) => void, string[]]> = [
  ["a valid service", () => {}, []],
  ["a headless service without ports", (s) => {
    s.clusterIP = "None";
    s.ports = [];
  }, []],
  ["no ports", (s) => (s.ports = []), ["spec.ports: Required value"]],
  [
    "a name that is not a DNS-1035 label",
    (_s, svc) => (svc.metadata.name = "1nginx"),
    [
      "metadata.name: Invalid value: \"1nginx\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  ],
  [
    "a port out of range, which the defaulted targetPort copies",
    (s) => (s.ports[0].port = 0),
    ["spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive", "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive"],
  ],
  ["two unnamed ports", (s) => s.ports.push({ port: 443 }), ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"]],
  [
    "two ports with the same number",
    (s) => (s.ports = [{ name: "a", port: 80 }, { name: "b", port: 80 }]),
    [
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ],
  ],
  [
    "an unknown type",
    (s) => (s.type = "Internal"),
    ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
  ],
  ["a nodePort on a ClusterIP service", (s) => (s.ports[0].nodePort = 30080), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
  [
    "an unknown session affinity",
    (s) => (s.sessionAffinity = "Cookie"),
    ['spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"'],
  ],
  ["a bad cluster IP", (s) => (s.clusterIP = "10.0.0.256"), ['spec.clusterIPs[0]: Invalid value: "10.0.0.256": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
  [
    "an ExternalName service without a name",
    (s) => (s.type = "ExternalName"),
    ["spec.externalName: Required value"],
  ],
  [
    "a headless NodePort service",
    (s) => {
      s.type = "NodePort";
      s.clusterIP = "None";
    },
    ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services'],
  ],
  [
    "an externalTrafficPolicy on a ClusterIP service",
    (s) => (s.externalTrafficPolicy = "Local"),
    ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
  ],
];

for (const [name, edit, want] of cases) {
  test(`validateService() ${name}`, () => assert.deepEqual(messages(validateService(service(edit))), want));
}

function stored(): KubeObject {
  const svc = service((s) => {
    s.clusterIP = "10.96.0.10";
    s.type = "NodePort";
    s.ports[0].nodePort = 30080;
  });
  Object.assign(svc.metadata, { uid: "u", resourceVersion: "3" });
  return svc;
}

test("prepareServiceUpdate() keeps the allocated clusterIP and nodePort of an apply without them", () => {
  const next: KubeObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "nginx", namespace: "default", uid: "u", resourceVersion: "3" },
    spec: { type: "NodePort", selector: { app: "nginx" }, ports: [{ port: 80 }] },
  };
  defaultService(next);
  prepareServiceUpdate(next, stored());
  const spec = next.spec as Obj;
  assert.equal(spec.clusterIP, "10.96.0.10");
  assert.deepEqual(spec.clusterIPs, ["10.96.0.10"]);
  assert.equal(spec.ports[0].nodePort, 30080);
  assert.deepEqual(messages(validateServiceUpdate(next, stored())), []);
});

test("validateServiceUpdate() rejects a new clusterIP", () => {
  const next = structuredClone(stored());
  (next.spec as Obj).clusterIP = "10.96.0.11";
  prepareServiceUpdate(next, stored());
  assert.deepEqual(messages(validateServiceUpdate(next, stored())), [
    'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
  ]);
});

test("validateServiceStatusUpdate() allows load balancer ingress only for LoadBalancer services", () => {
  const next = structuredClone(stored());
  next.status = { loadBalancer: { ingress: [{ ip: "1.2.3.4", ipMode: "VIP" }] } };
  assert.deepEqual(messages(validateServiceStatusUpdate(next, stored())), [
    "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'",
  ]);
  (next.spec as Obj).type = "LoadBalancer";
  assert.deepEqual(messages(validateServiceStatusUpdate(next, stored())), []);
});
