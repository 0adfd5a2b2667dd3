import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../../api/status-error.ts";
import { kubectlBody, kubectlBodies } from "./_kubectl-bodies.ts";
import { decodeKubeProtobuf, KUBE_PROTOBUF_MAGIC } from "./decode.ts";
import { WireWriter } from "./wire-writer.ts";

/** magic + runtime.Unknown{typeMeta, raw}, with the typed message built by `build`. */
function body(apiVersion: string, kind: string, build: (w: WireWriter) => void, extra?: (w: WireWriter) => void): Buffer {
  const raw = new WireWriter();
  build(raw);
  const unknown = new WireWriter()
    .messageField(1, (t) => t.stringField(1, apiVersion).stringField(2, kind))
    .bytesField(2, raw.finish());
  extra?.(unknown);
  return Buffer.concat([Uint8Array.from(KUBE_PROTOBUF_MAGIC), unknown.finish()]);
}

const meta = (name: string) => (m: WireWriter) => m.stringField(1, name);

function rejects(bytes: Uint8Array, code: number, message: RegExp): void {
  assert.throws(
    () => decodeKubeProtobuf(bytes),
    (err: unknown) => err instanceof StatusError && err.code === code && message.test(err.message),
  );
}

const captured: [keyof typeof kubectlBodies, unknown][] = [
  ["createSecretGeneric", { apiVersion: "v1", kind: "Secret", metadata: { name: "mysecret" }, data: { password: "czNjcjN0" } }],
  ["createNamespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "foo" }, spec: {}, status: {} }],
  ["createConfigMap", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm1" }, data: { a: "1", b: "" } }],
  ["createServiceClusterIP", {
    apiVersion: "v1", kind: "Service", metadata: { name: "web", labels: { app: "web" } },
    spec: { ports: [{ name: "80-8080", protocol: "TCP", port: 80, targetPort: 8080 }], selector: { app: "web" }, type: "ClusterIP" },
    status: { loadBalancer: {} },
  }],
  ["createServiceNodePort", {
    apiVersion: "v1", kind: "Service", metadata: { name: "np", labels: { app: "np" } },
    spec: {
      ports: [{ name: "443-https", protocol: "TCP", port: 443, targetPort: "https", nodePort: 30080 }],
      selector: { app: "np" }, type: "NodePort",
    },
    status: { loadBalancer: {} },
  }],
  ["createServiceAccount", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa1" } }],
  ["createSecretDockerRegistry", {
    apiVersion: "v1", kind: "Secret", metadata: { name: "reg" }, type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": Buffer.from('{"auths":{"r.io":{"username":"u","password":"p","auth":"dTpw"}}}').toString("base64") },
  }],
  ["createToken", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", metadata: {}, spec: {}, status: {} }],
];

for (const [name, expected] of captured) {
  test(`decodeKubeProtobuf() reads kubectl 1.32's ${name} body`, () => {
    assert.deepEqual(decodeKubeProtobuf(kubectlBody(name)), expected);
  });
}

test("decodeKubeProtobuf() drops the empty Secret type so the server can default it", () => {
  const secret = body("v1", "Secret", (s) =>
    s
      .messageField(1, (m) => m.stringField(1, "mysecret").stringField(2, "").messageField(8, () => {}))
      .messageField(2, (e) => e.stringField(1, "password").bytesField(2, Buffer.from("s3cr3t")))
      .stringField(3, ""),
  );
  assert.equal(
    JSON.stringify(decodeKubeProtobuf(secret)),
    '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"mysecret"},"data":{"password":"czNjcjN0"}}',
  );
});

test("decodeKubeProtobuf() keeps zero pointers and drops zero plain fields", () => {
  const pod = body("v1", "Pod", (p) =>
    p.messageField(1, meta("p")).messageField(2, (spec) =>
      spec
        .messageField(2, (c) => c.stringField(1, "c").varintField(16, false).varintField(17, true).varintField(18, true))
        .varintField(4, 0) // terminationGracePeriodSeconds *int64
        .varintField(11, false) // hostNetwork bool
        .varintField(21, false) // automountServiceAccountToken *bool
        .stringField(10, ""), // nodeName string
    ),
  );
  assert.deepEqual(decodeKubeProtobuf(pod), {
    apiVersion: "v1", kind: "Pod", metadata: { name: "p" },
    spec: { containers: [{ name: "c", stdinOnce: true, tty: true }], terminationGracePeriodSeconds: 0, automountServiceAccountToken: false },
  });
  const sts = body("apps/v1", "StatefulSet", (s) => s.messageField(1, meta("web")).messageField(2, (spec) => spec.varintField(1, 0)));
  assert.deepEqual(decodeKubeProtobuf(sts), { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "web" }, spec: { replicas: 0 } });
});

test("decodeKubeProtobuf() writes times as RFC 3339 and leaves out Go's zero time", () => {
  const withTime = (seconds: number) =>
    body("v1", "ConfigMap", (c) => c.messageField(1, (m) => m.messageField(8, (t) => t.varintField(1, seconds).varintField(2, 5))));
  assert.deepEqual(decodeKubeProtobuf(withTime(1704164645)).metadata, { creationTimestamp: "2024-01-02T03:04:05Z" });
  assert.deepEqual(decodeKubeProtobuf(withTime(-62135596800)).metadata, {});
  rejects(withTime(253402300800), 400, /metadata\.creationTimestamp: time .* outside years 0 to 9999/);
});

test("decodeKubeProtobuf() reads IntOrString, Quantity and negative numbers", () => {
  const pod = body("v1", "Pod", (p) =>
    p.messageField(2, (spec) =>
      spec.messageField(2, (c) =>
        c
          .messageField(8, (r) => r.messageField(1, (e) => e.stringField(1, "cpu").messageField(2, (q) => q.stringField(1, "250m"))))
          .messageField(11, (probe) =>
            probe
              .messageField(1, (h) => h.messageField(3, (tcp) => tcp.messageField(1, (port) => port.varintField(1, 1).stringField(3, "http"))))
              .varintField(2, -5),
          ),
      ),
    ),
  );
  assert.deepEqual(decodeKubeProtobuf(pod).spec, {
    containers: [{ resources: { limits: { cpu: "250m" } }, readinessProbe: { tcpSocket: { port: "http" }, initialDelaySeconds: -5 } }],
  });
  const badPort = body("v1", "Service", (s) =>
    s.messageField(2, (spec) => spec.messageField(1, (port) => port.messageField(4, (v) => v.varintField(1, 2)))),
  );
  rejects(badPort, 400, /Service\.spec\.ports\.targetPort: IntOrString type 2/);
});

test("decodeKubeProtobuf() puts embedded VolumeSource fields beside the volume name", () => {
  const pod = body("v1", "Pod", (p) =>
    p.messageField(2, (spec) =>
      spec.messageField(1, (v) =>
        v.stringField(1, "data").messageField(2, (src) => src.messageField(2, (dir) => dir.stringField(1, "Memory"))),
      ),
    ),
  );
  assert.deepEqual(decodeKubeProtobuf(pod).spec, { volumes: [{ name: "data", emptyDir: { medium: "Memory" } }] });
});

test("decodeKubeProtobuf() keeps a __proto__ label as an ordinary key", () => {
  const cm = body("v1", "ConfigMap", (c) =>
    c.messageField(1, (m) => m.messageField(11, (e) => e.stringField(1, "__proto__").stringField(2, "x"))),
  );
  const labels = (decodeKubeProtobuf(cm).metadata as { labels: Record<string, string> }).labels;
  assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  assert.deepEqual(Object.keys(labels), ["__proto__"]);
});

test("decodeKubeProtobuf() skips unknown fields, including groups, and reads packed lists", () => {
  const pod = body("v1", "Pod", (p) =>
    p
      .varintField(99, 7)
      .raw([0xa3, 0x06, 0x08, 0x01, 0xa4, 0x06]) // field 100: a group holding a varint
      .messageField(2, (spec) => spec.messageField(14, (sc) => sc.bytesField(4, Uint8Array.from([1, 2, 0x7f])))),
  );
  assert.deepEqual(decodeKubeProtobuf(pod).spec, { securityContext: { supplementalGroups: [1, 2, 127] } });
});

test("decodeKubeProtobuf() reads DeleteOptions under any group version", () => {
  for (const apiVersion of ["v1", "apps/v1", "meta.k8s.io/v1"]) {
    const opts = body(apiVersion, "DeleteOptions", (d) =>
      d.varintField(1, 0).messageField(2, (p) => p.stringField(1, "uid-1")).stringField(4, "Background").stringField(5, "All"),
    );
    assert.deepEqual(decodeKubeProtobuf(opts), {
      apiVersion, kind: "DeleteOptions", gracePeriodSeconds: 0, preconditions: { uid: "uid-1" },
      propagationPolicy: "Background", dryRun: ["All"],
    });
  }
});

test("decodeKubeProtobuf() parses managedFields fieldsV1 as JSON", () => {
  const withFields = (json: string) =>
    body("v1", "Secret", (s) =>
      s.messageField(1, (m) => m.messageField(17, (f) => f.stringField(1, "kubectl").messageField(7, (r) => r.stringField(1, json)))),
    );
  assert.deepEqual(decodeKubeProtobuf(withFields('{"f:data":{}}')).metadata, {
    managedFields: [{ manager: "kubectl", fieldsV1: { "f:data": {} } }],
  });
  rejects(withFields("{"), 400, /metadata\.managedFields\.fieldsV1: raw value is not JSON/);
});

const broken: [string, Uint8Array, number, RegExp][] = [
  ["a JSON body", Buffer.from('{"kind":"Secret"}'), 400, /does not start with the "k8s\\0" prefix/],
  ["an empty body", new Uint8Array(0), 400, /prefix/],
  ["a truncated body", kubectlBody("createSecretGeneric").subarray(0, 40), 400, /invalid protobuf body: .*past the end/],
  ["no kind", body("v1", "", () => {}), 400, /Kind' is missing/],
  ["an unsupported kind", kubectlBody("createDeployment"), 415, /kind Deployment \(apps\/v1\) are not supported; send it as application\/json/],
  ["a kind under the wrong group", body("apps/v1", "Secret", () => {}), 415, /kind Secret \(apps\/v1\)/],
  ["a compressed body", body("v1", "Secret", () => {}, (u) => u.stringField(3, "gzip")), 415, /contentEncoding "gzip"/],
  ["a string sent as a varint", body("v1", "Secret", (s) => s.varintField(3, 1)), 400, /Secret\.type: wire type 0, expected 2/],
  ["a stray end-group", body("v1", "Secret", (s) => s.raw([0x9c, 0x06])), 400, /unexpected wire type 4/],
  ["field number zero", body("v1", "Secret", (s) => s.raw([0x00, 0x00])), 400, /illegal field number 0/],
];

for (const [name, bytes, code, message] of broken) {
  test(`decodeKubeProtobuf() rejects ${name} with ${code}`, () => rejects(bytes, code, message));
}
