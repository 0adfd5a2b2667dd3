// Container restart back-off as the kubelet applies it (client-go flowcontrol.Backoff): the first
// restart is immediate, each later one waits twice as long as the one before (10 s, 20 s, 40 s,
// ... capped at 5 min), measured from when the container last exited. A container that stays
// quiet for twice the cap starts over at 10 s.

export interface RestartBackoffOptions {
  initialMs?: number;
  maxMs?: number;
}

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class RestartBackoff {
  readonly #initial: number;
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();

  constructor(opts: RestartBackoffOptions = {}) {
    this.#initial = opts.initialMs ?? 10_000;
    this.#max = opts.maxMs ?? 300_000;
  }

  #expired(entry: Entry, eventTime: number): boolean {
    return eventTime - entry.lastUpdate > 2 * this.#max;
  }

  /** When a container that exited at `finishedAt` may restart, if that is still in the future. */
  waitUntil(key: string, finishedAt: number, now: number): number | undefined {
    const entry = this.#entries.get(key);
    if (!entry || this.#expired(entry, finishedAt)) return undefined;
    return now - finishedAt < entry.backoffMs ? finishedAt + entry.backoffMs : undefined;
  }

  /** Records a restart of a container that exited at `finishedAt`, lengthening the next wait. */
  next(key: string, finishedAt: number): void {
    const entry = this.#entries.get(key);
    const backoffMs = !entry || this.#expired(entry, finishedAt) ? this.#initial : Math.min(entry.backoffMs * 2, this.#max);
    this.#entries.set(key, { backoffMs, lastUpdate: finishedAt });
  }

  /** The current wait for `key`, 0 when there is none. */
  current(key: string): number {
    return this.#entries.get(key)?.backoffMs ?? 0;
  }

  /** Drops every entry whose key starts with `prefix` (a pod's UID). */
  forget(prefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}

/** Go's time.Duration.String() for whole milliseconds: "10s", "1m20s", "5m0s", "500ms". */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Number((totalSeconds % 60).toFixed(3));
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
