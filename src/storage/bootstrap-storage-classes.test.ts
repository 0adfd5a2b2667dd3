import { test } from "node:test";
import assert from "node:assert/strict";
import { allStrategies } from "../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../apiserver/registry/resource-registry.ts";
import { InProcessClient } from "../client/in-process-client.ts";
import { MemoryBackend } from "../store/memory/memory-backend.ts";
import { classesId } from "../controllers/persistentvolume/volume-types.ts";
import { bootstrapStorageClasses } from "./bootstrap-storage-classes.ts";

function client(): InProcessClient {
  const backend = new MemoryBackend();
  return new InProcessClient(new ResourceRegistry(backend, allStrategies(backend)));
}

test("bootstrapStorageClasses() creates the default class standard as minikube has it", async () => {
  const c = client();
  await bootstrapStorageClasses(c);
  const sc = await c.resource(classesId).get(undefined, "standard");
  assert.equal(sc.provisioner, "k8s.io/minikube-hostpath");
  assert.equal(sc.reclaimPolicy, "Delete");
  assert.equal(sc.volumeBindingMode, "Immediate");
  assert.equal(sc.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"], "true");
});

test("bootstrapStorageClasses() leaves an existing standard class alone", async () => {
  const c = client();
  await c.resource(classesId).create(undefined, { metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "false" } }, provisioner: "ordinal.dev/sized" });
  await bootstrapStorageClasses(c);
  await bootstrapStorageClasses(c);
  const sc = await c.resource(classesId).get(undefined, "standard");
  assert.equal(sc.provisioner, "ordinal.dev/sized");
  assert.equal(sc.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"], "false");
});
