import { test } from "node:test";
import assert from "node:assert/strict";
import { aggregatedDiscoveryVersion, responseShape } from "./negotiate.ts";

const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

test("responseShape() picks Table v1 for kubectl get", () => {
  assert.deepEqual(responseShape(TABLE), { kind: "table", version: "v1" });
});

test("responseShape() gives plain objects to JSON, protobuf and wildcard clients", () => {
  for (const accept of ["application/json", "application/json, */*", "application/vnd.kubernetes.protobuf,application/json", undefined, "*/*"]) {
    assert.deepEqual(responseShape(accept), { kind: "object" });
  }
});

test("aggregatedDiscoveryVersion() answers only the versions asked for", () => {
  const k132 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
  const k127 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
  assert.equal(aggregatedDiscoveryVersion(k132), "v2");
  assert.equal(aggregatedDiscoveryVersion(k127), "v2beta1");
  assert.equal(aggregatedDiscoveryVersion("application/json, */*"), undefined);
  assert.equal(aggregatedDiscoveryVersion("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json"), undefined);
});
