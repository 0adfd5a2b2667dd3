// Durations the way kubectl shows AGE: apimachinery's duration.HumanDuration (about two
// significant figures) and the printers' translateTimestampSince around it.

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** HumanDuration: `45s`, `3m20s`, `95m`, `4h5m`, `30h`, `3d4h`, `400d`, `3y10d`, `9y`. */
export function humanDuration(ms: number): string {
  // Go truncates toward zero; up to 1.999 s in the future still reads "0s" to absorb clock skew.
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / minute);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 3 * 60) return `${minutes}m`;
  const hours = Math.trunc(ms / hour);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** Go's zero time.Time (0001-01-01T00:00:00Z), which metav1.Time treats as unset. */
const zeroTime = -62_135_596_800_000;

/** Milliseconds since the epoch, or undefined for a missing, unparsable or zero timestamp. */
export function parseTimestamp(ts: string | null | undefined): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) || t === zeroTime ? undefined : t;
}

/** translateTimestampSince: the AGE of `ts` at `now`, `<unknown>` when there is no timestamp. */
export function ageCell(ts: string | null | undefined, now: Date): string {
  const t = parseTimestamp(ts);
  return t === undefined ? "<unknown>" : humanDuration(now.getTime() - t);
}
