import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorString } from "../field-error.ts";
import { StatusError } from "../status-error.ts";
import {
  formatLabels,
  formatLabelSelector,
  LabelMatcher,
  labelSelectorAsString,
  parseLabelSelector,
  selectorFromLabelSelector,
  selectorFromSet,
  type LabelSelector,
} from "./label-selector.ts";

const nameRule =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRule =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end " +
  "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof StatusError, `expected a StatusError, got ${String(e)}`);
    assert.equal(e.code, 400);
    assert.equal(e.reason, "BadRequest");
    return e.message;
  }
  assert.fail("expected a 400");
}

test("parseLabelSelector() prints every form canonically", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["app=web", "app=web"],
    ["app==web", "app==web"],
    ["app!=web", "app!=web"],
    ["tier in (web,db)", "tier in (db,web)"],
    ["tier notin (db)", "tier notin (db)"],
    ["app", "app"],
    ["!app", "!app"],
    ["  app = web ,\ttier ", "app=web,tier"],
    ["zone=b,app=a", "app=a,zone=b"],
    ["rank>3,rank<9", "rank>3,rank<9"],
    ["app=", "app="],
    ["tier in ()", "tier in ()"],
    ["tier in (a,)", "tier in (,a)"],
    ["tier in (,a)", "tier in (,a)"],
    ["tier in (a,,b)", "tier in (,a,b)"],
    ["tier in (b,a,b)", "tier in (a,b)"],
    ["in in (in,notin)", "in in (in,notin)"],
    ["example.com/app=web", "example.com/app=web"],
  ];
  for (const [input, want] of cases) {
    assert.equal(parseLabelSelector(input).toString(), want, input);
  }
});

test("parseLabelSelector() matches labels like labels.Selector", () => {
  const labels = { app: "web", tier: "front", rank: "5" };
  const cases: [string, Record<string, string> | undefined, boolean][] = [
    ["", labels, true],
    ["", undefined, true],
    ["app=web", labels, true],
    ["app==web", labels, true],
    ["app=db", labels, false],
    ["app!=db", labels, true],
    ["missing!=x", labels, true],
    ["app!=web", labels, false],
    ["tier in (front,back)", labels, true],
    ["tier in (back)", labels, false],
    ["missing in (x)", labels, false],
    ["tier notin (back)", labels, true],
    ["missing notin (x)", labels, true],
    ["tier notin (front)", labels, false],
    ["app", labels, true],
    ["missing", labels, false],
    ["!missing", labels, true],
    ["!app", labels, false],
    ["app", undefined, false],
    ["!app", undefined, true],
    ["rank>4", labels, true],
    ["rank>5", labels, false],
    ["rank<6", labels, true],
    ["app>1", labels, false],
    ["missing<1", labels, false],
    ["app=web,tier=front", labels, true],
    ["app=web,tier=back", labels, false],
    ["app=", { app: "" }, true],
    ["app=", {}, false],
    ["constructor", {}, false],
  ];
  for (const [selector, set, want] of cases) {
    assert.equal(parseLabelSelector(selector).matches(set), want, `${selector} on ${JSON.stringify(set)}`);
  }
});

