// The API server's certificates under one directory, created on first use and reused after:
//   ca.crt/ca.key              the cluster CA (10 years), which kubeconfigs trust
//   apiserver.crt/.key         serving certificate for localhost, this host and the given names
//   admin.crt/.key             client certificate: CN=kubernetes-admin, O=system:masters
// Leaf certificates are re-issued from the same CA when they lapse, fall due for renewal or no
// longer cover the requested names. The CA itself is never replaced behind the user's back.
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { identityFromCertificate } from "./client-identity.ts";
import { generateEcKey, issueCertificate, keyToPem, type Issuer, type Subject } from "./issue-certificate.ts";

export interface PkiOptions {
  hostnames: readonly string[];
  ips: readonly string[];
  now?: Date;
}

export interface Pki {
  dir: string;
  caCertPath: string;
  caKeyPath: string;
  caCertPem: string;
  caKeyPem: string;
  serverCertPath: string;
  serverKeyPath: string;
  serverCertPem: string;
  serverKeyPem: string;
  adminCertPath: string;
  adminKeyPath: string;
  adminCertPem: string;
  adminKeyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_LIFETIME_MS = 3650 * DAY_MS;
const LEAF_LIFETIME_MS = 365 * DAY_MS;
const RENEW_BEFORE_MS = 30 * DAY_MS;
/** Backdating tolerates clocks that disagree a little, as client-go's own self-signed certificates do. */
const BACKDATE_MS = 60 * 60 * 1000;

export const ADMIN_USER = "kubernetes-admin";
export const ADMIN_GROUP = "system:masters";

interface Loaded {
  certPem: string;
  keyPem: string;
  cert: X509Certificate;
  key: KeyObject;
}

export async function ensurePki(dir: string, opts: PkiOptions): Promise<Pki> {
  const now = opts.now ?? new Date();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dir, name);
  const ca = await ensureCa(path("ca.crt"), path("ca.key"), now);
  const issuer: Issuer = { certificate: ca.cert, privateKey: ca.key };
  const server = await ensureLeaf(path("apiserver.crt"), path("apiserver.key"), issuer, now, {
    subject: { commonName: "kube-apiserver" },
    usage: "serverAuth",
    ...subjectAltNames(opts),
  });
  const admin = await ensureLeaf(path("admin.crt"), path("admin.key"), issuer, now, {
    subject: { commonName: ADMIN_USER, organizations: [ADMIN_GROUP] },
    usage: "clientAuth",
    dnsNames: [],
    ipAddresses: [],
  });
  return {
    dir,
    caCertPath: path("ca.crt"),
    caKeyPath: path("ca.key"),
    caCertPem: ca.certPem,
    caKeyPem: ca.keyPem,
    serverCertPath: path("apiserver.crt"),
    serverKeyPath: path("apiserver.key"),
    serverCertPem: server.certPem,
    serverKeyPem: server.keyPem,
    adminCertPath: path("admin.crt"),
    adminKeyPath: path("admin.key"),
    adminCertPem: admin.certPem,
    adminKeyPem: admin.keyPem,
  };
}

async function ensureCa(certPath: string, keyPath: string, now: Date): Promise<Loaded> {
  const existing = await loadPair(certPath, keyPath);
  if (existing !== "absent") {
    if (existing.cert.ca && valid(existing.cert, now, 0)) return existing;
    throw new Error(
      `${certPath} is not a valid CA certificate at ${now.toISOString()}; remove it and its key to create a new CA`,
    );
  }
  const { privateKey, publicKey } = generateEcKey();
  const certPem = issueCertificate({
    subject: { commonName: "ordinal-ca" },
    publicKey,
    selfSignKey: privateKey,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_LIFETIME_MS),
    isCa: true,
  });
  return store(certPath, keyPath, certPem, privateKey);
}

interface LeafSpec {
  subject: Subject;
  usage: "serverAuth" | "clientAuth";
  dnsNames: string[];
  ipAddresses: string[];
}

