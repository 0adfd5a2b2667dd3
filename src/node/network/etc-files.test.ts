import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { kernelHostname, podEtcFiles, podHostNames, type PodEtcFilesOptions } from "./etc-files.ts";

const LOCAL =
  "# Kubernetes-managed hosts file.\n" +
  "127.0.0.1\tlocalhost\n" +
  "::1\tlocalhost ip6-localhost ip6-loopback\n" +
  "fe00::0\tip6-localnet\n" +
  "fe00::0\tip6-mcastprefix\n" +
  "fe00::1\tip6-allnodes\n" +
  "fe00::2\tip6-allrouters\n";

const HOST_RESOLV = "# from DHCP\nnameserver 10.255.255.53\nsearch corp.example. lab.example\noptions edns0 trust-ad\n";

const OPTS: PodEtcFilesOptions = { podIPs: ["10.244.0.5"], clusterDomain: "cluster.local", clusterDNS: ["10.96.0.10"], hostResolvConf: HOST_RESOLV };

function pod(name: string, spec: Record<string, unknown> = {}, namespace = "default"): KubeObject {
  return { metadata: { name, namespace, uid: "5f0c3f1e-0000-4000-8000-000000000001" }, spec: { containers: [], ...spec } };
}

const LONG = "a".repeat(62) + "-bcd";

const hostsCases: Array<{ name: string; pod: KubeObject; opts?: Partial<PodEtcFilesOptions>; hosts: string; hostname: string }> = [
  { name: "pod name as hostname", pod: pod("web-0"), hosts: LOCAL + "10.244.0.5\tweb-0\n", hostname: "web-0" },
  {
    name: "subdomain gives the FQDN first",
    pod: pod("web-0", { subdomain: "nginx" }, "shop"),
    hosts: LOCAL + "10.244.0.5\tweb-0.nginx.shop.svc.cluster.local\tweb-0\n",
    hostname: "web-0",
  },
  {
    name: "spec.hostname wins over the pod name",
    pod: pod("web-0", { hostname: "db", subdomain: "pg" }),
    hosts: LOCAL + "10.244.0.5\tdb.pg.default.svc.cluster.local\tdb\n",
    hostname: "db",
  },
  {
    name: "setHostnameAsFQDN puts the FQDN in the kernel hostname only",
    pod: pod("web-0", { subdomain: "nginx", setHostnameAsFQDN: true }),
    hosts: LOCAL + "10.244.0.5\tweb-0.nginx.default.svc.cluster.local\tweb-0\n",
    hostname: "web-0.nginx.default.svc.cluster.local",
  },
  { name: "setHostnameAsFQDN without a subdomain", pod: pod("web-0", { setHostnameAsFQDN: true }), hosts: LOCAL + "10.244.0.5\tweb-0\n", hostname: "web-0" },
  {
    name: "a long pod name is cut to 63 characters without a trailing dash",
    pod: pod(LONG),
    hosts: LOCAL + `10.244.0.5\t${"a".repeat(62)}\n`,
    hostname: "a".repeat(62),
  },
  {
    name: "hostAliases, one line per IP",
    pod: pod("web-0", {
      hostAliases: [
        { ip: "127.0.0.1", hostnames: ["foo.local", "bar.local"] },
        { ip: "10.1.2.3", hostnames: ["foo.remote"] },
      ],
    }),
    hosts: LOCAL + "10.244.0.5\tweb-0\n\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\n",
    hostname: "web-0",
  },
  {
    name: "every pod IP gets a line",
    pod: pod("web-0"),
    opts: { podIPs: ["10.244.0.5", "fd00::5"] },
    hosts: LOCAL + "10.244.0.5\tweb-0\nfd00::5\tweb-0\n",
    hostname: "web-0",
  },
  {
    name: "hostNetwork shows the node's hosts file",
    pod: pod("agent", { hostNetwork: true, hostAliases: [{ ip: "10.9.9.9", hostnames: ["x"] }] }),
    opts: { nodeHosts: "127.0.0.1\tlocalhost\n10.0.0.4\tnode-a\n" },
    hosts: "# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n10.0.0.4\tnode-a\n\n# Entries added by HostAliases.\n10.9.9.9\tx\n",
    hostname: "agent",
  },
];

for (const c of hostsCases) {
  test(`podEtcFiles() hosts and hostname: ${c.name}`, () => {
    const files = podEtcFiles(c.pod, { ...OPTS, ...c.opts });
    assert.equal(files.hosts, c.hosts);
    assert.equal(files.hostname, c.hostname);
    assert.equal(files.hostnameFile, c.hostname + "\n");
  });
}

test("podEtcFiles() writes the ClusterFirst resolv.conf with the host's search list", () => {
  const files = podEtcFiles(pod("web-0", {}, "shop"), OPTS);
  assert.equal(
    files.resolvConf,
    "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example\nnameserver 10.96.0.10\noptions ndots:5\n",
  );
  assert.deepEqual(files.warnings, []);
});

test("podHostNames() rejects a hostname or subdomain that is not a DNS label, as the kubelet does", () => {
  assert.throws(() => podHostNames(pod("web-0", { hostname: "Bad_Name" }), "cluster.local"), /^Error: pod Hostname "Bad_Name" is not a valid DNS label: /);
  assert.throws(() => podHostNames(pod("web-0", { subdomain: "a.b" }), "cluster.local"), /^Error: pod Subdomain "a.b" is not a valid DNS label: must not contain dots$/);
});

test("kernelHostname() refuses an FQDN longer than 64 characters", () => {
  const names = { hostname: "h".repeat(30), domain: "sub.namespace.svc.cluster.local" };
  assert.equal(kernelHostname(names, true).length, 62);
  assert.throws(
    () => kernelHostname({ ...names, hostname: "h".repeat(40) }, true),
    /FQDN h{40}\.sub\.namespace\.svc\.cluster\.local is too long \(64 characters is the max, 72 characters requested\)/,
  );
});
