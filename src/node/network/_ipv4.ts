// IPv4 addresses as unsigned 32-bit numbers, and CIDR ranges over them.

export function ipToInt(ip: string): number {
  const parts = ip.split(".");
  const nums = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (nums.length !== 4 || nums.some((p) => !(p >= 0 && p <= 255))) throw new Error(`${JSON.stringify(ip)} is not an IPv4 address`);
  return ((nums[0] << 24) | (nums[1] << 16) | (nums[2] << 8) | nums[3]) >>> 0;
}

export function intToIP(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function isIPv4(ip: string): boolean {
  try {
    ipToInt(ip);
    return true;
  } catch {
    return false;
  }
}

export interface Cidr {
  /** Normalised: "10.244.0.0/24" for "10.244.0.7/24". */
  cidr: string;
  network: number;
  broadcast: number;
  prefixLength: number;
}

export function parseCidr(text: string): Cidr {
  const slash = text.indexOf("/");
  const prefix = slash < 0 ? NaN : Number(text.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`${JSON.stringify(text)} is not a CIDR (address/prefix length)`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (ipToInt(text.slice(0, slash)) & mask) >>> 0;
  const broadcast = (network | (~mask >>> 0)) >>> 0;
  return { cidr: `${intToIP(network)}/${prefix}`, network, broadcast, prefixLength: prefix };
}
