// Pod IPs from the node's pod CIDR, like CNI's host-local plugin: the network address, the
// gateway (first host address, the bridge) and the broadcast address are never handed out, and
// allocation moves on round-robin so a released IP is not reused at once.
//
// With a directory, allocations persist in one append-only journal there, `allocations`: a line
// `a <ip> <owner>` per allocation and `r <ip>` per release, each appended with one write(2) before
// the call that made it returns. Calls stay synchronous, so an IP is on disk before the caller can
// put it in a pod's status or a sandbox; after a kill -9 the journal still holds every IP handed
// out (the page cache survives a process), so a restarted agent never gives one to a second pod,
// and reconcile() frees those whose pods are gone. A line cut short by a crash was never returned
// to anyone and is ignored. The journal is rewritten with only the live allocations (to a temporary
// file renamed over it) when it is loaded and whenever it holds many more lines than allocations,
// and removed when nothing is allocated. It is not fsynced: a crash of the machine takes the pods
// with it. One PodIPAM owns a directory at a time (the process holding $ORDINAL_HOME's store).
// Directories from older versions, with one file per IP holding its owner, are taken over.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { intToIP, ipToInt, isIPv4, parseCidr } from "./_ipv4.ts";

export const JOURNAL_FILE = "allocations";
/** The journal is rewritten once it has this many lines more than twice the allocations. */
const COMPACT_SLACK = 1024;

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

/** The allocations a journal records, in the order made, without changing anything on disk. */
export function readAllocations(dir: string): Array<[ip: string, owner: string]> {
  const path = join(dir, JOURNAL_FILE);
  return existsSync(path) ? replay(readFileSync(path, "utf8")) : [];
}

/** Live allocations after every complete line; later claims on a held IP or by an owner holding one lose. */
function replay(text: string): Array<[ip: string, owner: string]> {
  const byIp = new Map<string, string>();
  const owners = new Set<string>();
  const lines = text.split("\n");
  // The part after the last newline is a line a crash cut short (or nothing).
  for (const line of lines.slice(0, -1)) {
    const [op, ip, owner] = line.split(" ");
    if (op === "a" && ip && owner && !byIp.has(ip)) {
      const who = decoded(owner);
      if (who === undefined || owners.has(who)) continue;
      byIp.set(ip, who);
      owners.add(who);
    } else if (op === "r" && ip && byIp.has(ip)) {
      owners.delete(byIp.get(ip)!);
      byIp.delete(ip);
    }
  }
  return [...byIp];
}

function decoded(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

const allocationLine = (ip: string, owner: string): string => `a ${ip} ${encodeURIComponent(owner)}\n`;

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
  /** The journal, open for appending; opened on the first write after it was removed. */
  #fd: number | undefined;
  #journalLines = 0;

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
    this.#claim(n, owner);
    return true;
  }

  /** The owner's IP, allocating the next free one if it has none. It is persisted when this returns. */
  allocate(owner: string): string {
    const held = this.get(owner);
    if (held) return held;
    for (let i = 0; i < this.size; i++) {
      const n = this.#cursor;
      this.#cursor = n >= this.#last ? this.#first : n + 1;
      if (this.#owners.has(n)) continue;
      this.#claim(n, owner);
      return intToIP(n);
    }
    throw new IpamExhaustedError(this.cidr);
  }

  release(owner: string): void {
    const n = this.#byOwner.get(owner);
    if (n === undefined) return;
    this.#byOwner.delete(owner);
    this.#owners.delete(n);
    if (!this.#dir) return;
    if (this.used === 0) this.#compact();
    else this.#append(`r ${intToIP(n)}\n`);
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

  /** Closes the journal; later calls reopen it. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  /** Persists first: an allocation the journal does not hold must never be handed out. */
  #claim(n: number, owner: string): void {
    if (this.#dir) this.#write(allocationLine(intToIP(n), owner));
    this.#owners.set(n, owner);
    this.#byOwner.set(owner, n);
    if (this.#dir) this.#compactIfLong();
  }

  #append(line: string): void {
    this.#write(line);
    this.#compactIfLong();
  }

  #write(line: string): void {
    this.#fd ??= openSync(join(this.#dir!, JOURNAL_FILE), "a");
    writeSync(this.#fd, line);
    this.#journalLines++;
  }

  /** Called with memory up to date: compaction writes what memory holds. */
  #compactIfLong(): void {
    if (this.#journalLines > 2 * this.used + COMPACT_SLACK) this.#compact();
  }

  /** Rewrites the journal with the live allocations only; removes it when there are none. */
  #compact(): void {
    const dir = this.#dir!;
    const path = join(dir, JOURNAL_FILE);
    this.close();
    this.#journalLines = this.used;
    if (this.used === 0) {
      rmSync(path, { force: true });
      return;
    }
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, [...this.#owners].map(([n, owner]) => allocationLine(intToIP(n), owner)).join(""));
    renameSync(tmp, path);
  }

  #load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    rmSync(join(dir, `${JOURNAL_FILE}.tmp`), { force: true });
    for (const [ip, owner] of readAllocations(dir)) {
      // Outside the range: an address from an earlier pod range, which no pod can hold now.
      if (this.contains(ip)) this.#record(ipToInt(ip), owner);
    }
    const legacy = readdirSync(dir).filter(isIPv4).sort((a, b) => ipToInt(a) - ipToInt(b));
    for (const name of legacy) {
      // An empty file: the process died between creating and writing it, before anyone got the IP.
      const owner = this.contains(name) ? readFileSync(join(dir, name), "utf8") : "";
      if (owner !== "") this.#record(ipToInt(name), owner);
    }
    this.#compact();
    for (const name of legacy) unlinkSync(join(dir, name));
    let highest = -1;
    for (const n of this.#owners.keys()) highest = Math.max(highest, n);
    if (highest >= 0) this.#cursor = highest >= this.#last ? this.#first : highest + 1;
  }

  /** Only the first claim on an address, and an owner's first address, count. */
  #record(n: number, owner: string): void {
    if (this.#owners.has(n) || this.#byOwner.has(owner)) return;
    this.#owners.set(n, owner);
    this.#byOwner.set(owner, n);
  }
}
