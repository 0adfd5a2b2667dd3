import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizeImage, simImageID } from "./sim-image.ts";

test("normalizeImage() qualifies names as containerd reports them", () => {
  const cases: Array<[string, string]> = [
    ["nginx", "docker.io/library/nginx:latest"],
    ["nginx:1.27", "docker.io/library/nginx:1.27"],
    ["bitnami/redis", "docker.io/bitnami/redis:latest"],
    ["registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    ["localhost/app", "localhost/app:latest"],
    ["quay.io/a/b@sha256:abc", "quay.io/a/b@sha256:abc"],
  ];
  for (const [input, want] of cases) assert.equal(normalizeImage(input), want, input);
});

test("simImageID() pins the repository by a digest derived from the name", () => {
  const id = simImageID("nginx");
  assert.match(id, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  assert.equal(simImageID("nginx:latest"), id);
  assert.notEqual(simImageID("nginx:1.27"), id);
});
