import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import type { JsonObject } from "../../api/validation/json-access.ts";
import { ContainerConfigError, containerEnv } from "./container-env.ts";
import type { EnvVar } from "./expand-vars.ts";
import { ObjectVolumeSources } from "./volume-sources.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");

const sources = new ObjectVolumeSources([
  { kind: "ConfigMap", metadata: { namespace: "ns", name: "cfg" }, data: { MODE: "prod", LEVEL: "debug", "1BAD": "x" }, binaryData: { BIN: b64("b") } },
  { kind: "ConfigMap", metadata: { namespace: "ns", name: "other" }, data: { MODE: "other" } },
  { kind: "Secret", metadata: { namespace: "ns", name: "creds" }, data: { PASSWORD: b64("s3cret"), TOKEN: b64("t0k") } },
]);

const pod: KubeObject = {
  metadata: { namespace: "ns", name: "web-0", uid: "u-1", labels: { app: "web" } },
  spec: { nodeName: "ordinal-0", serviceAccountName: "default", containers: [{ name: "app", resources: { limits: { memory: "256Mi" } } }] },
};

const ctx = { sources, addresses: { podIPs: ["10.244.0.9"], hostIPs: ["192.168.1.5"] }, allocatable: { cpu: "2", memory: "4Gi" } };

const run = (container: JsonObject) => containerEnv(pod, { name: "app", ...container }, ctx);
const asObject = (env: EnvVar[]) => Object.fromEntries(env.map((e) => [e.name, e.value]));

interface EnvCase {
  name: string;
  container: JsonObject;
  want?: Record<string, string>;
  error?: string;
}

const cases: EnvCase[] = [
  { name: "plain values", container: { env: [{ name: "A", value: "1" }, { name: "B", value: "" }] }, want: { A: "1", B: "" } },
  {
    name: "references to earlier variables expand, later and unknown ones stay",
    container: { env: [{ name: "A", value: "x$(B)" }, { name: "B", value: "b" }, { name: "C", value: "$(B)-$(A)-$(Z)-$$(B)" }] },
    want: { A: "x$(B)", B: "b", C: "b-x$(B)-$(Z)-$(B)" },
  },
  {
    name: "envFrom configMap with prefix, data only, invalid names kept",
    container: { envFrom: [{ configMapRef: { name: "cfg" }, prefix: "CFG_" }] },
    want: { CFG_MODE: "prod", CFG_LEVEL: "debug", CFG_1BAD: "x" },
  },
  {
    name: "later envFrom sources and env override earlier ones",
    container: { envFrom: [{ configMapRef: { name: "cfg" } }, { configMapRef: { name: "other" } }], env: [{ name: "LEVEL", value: "$(MODE)!" }] },
    want: { MODE: "other", LEVEL: "other!", "1BAD": "x" },
  },
  { name: "envFrom secret decodes data", container: { envFrom: [{ secretRef: { name: "creds" } }] }, want: { PASSWORD: "s3cret", TOKEN: "t0k" } },
  { name: "optional missing envFrom is skipped", container: { envFrom: [{ configMapRef: { name: "nope", optional: true } }, { secretRef: { name: "nope", optional: true } }] }, want: {} },
  { name: "required missing configMap in envFrom", container: { envFrom: [{ configMapRef: { name: "nope" } }] }, error: 'configmap "nope" not found' },
  { name: "required missing secret in envFrom", container: { envFrom: [{ secretRef: { name: "nope" } }] }, error: 'secret "nope" not found' },
  { name: "configMapKeyRef", container: { env: [{ name: "M", valueFrom: { configMapKeyRef: { name: "cfg", key: "MODE" } } }] }, want: { M: "prod" } },
  { name: "secretKeyRef", container: { env: [{ name: "P", valueFrom: { secretKeyRef: { name: "creds", key: "PASSWORD" } } }] }, want: { P: "s3cret" } },
  { name: "configMapKeyRef does not read binaryData", container: { env: [{ name: "B", valueFrom: { configMapKeyRef: { name: "cfg", key: "BIN" } } }] }, error: "couldn't find key BIN in ConfigMap ns/cfg" },
  { name: "missing required configMap", container: { env: [{ name: "M", valueFrom: { configMapKeyRef: { name: "x", key: "k" } } }] }, error: 'configmap "x" not found' },
  { name: "missing required secret key", container: { env: [{ name: "P", valueFrom: { secretKeyRef: { name: "creds", key: "nope" } } }] }, error: "couldn't find key nope in Secret ns/creds" },
  {
    name: "optional refs skip the variable when the source or key is missing",
    container: {
      env: [
        { name: "A", value: "keep" },
        { name: "A", valueFrom: { configMapKeyRef: { name: "x", key: "k", optional: true } } },
        { name: "B", valueFrom: { secretKeyRef: { name: "creds", key: "nope", optional: true } } },
      ],
    },
    want: { A: "keep" },
  },
  {
    name: "fieldRef",
    container: {
      env: [
        { name: "POD", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
        { name: "NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
        { name: "IP", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "status.podIP" } } },
        { name: "HOST", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "status.hostIP" } } },
        { name: "NODE", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.nodeName" } } },
        { name: "APP", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels['app']" } } },
        { name: "URL", value: "http://$(IP):80/$(POD)" },
      ],
    },
    want: { POD: "web-0", NS: "ns", IP: "10.244.0.9", HOST: "192.168.1.5", NODE: "ordinal-0", APP: "web", URL: "http://10.244.0.9:80/web-0" },
  },
  {
    name: "resourceFieldRef with the node's allocatable for unset limits",
    container: {
      resources: { limits: { memory: "256Mi" } },
      env: [
        { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
        { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
        { name: "OTHER_MEM", valueFrom: { resourceFieldRef: { containerName: "app", resource: "limits.memory", divisor: "1Mi" } } },
      ],
    },
    want: { MEM: "256", CPU: "2", OTHER_MEM: "256" },
  },
  { name: "bad fieldRef", container: { env: [{ name: "X", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.volumes" } } }] }, error: "field label not supported: spec.volumes" },
];

for (const c of cases) {
  test(`containerEnv() ${c.name}`, async () => {
    if (c.error !== undefined) {
      await assert.rejects(run(c.container), (e: unknown) => e instanceof ContainerConfigError && e.message === c.error && e.reason === "CreateContainerConfigError");
      return;
    }
    assert.deepEqual(asObject(await run(c.container)), c.want);
  });
}

test("containerEnv() keeps envFrom keys first, then env in declaration order", async () => {
  const env = await run({ envFrom: [{ secretRef: { name: "creds" } }], env: [{ name: "Z", value: "1" }, { name: "PASSWORD", value: "override" }, { name: "A", value: "2" }] });
  assert.deepEqual(env, [
    { name: "PASSWORD", value: "override" },
    { name: "TOKEN", value: "t0k" },
    { name: "Z", value: "1" },
    { name: "A", value: "2" },
  ]);
});

test("containerEnv() passes on errors other than absence", async () => {
  const failing = { ...ctx, sources: { configMap: () => Promise.reject(new Error("connection refused")), secret: () => Promise.resolve(undefined) } };
  await assert.rejects(containerEnv(pod, { name: "app", envFrom: [{ configMapRef: { name: "cfg" } }] }, failing), { message: "connection refused" });
});
