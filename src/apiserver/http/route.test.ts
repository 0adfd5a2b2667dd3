import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRoute } from "./route.ts";

const cases: [string, ReturnType<typeof parseRoute>][] = [
  ["/api", { type: "discovery-root", legacy: true }],
  ["/apis", { type: "discovery-root", legacy: false }],
  ["/apis/apps", { type: "discovery-group", group: "apps" }],
  ["/api/v1", { type: "discovery-gv", group: "", version: "v1" }],
  ["/apis/apps/v1/", { type: "discovery-gv", group: "apps", version: "v1" }],
  ["/api/v1/pods", { type: "resource", group: "", version: "v1", plural: "pods" }],
  ["/api/v1/namespaces", { type: "resource", group: "", version: "v1", plural: "namespaces" }],
  ["/api/v1/namespaces/default", { type: "resource", group: "", version: "v1", plural: "namespaces", name: "default" }],
  ["/api/v1/namespaces/foo/finalize", { type: "resource", group: "", version: "v1", plural: "namespaces", name: "foo", subresource: "finalize" }],
  ["/api/v1/namespaces/foo/status", { type: "resource", group: "", version: "v1", plural: "namespaces", name: "foo", subresource: "status" }],
  ["/api/v1/namespaces/default/pods", { type: "resource", group: "", version: "v1", namespace: "default", plural: "pods" }],
  [
    "/apis/apps/v1/namespaces/default/statefulsets/web/scale",
    { type: "resource", group: "apps", version: "v1", namespace: "default", plural: "statefulsets", name: "web", subresource: "scale" },
  ],
  [
    "/api/v1/namespaces/default/pods/web-0/proxy/a/b",
    { type: "resource", group: "", version: "v1", namespace: "default", plural: "pods", name: "web-0", subresource: "proxy", subpath: "a/b" },
  ],
  ["/api/v1/nodes/n1/status", { type: "resource", group: "", version: "v1", plural: "nodes", name: "n1", subresource: "status" }],
  ["/healthz", { type: "not-found" }],
];

for (const [path, want] of cases) {
  test(`parseRoute() understands ${path}`, () => assert.deepEqual(parseRoute(path), want));
}
