import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { aggregateMessage, cleanPath, configMapPayload, downwardAPIPayload, projectedPayload, secretPayload, type Payload } from "./volume-payloads.ts";
import { ObjectVolumeSources } from "./volume-sources.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const files = (p: Payload) => Object.fromEntries([...p].map(([k, f]) => [k, [Buffer.from(f.data).toString(), f.mode.toString(8)]]));

const configMap: KubeObject = { kind: "ConfigMap", metadata: { namespace: "ns", name: "cfg" }, data: { "app.conf": "x=1", other: "o" }, binaryData: { "logo.png": b64("\x89PNG") } };
const secret: KubeObject = { kind: "Secret", metadata: { namespace: "ns", name: "tls" }, data: { "tls.crt": b64("CERT"), "tls.key": b64("KEY") } };

interface KeyedCase {
  name: string;
  items?: unknown;
  defaultMode?: number;
  optional?: boolean;
  want?: Record<string, [string, string]>;
  error?: string;
}

const configMapCases: KeyedCase[] = [
  { name: "every key with defaultMode", want: { "app.conf": ["x=1", "644"], other: ["o", "644"], "logo.png": ["\x89PNG", "644"] } },
  { name: "defaultMode applies to all", defaultMode: 0o400, want: { "app.conf": ["x=1", "400"], other: ["o", "400"], "logo.png": ["\x89PNG", "400"] } },
  {
    name: "items pick, rename and set modes",
    items: [{ key: "app.conf", path: "conf/app.conf", mode: 0o600 }, { key: "logo.png", path: "img/logo" }],
    want: { "conf/app.conf": ["x=1", "600"], "img/logo": ["\x89PNG", "644"] },
  },
  { name: "a missing item key is an error", items: [{ key: "nope", path: "n" }], error: "configmap references non-existent config key: nope" },
  { name: "a missing item key is skipped when optional", items: [{ key: "nope", path: "n" }, { key: "other", path: "o" }], optional: true, want: { o: ["o", "644"] } },
];

for (const c of configMapCases) {
  test(`configMapPayload() ${c.name}`, () => {
    const build = () => configMapPayload(configMap, c.items, c.defaultMode ?? 0o644, c.optional ?? false);
    if (c.error) assert.throws(build, { message: c.error });
    else assert.deepEqual(files(build()), c.want);
  });
}

const secretCases: KeyedCase[] = [
  { name: "every key decoded", want: { "tls.crt": ["CERT", "644"], "tls.key": ["KEY", "644"] } },
  { name: "items with a mode", items: [{ key: "tls.key", path: "private/key.pem", mode: 0o400 }], defaultMode: 0o440, want: { "private/key.pem": ["KEY", "400"] } },
  { name: "a missing item key is an error", items: [{ key: "ca.crt", path: "ca" }], error: "references non-existent secret key: ca.crt" },
];

for (const c of secretCases) {
  test(`secretPayload() ${c.name}`, () => {
    const build = () => secretPayload(secret, c.items, c.defaultMode ?? 0o644, c.optional ?? false);
    if (c.error) assert.throws(build, { message: c.error });
    else assert.deepEqual(files(build()), c.want);
  });
}

test("configMapPayload() of a missing optional ConfigMap is empty", () => {
  assert.equal(configMapPayload(undefined, undefined, 0o644, true).size, 0);
  assert.equal(configMapPayload(undefined, [{ key: "a", path: "a" }], 0o644, true).size, 0);
});

const pod: KubeObject = {
  metadata: { namespace: "ns", name: "web-0", uid: "u-1", labels: { b: "2", a: "1" }, annotations: { "x/y": "z" } },
  spec: { serviceAccountName: "default", containers: [{ name: "app", resources: { limits: { cpu: "250m" } } }] },
};

