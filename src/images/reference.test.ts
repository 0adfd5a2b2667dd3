import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidReferenceError, normalizeReference, parseReference } from "./reference.ts";

const digest = `sha256:${"ab".repeat(32)}`;

const normalized: [string, string][] = [
  ["busybox", "docker.io/library/busybox:latest"],
  ["busybox:latest", "docker.io/library/busybox:latest"],
  ["docker.io/library/busybox:latest", "docker.io/library/busybox:latest"],
  ["docker.io/busybox", "docker.io/library/busybox:latest"],
  ["index.docker.io/library/busybox:1.36", "docker.io/library/busybox:1.36"],
  ["me/app:v1.2_3", "docker.io/me/app:v1.2_3"],
  ["quay.io/coreos/etcd:v3.5", "quay.io/coreos/etcd:v3.5"],
  ["localhost/app", "localhost/app:latest"],
  ["localhost:5000/a/b/c:dev", "localhost:5000/a/b/c:dev"],
  ["registry.local:5000/app", "registry.local:5000/app:latest"],
  ["[::1]:5000/app:1", "[::1]:5000/app:1"],
  ["Registry/app", "Registry/app:latest"],
  ["my-app__x.y", "docker.io/library/my-app__x.y:latest"],
  ["a---b", "docker.io/library/a---b:latest"],
  [`busybox@${digest}`, `docker.io/library/busybox@${digest}`],
  [`busybox:1.36@${digest}`, `docker.io/library/busybox:1.36@${digest}`],
];

for (const [input, want] of normalized) {
  test(`normalizeReference() turns ${input} into ${want}`, () => {
    assert.equal(normalizeReference(input), want);
  });
}

const invalid: [string, RegExp][] = [
  ["", /invalid reference format/],
  ["Busybox", /must be lowercase/],
  ["me/App", /must be lowercase/],
  ["busybox:", /invalid reference format/],
  ["busybox:-x", /invalid reference format/],
  ["busybox:a/b", /invalid reference format/],
  ["a//b", /invalid reference format/],
  ["a_-b", /invalid reference format/],
  ["/busybox", /invalid reference format/],
  [" busybox", /invalid reference format/],
  ["busybox@sha256:abc", /invalid checksum digest format/],
  [`busybox@sha256:${"a".repeat(63)}z`, /invalid checksum digest length/],
  ["bad_domain.com:x/app", /invalid reference format/],
  [`a/${"b".repeat(260)}`, /not be more than 255/],
];

for (const [input, want] of invalid) {
  test(`parseReference() rejects ${JSON.stringify(input)}`, () => {
    assert.throws(() => parseReference(input), (e: unknown) => e instanceof InvalidReferenceError && want.test(e.message));
  });
}

test("parseReference() splits domain, path, tag and digest", () => {
  assert.deepEqual(parseReference(`localhost:5000/team/app:2@${digest}`), {
    domain: "localhost:5000", path: "team/app", tag: "2", digest,
  });
  assert.deepEqual(parseReference(`app@${digest}`), { domain: "docker.io", path: "library/app", digest });
});