test("parseLabelSelector() fails with upstream's messages", () => {
  const cases: [string, string][] = [
    ["x in", "unable to parse requirement: found '' expected: '('"],
    ["x in a", "unable to parse requirement: found 'a' expected: '('"],
    ["x y", "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"],
    ["x=a,", "found '', expected: identifier after ','"],
    ["x=a,=b", "found '=', expected: identifier after ','"],
    ["x=a b", "found 'b', expected: ',' or 'end of string'"],
    [",x", "found ',', expected: !, identifier, or 'end of string'"],
    ["!x=a", "found '=', expected: ',' or 'end of string'"],
    ["!", "unable to parse requirement: found '', expected: identifier"],
    ["x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ["x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ["x in (a,=)", "unable to parse requirement: found '=', expected: ',', or identifier"],
    ["x in (a", "unable to parse requirement: found '', expected: ',' or ')'"],
    ["x=(", "unable to parse requirement: found '(', expected: identifier"],
    ["-x=a", `unable to parse requirement: <nil>: Invalid value: "-x": name part ${nameRule}`],
    ["a/b/c", `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${nameRule} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ["x=a$b", `unable to parse requirement: values[0][x]: Invalid value: "a$b": ${valueRule}`],
    ["x>a", `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
  ];
  for (const [input, want] of cases) {
    assert.equal(badRequest(() => parseLabelSelector(input)), want, input);
  }
});

test("parseLabelSelector() reports prefix and length problems of keys", () => {
  const long = "a".repeat(64);
  assert.equal(
    badRequest(() => parseLabelSelector(`${long}=x`)),
    `unable to parse requirement: <nil>: Invalid value: "${long}": name part must be no more than 63 characters`,
  );
  assert.equal(
    badRequest(() => parseLabelSelector("/app=x")),
    'unable to parse requirement: <nil>: Invalid value: "/app": prefix part must be non-empty',
  );
  assert.match(
    badRequest(() => parseLabelSelector("Example.com/app=x")),
    /^unable to parse requirement: <nil>: Invalid value: "Example.com\/app": prefix part a lowercase RFC 1123 subdomain/,
  );
});

test("LabelMatcher.requiresExactMatch() finds pinned values", () => {
  const cases: [string, string, string | undefined][] = [
    ["app=web", "app", "web"],
    ["app==web", "app", "web"],
    ["app in (web)", "app", "web"],
    ["app in (web,db)", "app", undefined],
    ["app!=web", "app", undefined],
    ["tier=x", "app", undefined],
  ];
  for (const [selector, key, want] of cases) {
    assert.equal(parseLabelSelector(selector).requiresExactMatch(key), want, selector);
  }
});

test("selectorFromSet() and formatLabels() sort pairs", () => {
  assert.equal(selectorFromSet({ b: "2", a: "1" }).toString(), "a=1,b=2");
  assert.equal(selectorFromSet(undefined).isEmpty(), true);
  assert.equal(selectorFromSet({ app: "web" }).matches({ app: "web", x: "y" }), true);
  assert.equal(formatLabels({ b: "2", a: "1" }), "a=1,b=2");
  assert.equal(formatLabels({}), "<none>");
  assert.equal(formatLabels(undefined), "<none>");
});

test("selectorFromLabelSelector() follows LabelSelectorAsSelector", () => {
  const cases: [string, LabelSelector | undefined, string, Record<string, string>, boolean][] = [
    ["missing selector matches nothing", undefined, "", {}, false],
    ["empty selector matches everything", {}, "", {}, true],
    ["matchLabels", { matchLabels: { app: "nginx" } }, "app=nginx", { app: "nginx" }, true],
    [
      "mixed, sorted by key",
      {
        matchLabels: { tier: "db", app: "pg" },
        matchExpressions: [
          { key: "env", operator: "In", values: ["prod", "dev"] },
          { key: "legacy", operator: "DoesNotExist" },
        ],
      },
      "app=pg,env in (dev,prod),!legacy,tier=db",
      { app: "pg", tier: "db", env: "dev" },
      true,
    ],
    ["NotIn", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, "env notin (prod)", {}, true],
    ["Exists", { matchExpressions: [{ key: "env", operator: "Exists" }] }, "env", {}, false],
  ];
  for (const [name, ls, text, labels, matches] of cases) {
    const m = selectorFromLabelSelector(ls);
    assert.equal(m.toString(), text, name);
    assert.equal(labelSelectorAsString(ls), text, name);
    assert.equal(m.matches(labels), matches, name);
  }
  assert.equal(selectorFromLabelSelector(undefined), LabelMatcher.nothing);
  assert.equal(selectorFromLabelSelector(undefined).isEmpty(), false);
});

test("selectorFromLabelSelector() rejects invalid selectors with upstream's messages", () => {
  const cases: [LabelSelector, string][] = [
    [{ matchExpressions: [{ key: "a", operator: "Foo" }] }, '"Foo" is not a valid label selector operator'],
    [
      { matchExpressions: [{ key: "a", operator: "In", values: [] }] },
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: "a", operator: "Exists", values: ["x", "y"] }] },
      'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist',
    ],
    [{ matchLabels: { "-a": "x" } }, `key: Invalid value: "-a": name part ${nameRule}`],
    [
      { matchLabels: { "-a": "x$" } },
      `[key: Invalid value: "-a": name part ${nameRule}, values[0][-a]: Invalid value: "x$": ${valueRule}]`,
    ],
  ];
  for (const [ls, want] of cases) {
    assert.equal(badRequest(() => selectorFromLabelSelector(ls)), want);
  }
});

test("formatLabelSelector() prints <none> and <error> like metav1.FormatLabelSelector", () => {
  assert.equal(formatLabelSelector({ matchLabels: { app: "web" } }), "app=web");
  assert.equal(formatLabelSelector({}), "<none>");
  assert.equal(formatLabelSelector(undefined), "<none>");
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "Foo" }] }), "<error>");
});

