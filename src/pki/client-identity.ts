// Who a client certificate speaks for, the way Kubernetes' x509 authenticator reads it: the
// subject's common name is the user, each organization a group.
import { X509Certificate } from "node:crypto";
import type { PeerCertificate } from "node:tls";

export interface CertificateIdentity {
  /** Empty when the subject has no common name: such a certificate names nobody. */
  user: string;
  groups: string[];
}

type NameValue = string | string[] | undefined;

export function identityFromCertificate(cert: PeerCertificate | X509Certificate): CertificateIdentity {
  // The legacy object carries the subject's values unescaped, with repeated attributes as arrays.
  const subject = (cert instanceof X509Certificate ? cert.toLegacyObject().subject : cert.subject) as
    | { CN?: NameValue; O?: NameValue }
    | undefined;
  return { user: values(subject?.CN)[0] ?? "", groups: values(subject?.O) };
}

function values(v: NameValue): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? [...v] : [v];
}
