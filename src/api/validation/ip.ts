// IP address and CIDR checks with apimachinery's messages.
import { isIP } from "node:net";
import type { FieldError, FieldPath } from "../field-error.ts";
import { invalid } from "./field-errors.ts";

export function validateIP(value: string, path: FieldPath): FieldError[] {
  return isIP(value) ? [] : [invalid(path, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")];
}

export function validateIPv4(value: string, path: FieldPath): FieldError[] {
  return isIP(value) === 4 ? [] : [invalid(path, value, "must be a valid IPv4 address")];
}

export function validateIPv6(value: string, path: FieldPath): FieldError[] {
  return isIP(value) === 6 ? [] : [invalid(path, value, "must be a valid IPv6 address")];
}

export function validateCIDR(value: string, path: FieldPath): FieldError[] {
  const [addr, bits, extra] = value.split("/");
  const family = isIP(addr ?? "");
  const n = Number(bits);
  const ok = extra === undefined && family !== 0 && /^[0-9]+$/.test(bits ?? "") && n <= (family === 4 ? 32 : 128);
  return ok ? [] : [invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")];
}

/** Unspecified, loopback and link-local addresses make no sense as endpoints or external IPs. */
export function validateNonSpecialIP(value: string, path: FieldPath): FieldError[] {
  const family = isIP(value);
  if (family === 0) return [invalid(path, value, "must be a valid IP address")];
  const v = value.toLowerCase();
  const errs: FieldError[] = [];
  const octets = family === 4 ? v.split(".").map(Number) : [];
  const unspecified = family === 4 ? octets.every((o) => o === 0) : /^[0:]+$/.test(v);
  const loopback = family === 4 ? octets[0] === 127 : /^(0*:)*:?0*1$/.test(v) && v !== "1";
  const linkLocal = family === 4 ? octets[0] === 169 && octets[1] === 254 : /^fe[89ab][0-9a-f]:/.test(v);
  const linkLocalMulticast = family === 4 ? octets[0] === 224 && octets[1] === 0 && octets[2] === 0 : /^ff02:/.test(v);
  if (unspecified) errs.push(invalid(path, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (linkLocal) errs.push(invalid(path, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (linkLocalMulticast) errs.push(invalid(path, value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  return errs;
}
