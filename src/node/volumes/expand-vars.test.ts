import { test } from "node:test";
import assert from "node:assert/strict";
import { expandCommandAndArgs, expandSubPathExpr, expandVars, lookupIn } from "./expand-vars.ts";

const vars = lookupIn(new Map([["VAR_A", "A"], ["VAR_B", "B"], ["VAR_C", "C"], ["EMPTY", ""]]), new Map([["SERVICE", "svc"], ["VAR_A", "shadowed"]]));

const cases: Array<[string, string, string]> = [
  ["whole string", "$(VAR_A)", "A"],
  ["repeated", "$(VAR_A)-$(VAR_A)", "A-A"],
  ["beginning", "$(VAR_B)-1", "B-1"],
  ["middle", "___$(VAR_B)___", "___B___"],
  ["end", "___$(VAR_C)", "___C"],
  ["compound", "$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C"],
  ["second map", "$(SERVICE)", "svc"],
  ["first map wins", "$(VAR_A)", "A"],
  ["empty value", "x$(EMPTY)y", "xy"],
  ["undefined stays", "foo$(VAR_Z)bar", "foo$(VAR_Z)bar"],
  ["empty name stays", "$()", "$()"],
  ["escaped reference", "$$(VAR_A)", "$(VAR_A)"],
  ["escaped dollar then reference", "$$$(VAR_A)", "$A"],
  ["double escape", "$$$$(VAR_A)", "$$(VAR_A)"],
  ["unterminated", "$(VAR_A", "$(VAR_A"],
  ["unterminated after reference", "$(VAR_A)$(VAR_B", "A$(VAR_B"],
  ["lone dollar at end", "foo$", "foo$"],
  ["dollar then letter", "$VAR_A", "$VAR_A"],
  ["dollar dollar at end", "x$$", "x$"],
  ["reference ends at first paren", "$(VAR_A)(x)", "A(x)"],
  ["nested parens", "$((VAR_A))", "$((VAR_A))"],
  ["no references", "plain text", "plain text"],
  ["empty input", "", ""],
];

for (const [name, input, want] of cases) {
  test(`expandVars() ${name}: ${JSON.stringify(input)}`, () => {
    assert.equal(expandVars(input, vars), want);
  });
}

test("expandCommandAndArgs() expands command and args from the final environment", () => {
  const env = [{ name: "GREETING", value: "hi" }, { name: "WHO", value: "there" }];
  const got = expandCommandAndArgs({ command: ["sh", "-c", "echo $(GREETING)"], args: ["$(WHO)", "$(MISSING)", "$$(WHO)"] }, env);
  assert.deepEqual(got, { command: ["sh", "-c", "echo hi"], args: ["there", "$(MISSING)", "$(WHO)"] });
});

test("expandCommandAndArgs() gives empty lists for a container without command or args", () => {
  assert.deepEqual(expandCommandAndArgs({ name: "app" }, []), { command: [], args: [] });
});

test("expandSubPathExpr() expands references to set variables", () => {
  assert.equal(expandSubPathExpr("logs/$(POD_NAME)", [{ name: "POD_NAME", value: "web-0" }]), "logs/web-0");
});

test("expandSubPathExpr() names every unset or empty variable, sorted", () => {
  assert.throws(() => expandSubPathExpr("$(Z)/$(EMPTY)/$(A)", [{ name: "EMPTY", value: "" }]), { message: "missing value for A, EMPTY, Z" });
});
