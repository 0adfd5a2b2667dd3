import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../api/validation/json-access.ts";
import { canonicalHeaderKey, httpGetRequest } from "./http-get.ts";

const container: JsonObject = { name: "web", ports: [{ name: "http", containerPort: 8080 }] };

interface RequestCase {
  name: string;
  action: JsonObject;
  url: string;
  path: string;
  headers: Record<string, string[]>;
  hostHeader?: string;
  purpose?: "probe" | "lifecycle";
}

const cases: RequestCase[] = [
  {
    name: "defaults host to the pod IP and adds User-Agent and Accept",
    action: { path: "/healthz", port: 8080, scheme: "HTTP" },
    url: "http://10.244.0.5:8080/healthz",
    path: "/healthz",
    headers: { "User-Agent": ["kube-probe/1.33"], Accept: ["*/*"] },
  },
  {
    name: "resolves a named port, keeps the query and lowers the scheme",
    action: { path: "/ready?full=1", port: "http", scheme: "HTTPS", host: "127.0.0.1" },
    url: "https://127.0.0.1:8080/ready?full=1",
    path: "/ready?full=1",
    headers: { "User-Agent": ["kube-probe/1.33"], Accept: ["*/*"] },
  },
  {
    name: "canonicalizes and merges headers; an empty Accept removes it",
    action: { path: "/", port: 80, httpHeaders: [{ name: "x-custom", value: "a" }, { name: "X-Custom", value: "b" }, { name: "accept", value: "" }, { name: "user-agent", value: "mine" }] },
    url: "http://10.244.0.5:80/",
    path: "/",
    headers: { "X-Custom": ["a", "b"], "User-Agent": ["mine"] },
  },
  {
    name: "a Host header becomes the request's host, not a header",
    action: { path: "/", port: 80, httpHeaders: [{ name: "Host", value: "example.com" }] },
    url: "http://10.244.0.5:80/",
    path: "/",
    headers: { "User-Agent": ["kube-probe/1.33"], Accept: ["*/*"] },
    hostHeader: "example.com",
  },
  {
    name: "a path without a slash gets one; an empty path requests /",
    action: { path: "healthz", port: 80 },
    url: "http://10.244.0.5:80/healthz",
    path: "/healthz",
    headers: { "User-Agent": ["kube-probe/1.33"], Accept: ["*/*"] },
  },
  {
    name: "an empty path prints without a slash but requests /",
    action: { port: 80 },
    url: "http://10.244.0.5:80",
    path: "/",
    headers: { "User-Agent": ["kube-lifecycle/1.33"], Accept: ["*/*"] },
    purpose: "lifecycle",
  },
  {
    name: "brackets an IPv6 host",
    action: { path: "/", port: 80, host: "fd00::5" },
    url: "http://[fd00::5]:80/",
    path: "/",
    headers: { "User-Agent": ["kube-probe/1.33"], Accept: ["*/*"] },
  },
];

for (const c of cases) {
  test(`httpGetRequest() ${c.name}`, () => {
    const req = httpGetRequest(c.action, container, "10.244.0.5", c.purpose ?? "probe");
    assert.equal(req.url, c.url);
    assert.equal(req.path, c.path);
    assert.deepEqual(Object.fromEntries(req.headers), c.headers);
    assert.equal(req.hostHeader, c.hostHeader);
  });
}

test("canonicalHeaderKey() matches Go's MIME canonical form", () => {
  const cases: Array<[string, string]> = [
    ["x-custom-header", "X-Custom-Header"],
    ["USER-AGENT", "User-Agent"],
    ["accept", "Accept"],
    ["has space", "has space"],
  ];
  for (const [input, want] of cases) assert.equal(canonicalHeaderKey(input), want);
});
