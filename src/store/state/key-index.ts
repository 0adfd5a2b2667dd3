// Sorted keys for prefix lists, split into one sorted array per resource ("bucket"): a key
// "/registry/<group>/<resource>/..." lives in the bucket named by its first four segments, so a create
// or delete only shifts that resource's keys, and a list of one resource or one namespace is two binary
// searches and a slice. Keys with fewer segments share one extra bucket.
//
// Bucket names each end at their fourth "/", so none is a prefix of another: listing a shorter prefix
// ("/registry/apps/") walks the matching buckets in name order and merges in the extra bucket.

export interface KeyRange {
  keys: string[];
  /** Matching keys after the last one returned. */
  remaining: number;
}

const BUCKET_SLASHES = 4;

/** Length of `s` up to and including its fourth "/", or -1 when it has fewer. */
function bucketLength(s: string): number {
  let at = -1;
  for (let n = 0; n < BUCKET_SLASHES; n++) {
    at = s.indexOf("/", at + 1);
    if (at < 0) return -1;
  }
  return at + 1;
}

/** First index whose key is >= x. */
function lowerBound(keys: readonly string[], x: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > x. */
function upperBound(keys: readonly string[], x: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [start, end) of the keys that start with `prefix` and sort after `startAfter`. */
function span(keys: readonly string[], prefix: string, startAfter: string | undefined): [number, number] {
  let start = lowerBound(keys, prefix);
  if (startAfter !== undefined) start = Math.max(start, upperBound(keys, startAfter));
  // Keys with the prefix are contiguous from lowerBound(prefix); find where they stop.
  let lo = start;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid].startsWith(prefix)) lo = mid + 1;
    else hi = mid;
  }
  return [start, lo];
}

export class KeyIndex {
  readonly #buckets = new Map<string, string[]>();
  /** Sorted names of the non-empty regular buckets. */
  readonly #names: string[] = [];
  /** Keys with fewer than four "/". */
  readonly #short: string[] = [];

  add(key: string): void {
    const keys = this.#bucket(key, true);
    const i = lowerBound(keys, key);
    if (keys[i] !== key) keys.splice(i, 0, key);
  }

  delete(key: string): void {
    const keys = this.#bucket(key, false);
    if (!keys) return;
    const i = lowerBound(keys, key);
    if (keys[i] !== key) return;
    keys.splice(i, 1);
    if (keys.length === 0 && keys !== this.#short) {
      const name = key.slice(0, bucketLength(key));
      this.#buckets.delete(name);
      this.#names.splice(lowerBound(this.#names, name), 1);
    }
  }

  count(prefix: string): number {
    return this.range(prefix, undefined, 0).remaining;
  }

  /** Keys starting with `prefix`, ascending, after `startAfter`, at most `limit` of them. */
  range(prefix: string, startAfter?: string, limit = Infinity): KeyRange {
    const len = bucketLength(prefix);
    if (len >= 0) {
      const keys = this.#buckets.get(prefix.slice(0, len)) ?? [];
      const [start, end] = span(keys, prefix, startAfter);
      const stop = Math.min(end, start + limit);
      return { keys: keys.slice(start, stop), remaining: end - stop };
    }
    return this.#rangeAcrossBuckets(prefix, startAfter, limit);
  }

  #rangeAcrossBuckets(prefix: string, startAfter: string | undefined, limit: number): KeyRange {
    // Every key of a bucket whose name starts with the prefix matches it.
    const spans: Array<[string[], number]> = [];
    let total = 0;
    for (let n = lowerBound(this.#names, prefix); n < this.#names.length; n++) {
      const name = this.#names[n];
      if (!name.startsWith(prefix)) break;
      const keys = this.#buckets.get(name)!;
      const start = startAfter === undefined ? 0 : upperBound(keys, startAfter);
      if (start < keys.length) spans.push([keys, start]);
      total += keys.length - start;
    }
    const [shortAt, shortEnd] = span(this.#short, prefix, startAfter);
    total += shortEnd - shortAt;

    const out: string[] = [];
    let s = 0;
    let short = shortAt;
    while (out.length < limit) {
      const regular = s < spans.length ? spans[s][0][spans[s][1]] : undefined;
      const other = short < shortEnd ? this.#short[short] : undefined;
      if (regular === undefined && other === undefined) break;
      if (other === undefined || (regular !== undefined && regular < other)) {
        out.push(regular!);
        if (++spans[s][1] === spans[s][0].length) s++;
      } else {
        out.push(other);
        short++;
      }
    }
    return { keys: out, remaining: total - out.length };
  }

  #bucket(key: string, create: true): string[];
  #bucket(key: string, create: false): string[] | undefined;
  #bucket(key: string, create: boolean): string[] | undefined {
    const len = bucketLength(key);
    if (len < 0) return this.#short;
    const name = key.slice(0, len);
    let keys = this.#buckets.get(name);
    if (!keys && create) {
      keys = [];
      this.#buckets.set(name, keys);
      this.#names.splice(lowerBound(this.#names, name), 0, name);
    }
    return keys;
  }
}
