import assert from "node:assert/strict";
import { test } from "node:test";
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from "./name.ts";

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const qualifiedNameMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const cases: Array<[string, (v: string) => string[], string, string[]]> = [
  ["subdomain ok", isDNS1123Subdomain, "web.example.com", []],
  ["subdomain upper case", isDNS1123Subdomain, "Web", [subdomainMsg]],
  ["subdomain too long", isDNS1123Subdomain, "a".repeat(254), ["must be no more than 253 characters"]],
  ["label ok", isDNS1123Label, "web-0", []],
  ["label with dots", isDNS1123Label, "a.b", ["must not contain dots"]],
  ["label underscore", isDNS1123Label, "a_b", [labelMsg]],
  ["label too long", isDNS1123Label, "a".repeat(64), ["must be no more than 63 characters"]],
  [
    "1035 label starting with a digit",
    isDNS1035Label,
    "1web",
    [
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  ],
  ["qualified name with prefix", isQualifiedName, "example.com/My_Name", []],
  ["qualified name bad name", isQualifiedName, "-x", [qualifiedNameMsg]],
  ["qualified name empty prefix", isQualifiedName, "/x", ["prefix part must be non-empty"]],
  ["qualified name bad prefix", isQualifiedName, "Ex/x", [`prefix part ${subdomainMsg}`]],
  ["qualified name long name", isQualifiedName, "a".repeat(64), ["name part must be no more than 63 characters"]],
  [
    "qualified name with two slashes",
    isQualifiedName,
    "a/b/c",
    [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  ],
  ["label value empty", isValidLabelValue, "", []],
  ["label value bad", isValidLabelValue, "a b", [labelValueMsg]],
  ["config key ok", isConfigMapKey, "app.properties", []],
  ["config key dotdot", isConfigMapKey, "..x", ["must not start with '..'"]],
  [
    "config key slash",
    isConfigMapKey,
    "a/b",
    ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
  ],
  ["env var strict digit start", isEnvVarName, "1A", [
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
  ]],
  ["env var relaxed allows digits first", isRelaxedEnvVarName, "1A B", []],
  ["env var relaxed rejects =", isRelaxedEnvVarName, "A=B", ["a valid environment variable name must consist only of printable ASCII characters other than '='"]],
  ["port name ok", isValidPortName, "http", []],
  ["port name digits only", isValidPortName, "80", ["must contain at least one letter (a-z)"]],
  ["port name long and dashed", isValidPortName, "-abcdefghijklmnop", ["must be no more than 15 characters", "must not begin or end with a hyphen"]],
  ["percent", isValidPercent, "5", ["a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]],
];

for (const [name, fn, value, want] of cases) {
  test(`${fn.name}() ${name}`, () => assert.deepEqual(fn(value), want));
}

test("isValidPortNum() accepts 1..65535 only", () => {
  assert.deepEqual(isValidPortNum(80), []);
  assert.deepEqual(isValidPortNum(0), ["must be between 1 and 65535, inclusive"]);
  assert.deepEqual(isValidPortNum(65536), ["must be between 1 and 65535, inclusive"]);
});

test("nameIsDNSSubdomain() allows a trailing dash for generateName", () => {
  assert.deepEqual(nameIsDNSSubdomain("web-", true), []);
  assert.deepEqual(nameIsDNSSubdomain("web-", false), [subdomainMsg]);
});

test("lengths are measured in bytes, as Go does", () => {
  assert.deepEqual(isValidLabelValue("é".repeat(32)).includes("must be no more than 63 characters"), true);
});
