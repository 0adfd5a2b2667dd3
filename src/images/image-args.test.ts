import { test } from "node:test";
import assert from "node:assert/strict";
import { parseImageArgs, UsageError, type ImageCommand } from "./image-args.ts";

const parsed: [string[], ImageCommand][] = [
  [[], { command: "help" }],
  [["--help"], { command: "help" }],
  [["import", "busybox.tar"], { command: "import", file: "busybox.tar" }],
  [["import", "layout", "--name=local/tool:1"], { command: "import", file: "layout", name: "local/tool:1" }],
  [["ls"], { command: "ls" }],
  [["rm", "busybox", "sha256:abc"], { command: "rm", refs: ["busybox", "sha256:abc"] }],
  [["busybox"], { command: "busybox", name: "busybox:latest" }],
  [["busybox", "tools/bb:1"], { command: "busybox", name: "tools/bb:1" }],
  [["host", "app:1"], { command: "host", options: { name: "app:1" } }],
  [
    ["host", "app:1", "--entrypoint", "/usr/bin/python3", "--env", "A=1", "--env=B=2", "--workdir", "/srv", "--add", "./app", "--", "-m", "http.server", "--bind", "0.0.0.0"],
    { command: "host", options: { name: "app:1", entrypoint: "/usr/bin/python3", env: ["A=1", "B=2"], workdir: "/srv", add: "./app", cmd: ["-m", "http.server", "--bind", "0.0.0.0"] } },
  ],
  [["host", "--add", "d", "app:1", "--"], { command: "host", options: { name: "app:1", add: "d", cmd: [] } }],
];

for (const [argv, want] of parsed) {
  test(`parseImageArgs() reads ${JSON.stringify(argv)}`, () => {
    assert.deepEqual(parseImageArgs(argv), want);
  });
}

const refused: [string[], RegExp][] = [
  [["pull", "busybox"], /unknown image command "pull"/],
  [["import"], /one FILE/],
  [["import", "a", "b"], /one FILE/],
  [["ls", "x"], /no arguments/],
  [["rm"], /at least one REF/],
  [["busybox", "a", "b"], /at most one/],
  [["host"], /one NAME:TAG/],
  [["host", "app", "sh"], /the command goes after --/],
  [["host", "app", "--workdir"], /--workdir needs a value/],
  [["host", "app", "--add", "a", "--add", "b"], /--add given twice/],
  [["host", "app", "--user", "x"], /unknown flag --user/],
];

for (const [argv, message] of refused) {
  test(`parseImageArgs() refuses ${JSON.stringify(argv)}`, () => {
    assert.throws(() => parseImageArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
  });
}
