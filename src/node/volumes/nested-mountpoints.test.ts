import { test } from "node:test";
import assert from "node:assert/strict";
import { nestedMountpoints } from "./nested-mountpoints.ts";

const pod = (...containers: Array<Array<[string, string]>>) => ({
  metadata: {},
  spec: { containers: containers.map((mounts, i) => ({ name: `c${i}`, volumeMounts: mounts.map(([name, mountPath]) => ({ name, mountPath })) })) },
});

const cases: Array<[string, ReturnType<typeof pod>, string[]]> = [
  ["nothing nested", pod([["cfg", "/etc/app"], ["data", "/data"]]), []],
  ["one nested mount", pod([["cfg", "/etc/app"], ["data", "/etc/app/data"]]), ["data"]],
  ["only the outermost of a chain", pod([["cfg", "/etc/app"], ["a", "/etc/app/x"], ["b", "/etc/app/x/y"]]), ["x"]],
  ["siblings with a common prefix", pod([["cfg", "/etc/app"], ["a", "/etc/app/nested"], ["b", "/etc/app/nested-vol"], ["c", "/etc/app/nested/double"]]), ["nested", "nested-vol"]],
  ["a lookalike prefix is not nested", pod([["cfg", "/etc/app"], ["a", "/etc/application"]]), []],
  ["paths are cleaned", pod([["cfg", "/etc/app/"], ["a", "/etc//app/./deep/"]]), ["deep"]],
  ["every container counts", pod([["cfg", "/etc/app"]], [["cfg", "/cfg"], ["a", "/cfg/sub"]]), ["sub"]],
];

for (const [name, p, want] of cases) {
  test(`nestedMountpoints() ${name}`, () => {
    assert.deepEqual(nestedMountpoints(p, "cfg"), want);
  });
}
