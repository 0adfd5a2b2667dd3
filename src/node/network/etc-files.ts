// The files a pod sees as /etc/hosts, /etc/hostname and /etc/resolv.conf, and its kernel hostname,
// with the content the kubelet (pkg/kubelet/kubelet_pods.go) and containerd give them. Pure: the
// runtime writes the files and bind-mounts them into every container of the pod.
import type { KubeObject } from "../../api/meta.ts";
import { arr, obj, str } from "../../api/validation/json-access.ts";
import { isDNS1123Label } from "../../api/validation/name.ts";
import { podDnsConfig, renderResolvConf, type ClusterDnsSettings } from "./pod-dns.ts";

export interface HostAlias {
  ip: string;
  hostnames: string[];
}

export interface PodHostNames {
  /** spec.hostname, else the pod name, cut to 63 characters. */
  hostname: string;
  /** "<subdomain>.<namespace>.svc.<cluster domain>", or "" without spec.subdomain. */
  domain: string;
}

const HOSTNAME_MAX = 63;
// The kernel's nodename holds 64 characters.
const FQDN_MAX = 64;

function truncateHostname(podName: string, hostname: string): string {
  if (hostname.length <= HOSTNAME_MAX) return hostname;
  const cut = hostname.slice(0, HOSTNAME_MAX).replace(/[-.]+$/, "");
  if (cut === "") throw new Error(`hostname for pod "${podName}" was invalid: "${hostname}"`);
  return cut;
}

/** Throws, as the kubelet fails the sandbox, when spec.hostname or spec.subdomain is not a DNS label. */
export function podHostNames(pod: KubeObject, clusterDomain: string): PodHostNames {
  const spec = obj(pod.spec) ?? {};
  const name = str(pod.metadata.name);
  let hostname = name;
  const specHostname = str(spec.hostname);
  if (specHostname) {
    const msgs = isDNS1123Label(specHostname);
    if (msgs.length > 0) throw new Error(`pod Hostname "${specHostname}" is not a valid DNS label: ${msgs.join(";")}`);
    hostname = specHostname;
  }
  hostname = truncateHostname(name, hostname);
  const subdomain = str(spec.subdomain);
  if (!subdomain) return { hostname, domain: "" };
  const msgs = isDNS1123Label(subdomain);
  if (msgs.length > 0) throw new Error(`pod Subdomain "${subdomain}" is not a valid DNS label: ${msgs.join(";")}`);
  return { hostname, domain: `${subdomain}.${str(pod.metadata.namespace)}.svc.${clusterDomain}` };
}

/** The UTS hostname: the FQDN when spec.setHostnameAsFQDN is true and there is a domain. */
export function kernelHostname(names: PodHostNames, setHostnameAsFQDN: boolean): string {
  if (!setHostnameAsFQDN || names.domain === "") return names.hostname;
  const fqdn = `${names.hostname}.${names.domain}`;
  if (fqdn.length > FQDN_MAX) {
    throw new Error(
      `failed to construct FQDN from pod hostname and cluster domain, FQDN ${fqdn} is too long (${FQDN_MAX} characters is the max, ${fqdn.length} characters requested)`,
    );
  }
  return fqdn;
}

export function hostAliasesOf(pod: KubeObject): HostAlias[] {
  return arr(obj(pod.spec)?.hostAliases).map((a) => ({ ip: str(obj(a)?.ip), hostnames: arr(obj(a)?.hostnames).map(str) }));
}

function aliasLines(aliases: readonly HostAlias[]): string {
  if (aliases.length === 0) return "";
  return "\n# Entries added by HostAliases.\n" + aliases.map((a) => `${a.ip}\t${a.hostnames.join("\t")}\n`).join("");
}

export function managedHostsFile(opts: { podIPs: readonly string[]; names: PodHostNames; hostAliases: readonly HostAlias[] }): string {
  const { hostname, domain } = opts.names;
  const own = opts.podIPs.map((ip) => (domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`));
  return (
    "# Kubernetes-managed hosts file.\n" +
    "127.0.0.1\tlocalhost\n" +
    "::1\tlocalhost ip6-localhost ip6-loopback\n" +
    "fe00::0\tip6-localnet\n" +
    "fe00::0\tip6-mcastprefix\n" +
    "fe00::1\tip6-allnodes\n" +
    "fe00::2\tip6-allrouters\n" +
    own.join("") +
    aliasLines(opts.hostAliases)
  );
}

/** A hostNetwork pod sees the node's own hosts file under the kubelet's header. */
export function hostNetworkHostsFile(nodeHosts: string, hostAliases: readonly HostAlias[]): string {
  return "# Kubernetes-managed hosts file (host network).\n" + nodeHosts + aliasLines(hostAliases);
}

export interface PodEtcFilesOptions extends ClusterDnsSettings {
  podIPs: readonly string[];
  /** The node's /etc/hosts, for hostNetwork pods. */
  nodeHosts?: string;
}

export interface PodEtcFiles {
  /** For the runtime spec's `hostname` (the UTS namespace). */
  hostname: string;
  hosts: string;
  /** containerd writes the sandbox hostname with a newline. */
  hostnameFile: string;
  resolvConf: string;
  /** Events to record on the pod. */
  warnings: Array<{ reason: string; message: string }>;
}

export function podEtcFiles(pod: KubeObject, opts: PodEtcFilesOptions): PodEtcFiles {
  const spec = obj(pod.spec) ?? {};
  const names = podHostNames(pod, opts.clusterDomain);
  const hostname = kernelHostname(names, spec.setHostnameAsFQDN === true);
  const aliases = hostAliasesOf(pod);
  const hosts =
    spec.hostNetwork === true ? hostNetworkHostsFile(opts.nodeHosts ?? "", aliases) : managedHostsFile({ podIPs: opts.podIPs, names, hostAliases: aliases });
  const dns = podDnsConfig(pod, opts);
  return { hostname, hosts, hostnameFile: `${hostname}\n`, resolvConf: renderResolvConf(dns.config, opts.hostResolvConf), warnings: dns.warnings };
}
