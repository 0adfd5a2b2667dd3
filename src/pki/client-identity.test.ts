import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import type { PeerCertificate } from "node:tls";
import { identityFromCertificate } from "./client-identity.ts";
import { generateEcKey, issueCertificate } from "./issue-certificate.ts";

function selfSigned(commonName: string, organizations: string[]): X509Certificate {
  const { privateKey, publicKey } = generateEcKey();
  const now = new Date();
  return new X509Certificate(
    issueCertificate({ subject: { commonName, organizations }, publicKey, selfSignKey: privateKey, notBefore: now, notAfter: now }),
  );
}

const cases: [string, PeerCertificate | X509Certificate, { user: string; groups: string[] }][] = [
  ["an X509Certificate", selfSigned("kubernetes-admin", ["system:masters"]), { user: "kubernetes-admin", groups: ["system:masters"] }],
  ["several organizations with RFC 4514 specials", selfSigned("jane,doe", ["dev", 'a+b="c"']), { user: "jane,doe", groups: ["dev", 'a+b="c"'] }],
  ["no organization", selfSigned("node-1", []), { user: "node-1", groups: [] }],
  ["a peer certificate", { subject: { CN: "bob", O: "ops" } } as unknown as PeerCertificate, { user: "bob", groups: ["ops"] }],
  ["a peer certificate with repeated O", { subject: { CN: "bob", O: ["a", "b"] } } as unknown as PeerCertificate, { user: "bob", groups: ["a", "b"] }],
  ["no client certificate (empty peer object)", {} as PeerCertificate, { user: "", groups: [] }],
];

for (const [name, cert, expected] of cases) {
  test(`identityFromCertificate() reads ${name}`, () => assert.deepEqual(identityFromCertificate(cert), expected));
}
