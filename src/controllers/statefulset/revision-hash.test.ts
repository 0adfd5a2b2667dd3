import { test } from "node:test";
import assert from "node:assert/strict";
import { controllerRevisionName, fnv1Hash32, hashControllerRevision, safeEncodeString } from "./revision-hash.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

test("fnv1Hash32() matches the FNV-1 (not 1a) reference vectors", () => {
  const cases: [string, number][] = [
    ["", 0x811c9dc5],
    ["a", 0x050c5d7e],
    ["foobar", 0x31f0b262],
  ];
  for (const [input, want] of cases) assert.equal(fnv1Hash32(bytes(input)), want, JSON.stringify(input));
});

test("fnv1Hash32() continued from a prefix equals hashing the concatenation", () => {
  assert.equal(fnv1Hash32(bytes("bar"), fnv1Hash32(bytes("foo"))), fnv1Hash32(bytes("foobar")));
});

test("safeEncodeString() maps digits to the SafeEncodeString alphabet", () => {
  const table: [string, string][] = [
    ["0", "4"], ["1", "5"], ["2", "6"], ["3", "7"], ["4", "8"], ["5", "9"], ["6", "b"], ["7", "c"], ["8", "d"], ["9", "f"],
  ];
  for (const [digit, code] of table) assert.equal(safeEncodeString(digit), code, digit);
});

test("hashControllerRevision() folds the collision count into the hash (R41)", () => {
  const data = '{"spec":{"template":{"$patch":"replace"}}}';
  const plain = safeEncodeString(String(fnv1Hash32(bytes(data))));
  assert.equal(hashControllerRevision(data), plain);
  assert.equal(hashControllerRevision(data, 0), safeEncodeString(String(fnv1Hash32(bytes(data + "0")))));
  assert.notEqual(hashControllerRevision(data, 0), hashControllerRevision(data, 1));
  assert.match(hashControllerRevision(data, 0), /^[4-9bcdf]{1,10}$/);
});

test("controllerRevisionName() truncates long prefixes to 223 characters", () => {
  assert.equal(controllerRevisionName("web", "7d5c"), "web-7d5c");
  assert.equal(controllerRevisionName("x".repeat(300), "h"), `${"x".repeat(223)}-h`);
});
