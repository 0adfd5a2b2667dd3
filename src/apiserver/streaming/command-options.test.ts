import { test } from "node:test";
import assert from "node:assert/strict";
import { commandOptions, queryFlag } from "./command-options.ts";

test("queryFlag() treats any value but 0 and false as on, as the API server's decoder does", () => {
  const cases: [string, boolean][] = [["x=true", true], ["x=1", true], ["x=", true], ["x=TRUE", true], ["x=false", false], ["x=False", false], ["x=0", false], ["", false]];
  for (const [query, want] of cases) assert.equal(queryFlag(new URLSearchParams(query), "x"), want, query);
});

test("commandOptions() reads kubectl's and client-node's exec queries", () => {
  const kubectl = commandOptions(new URLSearchParams("command=ls&command=%2F&container=nginx&stderr=true&stdout=true"), "exec");
  assert.deepEqual(kubectl, { container: "nginx", command: ["ls", "/"], stdin: false, stdout: true, stderr: true, tty: false });
  const clientNode = commandOptions(new URLSearchParams("stdout=true&stderr=true&stdin=false&tty=false&command=cat&container=c"), "exec");
  assert.deepEqual(clientNode, { container: "c", command: ["cat"], stdin: false, stdout: true, stderr: true, tty: false });
});

test("commandOptions() drops stderr under a tty and ignores command for attach", () => {
  assert.deepEqual(commandOptions(new URLSearchParams("stdin=true&stdout=true&stderr=true&tty=true&command=sh"), "attach"), {
    container: null,
    command: [],
    stdin: true,
    stdout: true,
    stderr: false,
    tty: true,
  });
});

test("commandOptions() refuses a request with no stream", () => {
  assert.throws(() => commandOptions(new URLSearchParams("command=ls&tty=true&stderr=true"), "exec"), (e: Error & { code?: number }) => e.message === "you must specify at least 1 of stdin, stdout, stderr" && e.code === 400);
});
