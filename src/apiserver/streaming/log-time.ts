// Log timestamps at nanosecond precision, which Date cannot hold. The kubelet prints them in a
// fixed-width RFC 3339 form (nine fraction digits, UTC) so that lines stay aligned.

export interface LogTime {
  /** Nanoseconds since the epoch. */
  ns: bigint;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

export function parseLogTime(text: string): LogTime | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
  if (Number.isNaN(ms)) return undefined;
  return { ns: BigInt(ms) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0")) };
}

export function logTimeOf(date: Date): LogTime {
  return { ns: BigInt(date.getTime()) * 1_000_000n };
}

/** 2024-05-01T10:00:00.120000000Z */
export function formatLogTime(t: LogTime): string {
  const seconds = t.ns / 1_000_000_000n;
  const fraction = t.ns % 1_000_000_000n;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${fraction.toString().padStart(9, "0")}Z`;
}
