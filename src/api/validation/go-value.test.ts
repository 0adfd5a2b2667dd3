import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldErrorString } from "../field-error.ts";
import { invalid, notSupported, tooMany } from "./field-errors.ts";
import { goQuote, goStringMap, goStringSlice, goStruct, goValue, rendered } from "./go-value.ts";

const quotes: Array<[string, string]> = [
  ["app", '"app"'],
  ['say "hi"', '"say \\"hi\\""'],
  ["tab\there", '"tab\\there"'],
  ["\x01", '"\\x01"'],
  ["\x7f", '"\\x7f"'],
  ["héllo", '"héllo"'],
];

for (const [input, want] of quotes) {
  test(`goQuote() prints ${JSON.stringify(input)} as Go's %q does`, () => assert.equal(goQuote(input), want));
}

test("goStringMap() sorts keys and prints nil maps", () => {
  assert.equal(goStringMap({ tier: "web", app: "x" }), 'map[string]string{"app":"x", "tier":"web"}');
  assert.equal(goStringMap({}), "map[string]string{}");
  assert.equal(goStringMap(undefined), "map[string]string(nil)");
});

test("goStringSlice() prints elements and nil slices", () => {
  assert.equal(goStringSlice(["a", "b"]), '[]string{"a", "b"}');
  assert.equal(goStringSlice(undefined), "[]string(nil)");
});

test("goValue() prints nil as a quoted \"null\" and numbers bare", () => {
  assert.equal(goValue(null), '"null"');
  assert.equal(goValue(-1), "-1");
  assert.equal(goValue(rendered("x{}")), "x{}");
});

test("goStruct() joins fields in order", () => {
  assert.equal(goStruct("v1.T", [["A", '"a"'], ["B", "0"]]), 'v1.T{A:"a", B:0}');
});

test("invalid() with a Go-rendered value prints it unquoted", () => {
  const e = invalid("spec.template.metadata.labels", rendered(goStringMap({ app: "x" })), "`selector` does not match template `labels`");
  assert.equal(
    fieldErrorString(e),
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
  );
});

test("invalid() with a plain string keeps the value on the error", () => {
  const e = invalid("metadata.name", "Web", "bad");
  assert.equal(e.value, "Web");
  assert.equal(fieldErrorString(e), 'metadata.name: Invalid value: "Web": bad');
});

test("invalid() with a string holding control characters prints Go's escapes", () => {
  assert.equal(fieldErrorString(invalid("x", "a\x01", "bad")), 'x: Invalid value: "a\\x01": bad');
});

test("notSupported() lists the supported values quoted", () => {
  assert.equal(
    fieldErrorString(notSupported("spec.template.spec.restartPolicy", "Never", ["Always"])),
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  );
});

test("tooMany() prints the count like upstream", () => {
  assert.equal(fieldErrorString(tooMany("endpoints", 1001, 1000)), "endpoints: Too many: 1001: must have at most 1000 items");
});
