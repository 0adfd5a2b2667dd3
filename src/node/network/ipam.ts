// Pod IPs from the node's pod CIDR, like CNI's host-local plugin: the network address, the
// gateway (first host address, the bridge) and the broadcast address are never handed out, and
// allocation moves on round-robin so a released IP is not reused at once.
//
// With a directory, every allocation is also a file named after the IP and holding the owner's pod
// UID, created with O_EXCL, so allocations survive an agent restart or kill -9 and two processes
// can never hand out the same address. The files are not fsynced: a crash of the process keeps
// them (the page cache survives), and a crash of the machine takes the pods with it. Calls are
// synchronous; each touches at most one small file.
import { mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { intToIP, ipToInt, isIPv4, parseCidr } from "./_ipv4.ts";

export class IpamExhaustedError extends Error {
  constructor(cidr: string) {
    super(`ipam: no IP addresses left in ${cidr}`);
    this.name = "IpamExhaustedError";
  }
}

export interface PodIPAMOptions {
  /** Persist allocations here ($ORDINAL_HOME/node/ipam); absent keeps them in memory only. */
  dir?: string;
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

export class PodIPAM {
  readonly cidr: string;
  /** The bridge's address; pods route through it. */
  readonly gateway: string;
  readonly #first: number;
  readonly #last: number;
  readonly #dir: string | undefined;
  readonly #byOwner = new Map<string, number>();
  readonly #owners = new Map<number, string>();
  #cursor: number;

  constructor(cidr: string, opts: PodIPAMOptions = {}) {
    let c;
    try {
      c = parseCidr(cidr);
    } catch (e) {
      throw new Error(`ipam: ${(e as Error).message}`);
    }
    if (c.prefixLength < 8 || c.prefixLength > 30) throw new Error(`ipam: ${JSON.stringify(cidr)} needs a prefix length between 8 and 30`);
    this.cidr = c.cidr;
    this.gateway = intToIP(c.network + 1);
    this.#first = c.network + 2;
    this.#last = c.broadcast - 1;
    this.#cursor = this.#first;
    this.#dir = opts.dir;
    if (this.#dir) this.#load(this.#dir);
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

  /** Owner UID per allocated IP. */
  entries(): Array<[ip: string, owner: string]> {
    return [...this.#owners].sort((a, b) => a[0] - b[0]).map(([n, owner]) => [intToIP(n), owner]);
  }

  contains(ip: string): boolean {
    if (!isIPv4(ip)) return false;
    const n = ipToInt(ip);
    return n >= this.#first && n <= this.#last;
  }

  /** Records that `owner` holds `ip` (from a pod object). False when the IP is outside the range or taken. */
  reserve(owner: string, ip: string): boolean {
    if (!this.contains(ip)) return false;
    const n = ipToInt(ip);
    const holder = this.#owners.get(n);
    if (holder !== undefined) return holder === owner;
    if (this.#byOwner.has(owner)) return false;
    return this.#claim(n, owner);
  }

  /** The owner's IP, allocating the next free one if it has none. */
  allocate(owner: string): string {
    const held = this.get(owner);
    if (held) return held;
    for (let i = 0; i < this.size; i++) {
      const n = this.#cursor;
      this.#cursor = n >= this.#last ? this.#first : n + 1;
      if (this.#owners.has(n)) continue;
      if (this.#claim(n, owner)) return intToIP(n);
    }
    throw new IpamExhaustedError(this.cidr);
  }

  release(owner: string): void {
    const n = this.#byOwner.get(owner);
    if (n === undefined) return;
    this.#byOwner.delete(owner);
    this.#owners.delete(n);
    if (this.#dir) rmSync(join(this.#dir, intToIP(n)), { force: true });
  }

  /** Frees every address whose owner is not in `live` (pods that went while no agent ran). Returns the freed IPs. */
  reconcile(live: Iterable<string>): string[] {
    const keep = new Set(live);
    const freed: string[] = [];
    for (const [ip, owner] of this.entries()) {
      if (keep.has(owner)) continue;
      this.release(owner);
      freed.push(ip);
    }
    return freed;
  }

  /** False when the file already exists for someone else (another process got there first); that owner is then recorded. */
  #claim(n: number, owner: string): boolean {
    if (this.#dir) {
      const path = join(this.#dir, intToIP(n));
      try {
        writeFileSync(path, owner, { flag: "wx" });
      } catch (e) {
        if (errno(e) !== "EEXIST") throw e;
        const holder = readFileSync(path, "utf8");
        if (holder !== "") this.#record(n, holder);
        return holder === owner;
      }
    }
    this.#record(n, owner);
    return true;
  }

  #record(n: number, owner: string): void {
    this.#owners.set(n, owner);
    this.#byOwner.set(owner, n);
  }

  #load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    let highest = -1;
    const names = readdirSync(dir).filter(isIPv4).sort((a, b) => ipToInt(a) - ipToInt(b));
    for (const name of names) {
      const path = join(dir, name);
      // Outside the range: an address from an earlier pod range, which no pod can hold now.
      // Empty: the process died between creating and writing the file, before anyone got the IP.
      // A second file for one owner: only the first counts.
      const owner = this.contains(name) ? readFileSync(path, "utf8") : "";
      if (owner === "" || this.#byOwner.has(owner)) {
        unlinkSync(path);
        continue;
      }
      const n = ipToInt(name);
      this.#record(n, owner);
      highest = Math.max(highest, n);
    }
    if (highest >= 0) this.#cursor = highest >= this.#last ? this.#first : highest + 1;
  }
}