test("downwardAPIPayload() writes fields and resources with cleaned paths and modes", () => {
  const got = downwardAPIPayload(
    pod,
    [
      { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
      { path: "./meta//name", fieldRef: { fieldPath: "metadata.name" }, mode: 0o400 },
      { path: "annotations", fieldRef: { fieldPath: "metadata.annotations" } },
      { path: "cpu", resourceFieldRef: { containerName: "app", resource: "limits.cpu", divisor: "1m" } },
      { path: "mem", resourceFieldRef: { containerName: "app", resource: "limits.memory", divisor: "1Mi" } },
    ],
    0o644,
    { memory: "2Gi" },
  );
  assert.deepEqual(files(got), {
    labels: ['a="1"\nb="2"', "644"],
    "meta/name": ["web-0", "400"],
    annotations: ['x/y="z"', "644"],
    cpu: ["250", "644"],
    mem: ["2048", "644"],
  });
});

test("downwardAPIPayload() reports every failing item", () => {
  assert.throws(
    () => downwardAPIPayload(pod, [{ path: "a", fieldRef: { fieldPath: "spec.nodeName" } }, { path: "b", resourceFieldRef: { containerName: "nope", resource: "limits.cpu" } }], 0o644, {}),
    { message: "[unsupported fieldPath: spec.nodeName, container nope not found]" },
  );
});

test("aggregateMessage() returns one message bare and deduplicates several", () => {
  assert.equal(aggregateMessage(["a"]), "a");
  assert.equal(aggregateMessage(["a", "a"]), "a");
  assert.equal(aggregateMessage(["a", "b", "a"]), "[a, b]");
});

test("cleanPath() behaves as Go's path.Clean on relative paths", () => {
  for (const [input, want] of [["a/", "a"], ["./a//b/.", "a/b"], ["a/../b", "b"], ["", "."], ["../a", "../a"], ["/..", "/"]]) {
    assert.equal(cleanPath(input), want, input);
  }
});

const sources = new ObjectVolumeSources([configMap, secret]);

test("projectedPayload() merges sources, later ones winning a path", async () => {
  const got = await projectedPayload(
    pod,
    {
      defaultMode: 0o440,
      sources: [
        { configMap: { name: "cfg", items: [{ key: "other", path: "same" }, { key: "app.conf", path: "app.conf" }] } },
        { secret: { name: "tls", items: [{ key: "tls.crt", path: "same" }] } },
        { downwardAPI: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }] } },
        { configMap: { name: "missing", optional: true } },
      ],
    },
    { sources, allocatable: {} },
  );
  assert.deepEqual(files(got), { same: ["CERT", "440"], "app.conf": ["x=1", "440"], name: ["web-0", "440"] });
});

test("projectedPayload() collects the errors of every source", async () => {
  await assert.rejects(
    projectedPayload(pod, { sources: [{ configMap: { name: "missing" } }, { secret: { name: "gone" } }, { clusterTrustBundle: { name: "b", path: "b" } }] }, { sources, allocatable: {} }),
    { message: '[configmap "missing" not found, secret "gone" not found, not implemented: projected clusterTrustBundle]' },
  );
});

test("projectedPayload() asks for service account tokens bound to the pod", async () => {
  const requests: unknown[] = [];
  const withTokens = {
    configMap: sources.configMap.bind(sources),
    secret: sources.secret.bind(sources),
    claim: sources.claim.bind(sources),
    volume: sources.volume.bind(sources),
    serviceAccountToken: async (namespace: string, sa: string, req: unknown) => {
      requests.push([namespace, sa, req]);
      return "jwt";
    },
  };
  const got = await projectedPayload(pod, { sources: [{ serviceAccountToken: { path: "token", audience: "api", expirationSeconds: 3607 } }] }, { sources: withTokens, allocatable: {} });
  assert.deepEqual(files(got), { token: ["jwt", "644"] });
  assert.deepEqual(requests, [["ns", "default", { audiences: ["api"], expirationSeconds: 3607, pod: { name: "web-0", uid: "u-1" } }]]);
  await assert.rejects(projectedPayload(pod, { sources: [{ serviceAccountToken: { path: "token" } }] }, { sources, allocatable: {} }), /^Error: not implemented: projected serviceAccountToken/);
});
