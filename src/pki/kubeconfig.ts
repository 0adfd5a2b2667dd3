// A kubeconfig that points kubectl (and client-node) at our API server with the admin certificate.
// Written by hand: the shape is fixed, every value is a JSON-quoted scalar (valid YAML), and the
// server process then needs no YAML library in memory.

export interface KubeconfigOptions {
  server: string;
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** Names the cluster and the context; default "ordinal". */
  clusterName?: string;
  /** Default "<clusterName>-admin". */
  userName?: string;
}

export function renderKubeconfig(opts: KubeconfigOptions): string {
  const cluster = opts.clusterName ?? "ordinal";
  const user = opts.userName ?? `${cluster}-admin`;
  const b64 = (pem: string) => Buffer.from(pem, "utf8").toString("base64");
  const q = JSON.stringify;
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${q(cluster)}`,
    "  cluster:",
    `    server: ${q(opts.server)}`,
    `    certificate-authority-data: ${q(b64(opts.caPem))}`,
    "users:",
    `- name: ${q(user)}`,
    "  user:",
    `    client-certificate-data: ${q(b64(opts.clientCertPem))}`,
    `    client-key-data: ${q(b64(opts.clientKeyPem))}`,
    "contexts:",
    `- name: ${q(cluster)}`,
    "  context:",
    `    cluster: ${q(cluster)}`,
    `    user: ${q(user)}`,
    `current-context: ${q(cluster)}`,
    "preferences: {}",
    "",
  ].join("\n");
}
