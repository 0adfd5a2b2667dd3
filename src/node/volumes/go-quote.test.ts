import { test } from "node:test";
import assert from "node:assert/strict";
import { goQuote } from "./go-quote.ts";

const cases: Array<[string, string, string]> = [
  ["empty", "", '""'],
  ["plain", "nginx", '"nginx"'],
  ["space", "a b", '"a b"'],
  ["quote and backslash", 'say "hi" \\o/', '"say \\"hi\\" \\\\o/"'],
  ["short escapes", "\x07\b\f\n\r\t\v", '"\\a\\b\\f\\n\\r\\t\\v"'],
  ["other control bytes", "\x00\x1b\x7f", '"\\x00\\x1b\\x7f"'],
  ["printable non-ASCII", "héllo wörld ✓ 😀", '"héllo wörld ✓ 😀"'],
  ["no-break space", "a\u00a0b", '"a\\u00a0b"'],
  ["zero-width space", "\u200b", '"\\u200b"'],
  ["private use", "\ue000", '"\\ue000"'],
  ["astral non-printable", "\u{10ffff}", '"\\U0010ffff"'],
  ["lone surrogate", "\ud800", '"\ufffd"'],
  ["json value", '{"a":1}', '"{\\"a\\":1}"'],
];

for (const [name, input, want] of cases) {
  test(`goQuote() ${name}`, () => {
    assert.equal(goQuote(input), want);
  });
}
