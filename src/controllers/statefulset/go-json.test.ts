import { test } from "node:test";
import assert from "node:assert/strict";
import { goJsonString, goTyped, sortKeysDeep } from "./go-json.ts";

test("goTyped() writes a PodTemplateSpec as Go's encoding/json would", () => {
  const template = {
    metadata: { labels: { app: "nginx" }, annotations: {} },
    spec: {
      containers: [
        {
          name: "nginx",
          image: "nginx",
          ports: [{ containerPort: 80, protocol: "TCP" }],
          env: [{ name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } }],
          resources: { limits: { cpu: "1000m", memory: "0.5Gi" } },
          stdin: false,
          securityContext: { privileged: false },
          readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 10 },
        },
      ],
      volumes: [{ name: "data", emptyDir: {} }],
      nodeSelector: {},
      hostNetwork: false,
      terminationGracePeriodSeconds: 0,
      dnsPolicy: "ClusterFirst",
      futureField: { kept: true },
    },
  };
  assert.equal(
    goJsonString(goTyped(template, "PodTemplateSpec")),
    '{"metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},"spec":{"containers":[{"env":[{"name":"CPU","valueFrom":{"resourceFieldRef":{"divisor":"0","resource":"limits.cpu"}}}],' +
      '"image":"nginx","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],"readinessProbe":{"periodSeconds":10,"tcpSocket":{"port":80}},' +
      '"resources":{"limits":{"cpu":"1","memory":"512Mi"}},"securityContext":{"privileged":false}}],"dnsPolicy":"ClusterFirst","futureField":{"kept":true},' +
      '"terminationGracePeriodSeconds":0,"volumes":[{"emptyDir":{},"name":"data"}]}}',
  );
});

test("goJsonString() sorts keys bytewise at every level, integer-like keys included, and escapes like Go", () => {
  assert.equal(goJsonString({ b: 1, a: { "10": true, "2": false, A: null } }), '{"a":{"10":true,"2":false,"A":null},"b":1}');
  assert.equal(goJsonString({ cmd: "a && b <c>" }), '{"cmd":"a \\u0026\\u0026 b \\u003cc\\u003e"}');
  assert.equal(goJsonString([1, "x", { z: [] }]), '[1,"x",{"z":[]}]');
});

test("sortKeysDeep() returns the same structure with sorted keys", () => {
  const sorted = sortKeysDeep({ z: 1, a: [{ y: 1, b: 2 }] });
  assert.equal(JSON.stringify(sorted), '{"a":[{"b":2,"y":1}],"z":1}');
});
