import { test } from "node:test";
import assert from "node:assert/strict";
import { ageCell, humanDuration, parseTimestamp } from "./human-duration.ts";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

test("humanDuration() matches HumanDuration at every boundary", () => {
  const cases: [number, string][] = [
    [-2 * s - 1, "<invalid>"],
    [-2 * s, "<invalid>"],
    [-2 * s + 1, "0s"],
    [-1 * s, "0s"],
    [-1, "0s"],
    [0, "0s"],
    [999, "0s"],
    [1 * s, "1s"],
    [59 * s, "59s"],
    [2 * m - 1, "119s"],
    [2 * m, "2m"],
    [2 * m + 1 * s, "2m1s"],
    [10 * m - 1, "9m59s"],
    [10 * m, "10m"],
    [10 * m + 30 * s, "10m"],
    [3 * h - 1, "179m"],
    [3 * h, "3h"],
    [3 * h + 1 * m, "3h1m"],
    [8 * h - 1, "7h59m"],
    [8 * h, "8h"],
    [48 * h - 1, "47h"],
    [48 * h, "2d"],
    [49 * h, "2d1h"],
    [8 * d - 1, "7d23h"],
    [8 * d, "8d"],
    [2 * y - 1, "729d"],
    [2 * y, "2y"],
    [2 * y + 1 * d, "2y1d"],
    [8 * y - 1, "7y364d"],
    [8 * y, "8y"],
    [10 * y + 100 * d, "10y"],
  ];
  for (const [ms, want] of cases) {
    assert.equal(humanDuration(ms), want, `${ms} ms`);
  }
});

test("ageCell() follows translateTimestampSince", () => {
  const now = new Date("2024-06-01T12:00:00Z");
  const cases: [string | undefined | null, string][] = [
    [undefined, "<unknown>"],
    [null, "<unknown>"],
    ["", "<unknown>"],
    ["not a time", "<unknown>"],
    ["0001-01-01T00:00:00Z", "<unknown>"],
    ["2024-06-01T11:58:30Z", "90s"],
    ["2024-06-01T11:59:00.123456Z", "59s"],
    ["2024-06-01T12:00:00Z", "0s"],
    ["2024-06-01T12:00:01Z", "0s"],
    ["2024-06-01T12:00:02Z", "<invalid>"],
    ["2022-06-01T12:00:00Z", "2y1d"],
  ];
  for (const [ts, want] of cases) {
    assert.equal(ageCell(ts, now), want, String(ts));
  }
});

test("parseTimestamp() treats Go's zero time as unset", () => {
  assert.equal(parseTimestamp("0001-01-01T00:00:00Z"), undefined);
  assert.equal(parseTimestamp("1970-01-01T00:00:01Z"), 1000);
});
