import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusError } from "../status-error.ts";
import { assertFieldsSupported, escapeFieldValue, parseFieldSelector, type FieldRequirement } from "./field-selector.ts";

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof StatusError, `expected a StatusError, got ${String(e)}`);
    assert.equal(e.code, 400);
    return e.message;
  }
  assert.fail("expected a 400");
}

test("parseFieldSelector() splits terms, operators and escapes", () => {
  const cases: [string, FieldRequirement[], string][] = [
    ["", [], ""],
    ["metadata.name=web", [{ field: "metadata.name", op: "=", value: "web" }], "metadata.name=web"],
    ["metadata.name==web", [{ field: "metadata.name", op: "==", value: "web" }], "metadata.name=web"],
    ["status.phase!=Running", [{ field: "status.phase", op: "!=", value: "Running" }], "status.phase!=Running"],
    [
      "b=2,a=1",
      [
        { field: "a", op: "=", value: "1" },
        { field: "b", op: "=", value: "2" },
      ],
      "a=1,b=2",
    ],
    ["a=1,,", [{ field: "a", op: "=", value: "1" }], "a=1"],
    ["a=", [{ field: "a", op: "=", value: "" }], "a="],
    ["a=x\\,y", [{ field: "a", op: "=", value: "x,y" }], "a=x\\,y"],
    ["a=x\\=y", [{ field: "a", op: "=", value: "x=y" }], "a=x\\=y"],
    ["a=x\\\\", [{ field: "a", op: "=", value: "x\\" }], "a=x\\\\"],
    [
      "involvedObject.name=web,involvedObject.namespace=default",
      [
        { field: "involvedObject.name", op: "=", value: "web" },
        { field: "involvedObject.namespace", op: "=", value: "default" },
      ],
      "involvedObject.name=web,involvedObject.namespace=default",
    ],
  ];
  for (const [input, want, text] of cases) {
    const sel = parseFieldSelector(input);
    assert.deepEqual(sel.requirements, want, input);
    assert.equal(sel.toString(), text, input);
    assert.equal(sel.isEmpty(), want.length === 0, input);
  }
});

test("parseFieldSelector() fails with upstream's messages", () => {
  const cases: [string, string][] = [
    ["abc", "invalid selector: 'abc'; can't understand 'abc'"],
    ["a=1,abc", "invalid selector: 'a=1,abc'; can't understand 'abc'"],
    ["a=b=c", "invalid field selector: unescaped character in value: 61"],
    ["a=b\\x", "invalid field selector: invalid escape sequence: \\x"],
    ["a=b\\", "invalid field selector: invalid escape sequence: \\"],
  ];
  for (const [input, want] of cases) {
    assert.equal(badRequest(() => parseFieldSelector(input)), want, input);
  }
});

test("FieldMatcher.matches() reads missing fields as empty", () => {
  const fields: Record<string, string> = { "metadata.name": "web-0", "status.phase": "Running" };
  const get = (name: string) => fields[name];
  const cases: [string, boolean][] = [
    ["", true],
    ["metadata.name=web-0", true],
    ["metadata.name==web-0", true],
    ["metadata.name=web-1", false],
    ["metadata.name!=web-1", true],
    ["metadata.name!=web-0", false],
    ["spec.nodeName=", true],
    ["spec.nodeName!=", false],
    ["metadata.name=web-0,status.phase!=Failed", true],
    ["metadata.name=web-0,status.phase=Failed", false],
  ];
  for (const [selector, want] of cases) {
    assert.equal(parseFieldSelector(selector).matches(get), want, selector);
  }
});

test("FieldMatcher.requiresExactMatch() finds pinned fields", () => {
  assert.equal(parseFieldSelector("metadata.name=web").requiresExactMatch("metadata.name"), "web");
  assert.equal(parseFieldSelector("metadata.name!=web").requiresExactMatch("metadata.name"), undefined);
  assert.equal(parseFieldSelector("a=1").requiresExactMatch("metadata.name"), undefined);
});

test("assertFieldsSupported() rejects the first unknown field", () => {
  const allowed = ["metadata.name", "metadata.namespace"];
  assert.doesNotThrow(() => assertFieldsSupported(parseFieldSelector("metadata.name=a,metadata.namespace=b"), allowed));
  assert.equal(
    badRequest(() => assertFieldsSupported(parseFieldSelector("spec.foo=1,metadata.name=a,spec.bar=2"), allowed)),
    "field label not supported: spec.bar",
  );
});

test("escapeFieldValue() escapes what the parser unescapes", () => {
  for (const value of ["plain", "a,b", "a=b", "a\\b", "\\,=", ""]) {
    const sel = parseFieldSelector(`f=${escapeFieldValue(value)}`);
    assert.equal(sel.requirements[0]?.value ?? "", value);
  }
});
