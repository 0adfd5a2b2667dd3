// X.509 v3 certificates signed with ECDSA P-256 / SHA-256, built with node:crypto and our own DER
// encoder: no openssl processes, so a fresh PKI takes milliseconds.
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from "node:crypto";
import { isIP } from "node:net";
import { der, derChildren } from "./der.ts";

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

export interface Subject {
  commonName: string;
  organizations?: readonly string[];
}

export interface Issuer {
  certificate: X509Certificate;
  privateKey: KeyObject;
}

export interface CertificateRequest {
  subject: Subject;
  publicKey: KeyObject;
  /** Omit for a self-signed certificate, which then needs `selfSignKey`. */
  issuer?: Issuer;
  selfSignKey?: KeyObject;
  notBefore: Date;
  notAfter: Date;
  isCa?: boolean;
  extKeyUsage?: readonly ("serverAuth" | "clientAuth")[];
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
}

export function generateEcKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync("ec", { namedCurve: "P-256" });
}

export function keyToPem(key: KeyObject): string {
  return key.export({ format: "pem", type: "pkcs8" }).toString();
}

export function issueCertificate(req: CertificateRequest): string {
  const signingKey = req.issuer?.privateKey ?? req.selfSignKey;
  if (!signingKey) throw new Error("issueCertificate: a self-signed certificate needs selfSignKey");
  const subjectName = encodeName(req.subject);
  const issuerName = req.issuer ? rawSubject(req.issuer.certificate) : subjectName;
  const issuerKeyId = keyIdentifier(req.issuer ? req.issuer.certificate.publicKey : req.publicKey);
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256));
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serialNumber()),
    algorithm,
    issuerName,
    der.sequence(der.time(req.notBefore), der.time(req.notAfter)),
    subjectName,
    req.publicKey.export({ format: "der", type: "spki" }),
    der.explicit(3, der.sequence(...extensions(req, issuerKeyId))),
  );
  const signature = sign("sha256", tbs, signingKey);
  const certificate = der.sequence(tbs, algorithm, der.bitString(signature));
  return toPem(certificate);
}

function extensions(req: CertificateRequest, issuerKeyId: Uint8Array): Uint8Array[] {
  const list = [
    extension(OID.basicConstraints, true, req.isCa ? der.sequence(der.boolean(true)) : der.sequence()),
    // digitalSignature (bit 0), plus keyCertSign (5) and cRLSign (6) for a CA.
    extension(OID.keyUsage, true, req.isCa ? der.bitString(Uint8Array.of(0x86), 1) : der.bitString(Uint8Array.of(0x80), 7)),
    extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier(req.publicKey))),
    extension(OID.authorityKeyIdentifier, false, der.sequence(der.implicitPrimitive(0, issuerKeyId))),
  ];
  if (req.extKeyUsage?.length) {
    list.push(extension(OID.extKeyUsage, false, der.sequence(...req.extKeyUsage.map((u) => der.oid(OID[u])))));
  }
  const names = [
    ...(req.dnsNames ?? []).map((n) => der.implicitPrimitive(2, Buffer.from(n, "ascii"))),
    ...(req.ipAddresses ?? []).map((ip) => der.implicitPrimitive(7, ipBytes(ip))),
  ];
  if (names.length) list.push(extension(OID.subjectAltName, false, der.sequence(...names)));
  return list;
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical
    ? der.sequence(der.oid(oid), der.boolean(true), der.octetString(value))
    : der.sequence(der.oid(oid), der.octetString(value));
}

/** O first, then CN, one attribute per RDN, the order kubeadm's certificates use. */
function encodeName(subject: Subject): Uint8Array {
  const rdn = (oid: string, value: string) => der.set(der.sequence(der.oid(oid), der.utf8String(value)));
  return der.sequence(
    ...(subject.organizations ?? []).map((o) => rdn(OID.organization, o)),
    rdn(OID.commonName, subject.commonName),
  );
}

/** The issuer's subject exactly as encoded: Go matches issuer to subject byte for byte. */
function rawSubject(cert: X509Certificate): Uint8Array {
  const [tbs] = derChildren(cert.raw);
  const fields = derChildren(tbs);
  const offset = fields[0][0] === 0xa0 ? 1 : 0; // the version is optional
  return fields[offset + 4];
}

/** RFC 5280 method 1: SHA-1 of the public key bits, here the uncompressed EC point. */
function keyIdentifier(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: "jwk" });
  if (jwk.kty !== "EC" || !jwk.x || !jwk.y) throw new Error("issueCertificate: only EC keys are supported");
  const point = Buffer.concat([Uint8Array.of(4), Buffer.from(jwk.x, "base64url"), Buffer.from(jwk.y, "base64url")]);
  return createHash("sha1").update(point).digest();
}

// 127 random bits: positive, never zero-led, well under the 20-byte limit.
function serialNumber(): Uint8Array {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes;
}

function ipBytes(ip: string): Uint8Array {
  const version = isIP(ip);
  if (version === 4) return Uint8Array.from(ip.split(".").map(Number));
  if (version !== 6) throw new Error(`issueCertificate: ${ip} is not an IP address`);
  let text = ip.split("%")[0]; // a zone index has no place in a certificate
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const out = Buffer.alloc(16);
  [...headGroups, ...Array<string>(zeros).fill("0"), ...tailGroups].forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function toPem(body: Uint8Array): string {
  const b64 = Buffer.from(body).toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith("\n") ? "" : "\n"}-----END CERTIFICATE-----\n`;
}
