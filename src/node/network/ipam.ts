// Pod IPs from the node's pod CIDR, like CNI's host-local plugin: the network address, the
// gateway (first host address, the bridge) and the broadcast address are never handed out, and
// allocation moves on round-robin so a released IP is not reused at once. State lives in memory;
// after a restart the agent re-reserves what existing pod objects show.

function ipToInt(ip: string): number {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`ipam: ${JSON.stringify(ip)} is not an IPv4 address`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function intToIP(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export class IpamExhaustedError extends Error {
  constructor(cidr: string) {
    super(`ipam: no IP addresses left in ${cidr}`);
    this.name = "IpamExhaustedError";
  }
}

export class PodIPAM {
  readonly cidr: string;
  /** The bridge's address; pods route through it. */
  readonly gateway: string;
  readonly #first: number;
  readonly #last: number;
  readonly #byOwner = new Map<string, number>();
  readonly #owners = new Map<number, string>();
  #cursor: number;

  constructor(cidr: string) {
    const [addr, bitsText] = cidr.split("/");
    const bits = Number(bitsText);
    if (!Number.isInteger(bits) || bits < 8 || bits > 30) throw new Error(`ipam: ${JSON.stringify(cidr)} needs a prefix length between 8 and 30`);
    const mask = (0xffffffff << (32 - bits)) >>> 0;
    const network = (ipToInt(addr) & mask) >>> 0;
    const broadcast = (network | (~mask >>> 0)) >>> 0;
    this.cidr = `${intToIP(network)}/${bits}`;
    this.gateway = intToIP(network + 1);
    this.#first = network + 2;
    this.#last = broadcast - 1;
    this.#cursor = this.#first;
  }

  get size(): number {
    return this.#last - this.#first + 1;
  }

  get used(): number {
    return this.#byOwner.size;
  }

  get(owner: string): string | undefined {
    const n = this.#byOwner.get(owner);
    return n === undefined ? undefined : intToIP(n);
  }

  contains(ip: string): boolean {
    try {
      const n = ipToInt(ip);
      return n >= this.#first && n <= this.#last;
    } catch {
      return false;
    }
  }

  /** Records that `owner` holds `ip` (from a pod object). False when the IP is outside the range or taken. */
  reserve(owner: string, ip: string): boolean {
    if (!this.contains(ip)) return false;
    const n = ipToInt(ip);
    const holder = this.#owners.get(n);
    if (holder !== undefined) return holder === owner;
    if (this.#byOwner.has(owner)) return false;
    this.#byOwner.set(owner, n);
    this.#owners.set(n, owner);
    return true;
  }

  /** The owner's IP, allocating the next free one if it has none. */
  allocate(owner: string): string {
    const held = this.get(owner);
    if (held) return held;
    for (let i = 0; i < this.size; i++) {
      const n = this.#cursor;
      this.#cursor = n >= this.#last ? this.#first : n + 1;
      if (this.#owners.has(n)) continue;
      this.#byOwner.set(owner, n);
      this.#owners.set(n, owner);
      return intToIP(n);
    }
    throw new IpamExhaustedError(this.cidr);
  }

  release(owner: string): void {
    const n = this.#byOwner.get(owner);
    if (n === undefined) return;
    this.#byOwner.delete(owner);
    this.#owners.delete(n);
  }
}
