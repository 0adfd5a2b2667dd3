import assert from "node:assert/strict";
import { test } from "node:test";
import {
  canonicalQuantity,
  compareQuantity,
  formatQuantity,
  goQuantity,
  parseQuantity,
  quantityFormatError,
  quantityMilliValue,
  quantityValue,
  roundUpQuantity,
} from "./quantity.ts";

// Canonical forms as resource.Quantity writes them back.
const canonical: Array<[string | number, string]> = [
  ["1Gi", "1Gi"],
  ["1024Mi", "1Gi"],
  ["1536Mi", "1536Mi"],
  ["1.5Gi", "1536Mi"],
  ["0.5Gi", "512Mi"],
  ["512", "512"],
  ["1Ki", "1Ki"],
  ["1.5Ki", "1536"],
  ["100Ki", "100Ki"],
  ["500m", "500m"],
  ["0.5", "500m"],
  ["0.1", "100m"],
  [".5", "500m"],
  ["1", "1"],
  ["1000", "1k"],
  ["1500", "1500"],
  ["2000", "2k"],
  ["1e3", "1e3"],
  ["1e2", "100"],
  ["1E6", "1e6"],
  ["100M", "100M"],
  ["1000M", "1G"],
  ["1000000k", "1G"],
  ["0", "0"],
  ["0Gi", "0"],
  ["-1", "-1"],
  ["-500m", "-500m"],
  ["+5", "5"],
  ["1n", "1n"],
  ["0.1n", "1n"],
  ["12345678901234567890", "12345678901234567890"],
  ["1E", "1E"],
  [1, "1"],
  [0.25, "250m"],
  ["  2Gi ", "2Gi"],
];

for (const [input, want] of canonical) {
  test(`formatQuantity() writes ${JSON.stringify(input)} as ${want}`, () => {
    assert.equal(formatQuantity(parseQuantity(input)), want);
  });
}

const invalid: Array<[string, string]> = [
  ["", quantityFormatError],
  ["abc", quantityFormatError],
  ["1 Gi", quantityFormatError],
  ["1Gb", quantityFormatError],
  ["1Mm", "unable to parse quantity's suffix"],
  ["1e", "unable to parse quantity's suffix"],
  ["1.2.3", quantityFormatError],
];

for (const [input, message] of invalid) {
  test(`parseQuantity() rejects ${JSON.stringify(input)}`, () => {
    assert.throws(() => parseQuantity(input), { message });
    assert.equal(canonicalQuantity(input), undefined);
  });
}

test("compareQuantity() compares across suffixes", () => {
  assert.equal(compareQuantity(parseQuantity("1Gi"), parseQuantity("1024Mi")), 0);
  assert.equal(compareQuantity(parseQuantity("1G"), parseQuantity("1Gi")), -1);
  assert.equal(compareQuantity(parseQuantity("2"), parseQuantity("1500m")), 1);
});

test("roundUpQuantity() rounds away from zero to milli precision", () => {
  assert.equal(formatQuantity(roundUpQuantity(parseQuantity("0.0001"), -3)), "1m");
  assert.equal(formatQuantity(roundUpQuantity(parseQuantity("-0.0001"), -3)), "-1m");
  assert.equal(formatQuantity(roundUpQuantity(parseQuantity("1.5"), -3)), "1500m");
});

test("quantityValue() and quantityMilliValue() round up", () => {
  assert.equal(quantityValue(parseQuantity("1500m")), 2);
  assert.equal(quantityValue(parseQuantity("1Ki")), 1024);
  assert.equal(quantityMilliValue(parseQuantity("0.5")), 500);
});

test("goQuantity() renders the Go struct with the cached canonical string", () => {
  assert.equal(
    goQuantity("1Gi"),
    'resource.Quantity{i:resource.int64Amount{value:1073741824, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1Gi", Format:"BinarySI"}',
  );
  assert.equal(
    goQuantity("1000"),
    'resource.Quantity{i:resource.int64Amount{value:1000, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}',
  );
});
