import { test } from "node:test";
import assert from "node:assert/strict";
import type { LogRecord } from "./backend.ts";
import { logOptions, type LogOptions } from "./log-options.ts";
import { formatLogTime, parseLogTime } from "./log-time.ts";
import { writeLog } from "./logs.ts";
import { MemoryLogBackend } from "./memory-log-backend.ts";

const target = { namespace: "default", name: "web-0", uid: "u", container: "c" };

const records: LogRecord[] = [
  { time: "2024-05-01T10:00:00Z", stream: "stdout", line: "one" },
  { time: "2024-05-01T10:00:01.5Z", stream: "stderr", line: "two" },
  { time: "2024-05-01T10:00:02.123456789Z", stream: "stdout", line: "thr", partial: true },
  { time: "2024-05-01T10:00:02.2Z", stream: "stdout", line: "ee" },
];

async function body(opts: Partial<LogOptions>, now = new Date("2024-05-01T10:00:03Z")): Promise<string> {
  const logs = new MemoryLogBackend();
  logs.append("c", records);
  logs.stop("c");
  const chunks: Buffer[] = [];
  const full: LogOptions = { container: null, follow: false, previous: false, timestamps: false, ...opts };
  await writeLog(await logs.openLog(target, { previous: false }), full, now, new AbortController().signal, async (c) => void chunks.push(c));
  return Buffer.concat(chunks).toString();
}

test("writeLog() applies tailLines, since, timestamps and limitBytes as the kubelet does", async () => {
  const cases: { name: string; opts: Partial<LogOptions>; want: string }[] = [
    { name: "everything", opts: {}, want: "one\ntwo\nthree\n" },
    { name: "tail counts records", opts: { tailLines: 2 }, want: "three\n" },
    { name: "tail larger than the log", opts: { tailLines: 10 }, want: "one\ntwo\nthree\n" },
    { name: "tail zero", opts: { tailLines: 0 }, want: "" },
    { name: "sinceSeconds from now", opts: { sinceSeconds: 2 }, want: "two\nthree\n" },
    { name: "sinceTime is inclusive", opts: { sinceTime: parseLogTime("2024-05-01T10:00:02.123456789Z") }, want: "three\n" },
    { name: "limitBytes cuts mid-line", opts: { limitBytes: 6 }, want: "one\ntw" },
    {
      name: "fixed-width timestamps",
      opts: { timestamps: true, tailLines: 2 },
      want: "2024-05-01T10:00:02.123456789Z thr2024-05-01T10:00:02.200000000Z ee\n",
    },
    { name: "limit includes timestamps", opts: { timestamps: true, limitBytes: 12 }, want: "2024-05-01T1" },
  ];
  for (const c of cases) assert.equal(await body(c.opts), c.want, c.name);
});

test("writeLog() with follow streams new records until the container stops", async () => {
  const logs = new MemoryLogBackend();
  logs.append("c", records.slice(0, 1));
  const chunks: string[] = [];
  const opts: LogOptions = { container: null, follow: true, previous: false, timestamps: false, tailLines: 1 };
  const done = writeLog(await logs.openLog(target, { previous: false }), opts, new Date(), new AbortController().signal, async (c) => {
    chunks.push(c.toString());
    if (chunks.length === 1) {
      logs.append("c", records.slice(1, 2));
      logs.stop("c");
    }
  });
  await done;
  assert.deepEqual(chunks, ["one\n", "two\n"]);
});

test("writeLog() with follow ends when the client goes away", async () => {
  const logs = new MemoryLogBackend();
  const abort = new AbortController();
  const opts: LogOptions = { container: null, follow: true, previous: false, timestamps: false };
  const done = writeLog(await logs.openLog(target, { previous: false }), opts, new Date(), abort.signal, async () => {});
  abort.abort();
  await done;
});

test("formatLogTime() prints nine fraction digits in UTC", () => {
  const cases: [string, string][] = [
    ["2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000000000Z"],
    ["2024-05-01T10:00:00.5Z", "2024-05-01T10:00:00.500000000Z"],
    ["2024-05-01T12:00:00.123456789+02:00", "2024-05-01T10:00:00.123456789Z"],
  ];
  for (const [input, want] of cases) assert.equal(formatLogTime(parseLogTime(input)!), want);
  assert.equal(parseLogTime("yesterday"), undefined);
});

test("logOptions() decodes the query and refuses what PodLogOptions validation refuses", () => {
  assert.deepEqual(logOptions(new URLSearchParams("container=nginx&follow=true&tailLines=10&timestamps=true&pretty=false"), "web-0"), {
    container: "nginx",
    follow: true,
    previous: false,
    timestamps: true,
    tailLines: 10,
    sinceSeconds: undefined,
    limitBytes: undefined,
  });
  const cases: [string, number, string][] = [
    ["tailLines=-1", 422, 'PodLogOptions "web-0" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ["limitBytes=0", 422, 'PodLogOptions "web-0" is invalid: limitBytes: Invalid value: 0: must be greater than 0'],
    ["sinceSeconds=0", 422, 'PodLogOptions "web-0" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0'],
    ["sinceSeconds=5&sinceTime=2024-05-01T10:00:00Z", 422, 'PodLogOptions "web-0" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified'],
    ["tailLines=ten", 400, 'strconv.ParseInt: parsing "ten": invalid syntax'],
  ];
  for (const [query, code, message] of cases) {
    assert.throws(() => logOptions(new URLSearchParams(query), "web-0"), (e: Error & { code?: number }) => e.code === code && e.message === message, query);
  }
});
