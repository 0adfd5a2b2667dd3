// The CRI container log format, one record per line:
//
//   <timestamp> <stream> <tag> <content>
//   2024-05-01T12:00:00.123456789+00:00 stdout F hello
//
// The timestamp is RFC 3339 with nanoseconds (conmon writes nine digits and a numeric offset,
// containerd trims zeros and may write "Z"); the stream is stdout or stderr; the tag is F for a
// full line or P for a fragment of a longer one (a line over the shim's buffer, or output that
// ended without a newline). The content runs to the newline, which is not part of it.

export type LogStream = "stdout" | "stderr";

export interface LogTime {
  /** Whole seconds since the epoch. */
  seconds: number;
  /** 0..999_999_999 */
  nanos: number;
}

export interface CriLogRecord {
  time: LogTime;
  stream: LogStream;
  /** True for a P (partial) record: the line continues in the next record of the same stream. */
  partial: boolean;
  content: Buffer;
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

export function parseLogTime(text: string): LogTime | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = "", zone] = m;
  let seconds = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) / 1000;
  if (Number.isNaN(seconds)) return undefined;
  if (zone !== "Z") {
    const offset = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60;
    seconds -= zone[0] === "+" ? offset : -offset;
  }
  return { seconds, nanos: Number(frac.padEnd(9, "0")) };
}

/** RFC 3339 in UTC with trailing zeros of the fraction dropped: Go's time.RFC3339Nano. */
export function formatLogTime(t: LogTime): string {
  const base = new Date(t.seconds * 1000).toISOString().slice(0, 19);
  const frac = t.nanos === 0 ? "" : `.${String(t.nanos).padStart(9, "0").replace(/0+$/, "")}`;
  return `${base}${frac}Z`;
}

const SPACE = 0x20;

/** One line without its newline; undefined when it is not a CRI record. */
export function parseCriLine(line: Buffer): CriLogRecord | undefined {
  const a = line.indexOf(SPACE);
  if (a < 0) return undefined;
  const b = line.indexOf(SPACE, a + 1);
  if (b < 0) return undefined;
  const time = parseLogTime(line.toString("latin1", 0, a));
  const stream = line.toString("latin1", a + 1, b);
  if (!time || (stream !== "stdout" && stream !== "stderr")) return undefined;
  // The tag is optional in the oldest CRI format; its absence means a full line.
  const c = line.indexOf(SPACE, b + 1);
  const tag = c < 0 ? line.toString("latin1", b + 1) : line.toString("latin1", b + 1, c);
  if (tag === "F" || tag === "P") {
    return { time, stream, partial: tag === "P", content: c < 0 ? Buffer.alloc(0) : line.subarray(c + 1) };
  }
  return { time, stream, partial: false, content: line.subarray(b + 1) };
}

/** The record as a file line, newline included. */
export function formatCriLine(record: CriLogRecord): Buffer {
  const head = `${formatLogTime(record.time)} ${record.stream} ${record.partial ? "P" : "F"} `;
  return Buffer.concat([Buffer.from(head), record.content, Buffer.from("\n")]);
}
