import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { generateEcKey, issueCertificate, type CertificateRequest } from "./issue-certificate.ts";

function selfSigned(extra: Partial<CertificateRequest>): X509Certificate {
  const { privateKey, publicKey } = generateEcKey();
  const now = new Date("2030-01-01T00:00:00Z");
  return new X509Certificate(
    issueCertificate({ subject: { commonName: "t" }, publicKey, selfSignKey: privateKey, notBefore: now, notAfter: now, ...extra }),
  );
}

const addresses: [string, string][] = [
  ["192.168.0.1", "IP Address:192.168.0.1"],
  ["::1", "IP Address:0:0:0:0:0:0:0:1"],
  ["fd00::", "IP Address:FD00:0:0:0:0:0:0:0"],
  ["2001:db8::8:800:200c:417a", "IP Address:2001:DB8:0:0:8:800:200C:417A"],
  ["::ffff:10.0.0.1", "IP Address:0:0:0:0:0:FFFF:A00:1"],
  ["fe80::1%eth0", "IP Address:FE80:0:0:0:0:0:0:1"],
];

for (const [ip, expected] of addresses) {
  test(`issueCertificate() encodes the IP SAN ${ip}`, () => {
    assert.equal(selfSigned({ ipAddresses: [ip] }).subjectAltName, expected);
  });
}

test("issueCertificate() writes validity after 2049 as GeneralizedTime", () => {
  const cert = selfSigned({ notAfter: new Date("2061-02-03T04:05:06Z") });
  assert.equal(cert.validToDate.toISOString(), "2061-02-03T04:05:06.000Z");
});

test("issueCertificate() needs a key for a self-signed certificate and an IP for an IP SAN", () => {
  const { publicKey } = generateEcKey();
  const now = new Date();
  assert.throws(
    () => issueCertificate({ subject: { commonName: "x" }, publicKey, notBefore: now, notAfter: now }),
    /self-signed certificate needs selfSignKey/,
  );
  assert.throws(() => selfSigned({ ipAddresses: ["localhost"] }), /localhost is not an IP address/);
});
