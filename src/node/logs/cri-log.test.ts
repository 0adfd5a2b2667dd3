import { test } from "node:test";
import assert from "node:assert/strict";
import { formatCriLine, formatLogTime, parseCriLine, parseLogTime } from "./cri-log.ts";

const timeCases: Array<[string, string | undefined]> = [
  ["2024-05-01T12:00:00.123456789+00:00", "2024-05-01T12:00:00.123456789Z"],
  ["2024-05-01T12:00:00.120000000+00:00", "2024-05-01T12:00:00.12Z"],
  ["2024-05-01T12:00:00.000000000+00:00", "2024-05-01T12:00:00Z"],
  ["2024-05-01T14:30:00.5+02:30", "2024-05-01T12:00:00.5Z"],
  ["2024-05-01T09:00:00.000000001-03:00", "2024-05-01T12:00:00.000000001Z"],
  ["2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z"],
  ["2024-05-01 12:00:00Z", undefined],
  ["yesterday", undefined],
];

for (const [input, want] of timeCases) {
  test(`parseLogTime() then formatLogTime() of ${input}`, () => {
    const t = parseLogTime(input);
    assert.equal(t && formatLogTime(t), want);
  });
}

const lineCases: Array<[string, string, { stream: string; partial: boolean; content: string } | undefined]> = [
  ["full line", "2024-05-01T12:00:00.1+00:00 stdout F hello world", { stream: "stdout", partial: false, content: "hello world" }],
  ["partial line", "2024-05-01T12:00:00.1+00:00 stderr P part", { stream: "stderr", partial: true, content: "part" }],
  ["empty line", "2024-05-01T12:00:00.1+00:00 stdout F ", { stream: "stdout", partial: false, content: "" }],
  ["tag and no content", "2024-05-01T12:00:00.1+00:00 stdout F", { stream: "stdout", partial: false, content: "" }],
  ["no tag (old format)", "2024-05-01T12:00:00.1Z stdout hello", { stream: "stdout", partial: false, content: "hello" }],
  ["bad stream", "2024-05-01T12:00:00.1Z stdin F x", undefined],
  ["bad time", "noon stdout F x", undefined],
  ["no fields", "garbage", undefined],
];

for (const [name, line, want] of lineCases) {
  test(`parseCriLine() ${name}`, () => {
    const r = parseCriLine(Buffer.from(line));
    assert.deepEqual(r && { stream: r.stream, partial: r.partial, content: r.content.toString() }, want);
  });
}

test("formatCriLine() writes a line parseCriLine() reads back", () => {
  const record = { time: parseLogTime("2024-05-01T12:00:00.5Z")!, stream: "stderr" as const, partial: true, content: Buffer.from("a b c") };
  const line = formatCriLine(record);
  assert.equal(line.toString(), "2024-05-01T12:00:00.5Z stderr P a b c\n");
  assert.deepEqual(parseCriLine(line.subarray(0, -1)), record);
});
