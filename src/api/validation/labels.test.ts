import assert from "node:assert/strict";
import { test } from "node:test";
import { FieldPath } from "../field-error.ts";
import { messages } from "./_kubectl-message.ts";
import { compileLabelSelector, goLabelSelector, selectorMatches, validateAnnotations, validateLabels, validateLabelSelector } from "./labels.ts";

const p = new FieldPath("metadata").child("labels");

test("validateLabels() reports bad keys and values against the map's path", () => {
  assert.deepEqual(messages(validateLabels({ "a b": "ok", good: "bad value" }, p)), [
    'metadata.labels: Invalid value: "a b": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    'metadata.labels: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
  ]);
});

test("validateAnnotations() ignores key case and caps the total size", () => {
  const ap = new FieldPath("metadata").child("annotations");
  assert.deepEqual(validateAnnotations({ "Example.COM/Key": "v" }, ap), []);
  assert.deepEqual(messages(validateAnnotations({ big: "x".repeat(256 * 1024) }, ap)), [
    "metadata.annotations: Too long: may not be more than 262144 bytes",
  ]);
});

test("validateLabelSelector() checks operators and values", () => {
  const sp = new FieldPath("spec").child("selector");
  assert.deepEqual(
    messages(
      validateLabelSelector(
        {
          matchExpressions: [
            { key: "a", operator: "In" },
            { key: "b", operator: "Exists", values: ["x"] },
            { key: "c", operator: "Gt", values: ["1"] },
          ],
        },
        sp,
      ),
    ),
    [
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Gt": not a valid selector operator',
    ],
  );
});

const matchCases: Array<[string, unknown, Record<string, string>, boolean]> = [
  ["matchLabels equal", { matchLabels: { app: "web" } }, { app: "web", x: "y" }, true],
  ["matchLabels differ", { matchLabels: { app: "web" } }, { app: "db" }, false],
  ["In", { matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] }, { tier: "b" }, true],
  ["NotIn on a missing key", { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["a"] }] }, {}, true],
  ["Exists", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, { tier: "" }, true],
  ["DoesNotExist", { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, { tier: "" }, false],
  ["empty selector matches everything", {}, { a: "b" }, true],
  ["absent selector matches nothing", undefined, { a: "b" }, false],
];

for (const [name, sel, labels, want] of matchCases) {
  test(`selectorMatches() ${name}`, () => assert.equal(selectorMatches(compileLabelSelector(sel), labels), want));
}

test("compileLabelSelector() rejects terms that are not valid requirements", () => {
  assert.equal(compileLabelSelector({ matchLabels: { app: "a b" } }).kind, "invalid");
  assert.equal(compileLabelSelector({ matchExpressions: [{ key: "k", operator: "In" }] }).kind, "invalid");
});

test("goLabelSelector() renders the dereferenced metav1.LabelSelector", () => {
  assert.equal(goLabelSelector({}).go, "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}");
  assert.equal(
    goLabelSelector({ matchLabels: { app: "x" }, matchExpressions: [{ key: "k", operator: "In", values: ["v"] }] }).go,
    'v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"k", Operator:"In", Values:[]string{"v"}}}}',
  );
});
