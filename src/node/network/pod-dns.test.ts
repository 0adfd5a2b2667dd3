import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { mergeDnsOptions, parseResolvConf, podDnsConfig, renderResolvConf, type ClusterDnsSettings } from "./pod-dns.ts";

const HOST = "nameserver 10.255.255.53\nnameserver 10.255.255.54\nsearch corp.example lab.example\noptions edns0\n";
const SETTINGS: ClusterDnsSettings = { clusterDomain: "cluster.local", clusterDNS: ["10.96.0.10"], hostResolvConf: HOST };

function pod(spec: Record<string, unknown>): KubeObject {
  return { metadata: { name: "web-0", namespace: "shop", uid: "uid-1" }, spec: { containers: [], ...spec } };
}

const CLUSTER_SEARCH = "search shop.svc.cluster.local svc.cluster.local cluster.local";
const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

const cases: Array<{ name: string; spec: Record<string, unknown>; settings?: Partial<ClusterDnsSettings>; file: string; warnings?: string[] }> = [
  {
    name: "ClusterFirst: cluster DNS only, cluster then host search, ndots:5",
    spec: {},
    file: `${CLUSTER_SEARCH} corp.example lab.example\nnameserver 10.96.0.10\noptions ndots:5\n`,
  },
  {
    name: "ClusterFirst drops host search domains it already has",
    spec: { dnsPolicy: "ClusterFirst" },
    settings: { hostResolvConf: "nameserver 1.1.1.1\nsearch cluster.local corp.example\n" },
    file: `${CLUSTER_SEARCH} corp.example\nnameserver 10.96.0.10\noptions ndots:5\n`,
  },
  {
    name: "ClusterFirst with dnsConfig: servers and searches appended, options merged by name",
    spec: {
      dnsConfig: {
        nameservers: ["10.96.0.10", "192.0.2.1"],
        searches: ["extra.example"],
        options: [{ name: "ndots", value: "2" }, { name: "single-request-reopen" }],
      },
    },
    file: `${CLUSTER_SEARCH} corp.example lab.example extra.example\nnameserver 10.96.0.10\nnameserver 192.0.2.1\noptions ndots:2 single-request-reopen\n`,
  },
  {
    name: "Default: the host's servers, searches and options",
    spec: { dnsPolicy: "Default" },
    file: "search corp.example lab.example\nnameserver 10.255.255.53\nnameserver 10.255.255.54\noptions edns0\n",
  },
  {
    name: "Default with an empty host file copies it",
    spec: { dnsPolicy: "Default" },
    settings: { hostResolvConf: "# nothing here\n" },
    file: "# nothing here\n",
  },
  {
    name: "Default without a host file: a resolver on the pod's loopback",
    spec: { dnsPolicy: "Default" },
    settings: { hostResolvConf: undefined },
    file: "search .\nnameserver 127.0.0.1\n",
  },
  {
    name: "None: dnsConfig alone",
    spec: {
      dnsPolicy: "None",
      dnsConfig: { nameservers: ["192.0.2.1"], searches: ["ns1.svc.cluster-domain.example", "my.dns.search.suffix"], options: [{ name: "ndots", value: "2" }, { name: "edns0" }] },
    },
    file: "search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 192.0.2.1\noptions ndots:2 edns0\n",
  },
  { name: "hostNetwork with ClusterFirst falls back to Default", spec: { hostNetwork: true }, file: "search corp.example lab.example\nnameserver 10.255.255.53\nnameserver 10.255.255.54\noptions edns0\n" },
  {
    name: "hostNetwork with ClusterFirstWithHostNet uses the cluster DNS",
    spec: { hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" },
    file: `${CLUSTER_SEARCH} corp.example lab.example\nnameserver 10.96.0.10\noptions ndots:5\n`,
  },
  {
    name: "no cluster DNS address: ClusterFirst falls back to Default with an event",
    spec: {},
    settings: { clusterDNS: [] },
    file: "search corp.example lab.example\nnameserver 10.255.255.53\nnameserver 10.255.255.54\noptions edns0\n",
    warnings: [
      'MissingClusterDNS: pod: "web-0_shop(uid-1)". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.',
    ],
  },
  {
    name: "no cluster domain: only the host search list",
    spec: {},
    settings: { clusterDomain: "" },
    file: "search corp.example lab.example\nnameserver 10.96.0.10\noptions ndots:5\n",
  },
  {
    name: "more than 3 nameservers keeps the first 3",
    spec: { dnsPolicy: "Default", dnsConfig: { nameservers: ["192.0.2.1", "192.0.2.2"] } },
    file: "search corp.example lab.example\nnameserver 10.255.255.53\nnameserver 10.255.255.54\nnameserver 192.0.2.1\noptions edns0\n",
    warnings: [
      "DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.255.255.53 10.255.255.54 192.0.2.1",
    ],
  },
  {
    name: "more than 32 search paths keeps the first 32",
    spec: { dnsPolicy: "None", dnsConfig: { nameservers: ["192.0.2.1"], searches: many(33, (i) => `s${i}.example`) } },
    file: `search ${many(32, (i) => `s${i}.example`).join(" ")}\nnameserver 192.0.2.1\n`,
    warnings: [`DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${many(32, (i) => `s${i}.example`).join(" ")}`],
  },
  {
    name: "a search path over 253 characters is left out",
    spec: { dnsPolicy: "None", dnsConfig: { nameservers: ["192.0.2.1"], searches: ["a.example", "x".repeat(254), "b.example"] } },
    file: "search a.example b.example\nnameserver 192.0.2.1\n",
    warnings: ["DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: a.example b.example"],
  },
  {
    name: "a search line over 2048 characters loses paths from the end",
    spec: { dnsPolicy: "None", dnsConfig: { nameservers: ["192.0.2.1"], searches: many(10, (i) => `${i}`.padEnd(250, "x")) } },
    file: `search ${many(8, (i) => `${i}`.padEnd(250, "x")).join(" ")}\nnameserver 192.0.2.1\n`,
    warnings: [
      `DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${many(8, (i) => `${i}`.padEnd(250, "x")).join(" ")}`,
    ],
  },
];

for (const c of cases) {
  test(`podDnsConfig() + renderResolvConf(): ${c.name}`, () => {
    const settings = { ...SETTINGS, ...c.settings };
    const result = podDnsConfig(pod(c.spec), settings);
    assert.equal(renderResolvConf(result.config, settings.hostResolvConf), c.file);
    assert.deepEqual(
      result.warnings.map((w) => `${w.reason}: ${w.message}`),
      c.warnings ?? [],
    );
  });
}

test("parseResolvConf() accumulates nameservers; the last search and options lines win", () => {
  assert.deepEqual(parseResolvConf("# c\nnameserver 1.1.1.1\nsearch a.example.\n  nameserver 8.8.8.8  \nsearch b.example c.example.\noptions ndots:1\noptions rotate\nnameserver\n"), {
    servers: ["1.1.1.1", "8.8.8.8"],
    searches: ["b.example", "c.example"],
    options: ["rotate"],
  });
});

test("mergeDnsOptions() overrides in place and appends new names", () => {
  assert.deepEqual(mergeDnsOptions(["ndots:5", "edns0", "timeout:2"], [{ name: "timeout", value: "1" }, { name: "edns0" }, { name: "rotate" }]), [
    "ndots:5",
    "edns0",
    "timeout:1",
    "rotate",
  ]);
});
