import { test } from "node:test";
import assert from "node:assert/strict";
import { conmonArgs } from "./conmon.ts";

const base = {
  runc: "/usr/sbin/runc",
  runcRoot: "/h/runc",
  id: "abc",
  bundle: "/h/pods/u/bundles/abc",
  logPath: "/h/pods/u/logs/app/0.log",
  exitDir: "/h/exits",
  socketDir: "/h/sockets",
};

test("conmonArgs() names the container, its bundle, log, exit dir and attach socket dir", () => {
  assert.deepEqual(conmonArgs({ ...base, terminal: false, stdin: false, stdinOnce: false }), [
    "--api-version",
    "--cid", "abc",
    "--cuuid", "abc",
    "--name", "abc",
    "--runtime", "/usr/sbin/runc",
    "--runtime-arg", "--root=/h/runc",
    "--bundle", "/h/pods/u/bundles/abc",
    "--persist-dir", "/h/pods/u/bundles/abc",
    "--exit-dir", "/h/exits",
    "--socket-dir-path", "/h/sockets",
    "--container-pidfile", "/h/pods/u/bundles/abc/pid",
    "--conmon-pidfile", "/h/pods/u/bundles/abc/conmon.pid",
    "--log-path", "k8s-file:/h/pods/u/logs/app/0.log",
  ]);
});

test("conmonArgs() gives stdin and a terminal as CRI-O does", () => {
  const cases: Array<[string, { terminal: boolean; stdin: boolean; stdinOnce: boolean }, string[]]> = [
    ["no stdin, no terminal", { terminal: false, stdin: false, stdinOnce: false }, []],
    ["stdinOnce ignored without stdin", { terminal: false, stdin: false, stdinOnce: true }, []],
    ["stdin kept open across sessions", { terminal: false, stdin: true, stdinOnce: false }, ["--stdin", "--leave-stdin-open"]],
    ["stdin closed after the first session", { terminal: false, stdin: true, stdinOnce: true }, ["--stdin"]],
    ["a terminal", { terminal: true, stdin: false, stdinOnce: false }, ["--terminal"]],
    ["a terminal with stdinOnce", { terminal: true, stdin: true, stdinOnce: true }, ["--terminal"]],
  ];
  const common = conmonArgs({ ...base, terminal: false, stdin: false, stdinOnce: false }).length;
  for (const [name, stdio, want] of cases) assert.deepEqual(conmonArgs({ ...base, ...stdio }).slice(common), want, name);
});