const USAGE_OIDS = { serverAuth: "1.3.6.1.5.5.7.3.1", clientAuth: "1.3.6.1.5.5.7.3.2" } as const;

/** Keeps a leaf that is still the one we would issue; anything else (even unreadable) is replaced. */
async function ensureLeaf(certPath: string, keyPath: string, issuer: Issuer, now: Date, spec: LeafSpec): Promise<Loaded> {
  const existing = await loadPair(certPath, keyPath).catch(() => "absent" as const);
  if (existing !== "absent" && leafMatches(existing.cert, issuer, now, spec)) return existing;
  const { privateKey, publicKey } = generateEcKey();
  const certPem = issueCertificate({
    subject: spec.subject,
    publicKey,
    issuer,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + LEAF_LIFETIME_MS),
    extKeyUsage: [spec.usage],
    dnsNames: spec.dnsNames,
    ipAddresses: spec.ipAddresses,
  });
  return store(certPath, keyPath, certPem, privateKey);
}

function leafMatches(cert: X509Certificate, issuer: Issuer, now: Date, spec: LeafSpec): boolean {
  const id = identityFromCertificate(cert);
  const organizations = spec.subject.organizations ?? [];
  return (
    cert.verify(issuer.certificate.publicKey) && // signed by this CA, not one since replaced
    valid(cert, now, RENEW_BEFORE_MS) &&
    cert.keyUsage?.length === 1 && cert.keyUsage[0] === USAGE_OIDS[spec.usage] &&
    id.user === spec.subject.commonName &&
    id.groups.length === organizations.length && id.groups.every((g, i) => g === organizations[i]) &&
    spec.dnsNames.every((n) => cert.checkHost(n, { subject: "never" }) !== undefined) &&
    spec.ipAddresses.every((ip) => cert.checkIP(ip) !== undefined)
  );
}

function subjectAltNames(opts: PkiOptions): { dnsNames: string[]; ipAddresses: string[] } {
  const names = ["localhost", hostname(), ...opts.hostnames, ...opts.ips]
    .map((n) => n.trim().replace(/\.$/, ""))
    .filter(Boolean);
  const dnsNames = new Set<string>();
  const ipAddresses = new Set<string>(["127.0.0.1", "::1"]);
  for (const n of names) {
    if (isIP(n)) ipAddresses.add(n.split("%")[0]); // a zone index cannot go in a certificate
    else dnsNames.add(n.toLowerCase());
  }
  return { dnsNames: [...dnsNames], ipAddresses: [...ipAddresses] };
}

function valid(cert: X509Certificate, now: Date, margin: number): boolean {
  return cert.validFromDate.getTime() <= now.getTime() && cert.validToDate.getTime() - margin > now.getTime();
}

/**
 * "absent" when either file is missing (a half-written pair is as good as none); throws when both
 * exist but do not parse or do not belong together.
 */
async function loadPair(certPath: string, keyPath: string): Promise<Loaded | "absent"> {
  const [certPem, keyPem] = await Promise.all([readOptional(certPath), readOptional(keyPath)]);
  if (certPem === undefined || keyPem === undefined) return "absent";
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(certPem);
    key = createPrivateKey(keyPem);
  } catch (err) {
    throw new Error(`${certPath}: cannot read the certificate or its key: ${(err as Error).message}`);
  }
  if (!cert.checkPrivateKey(key)) throw new Error(`${certPath}: the certificate does not match ${keyPath}`);
  return { certPem, keyPem, cert, key };
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

async function store(certPath: string, keyPath: string, certPem: string, key: KeyObject): Promise<Loaded> {
  const keyPem = keyToPem(key);
  await writeAtomically(keyPath, keyPem, 0o600);
  await writeAtomically(certPath, certPem, 0o644);
  return { certPem, keyPem, cert: new X509Certificate(certPem), key };
}

async function writeAtomically(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, path);
}
