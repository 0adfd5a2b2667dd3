import { test } from "node:test";
import assert from "node:assert/strict";
import { podMemoryLimit, tmpfsSizeBytes } from "./memory-size.ts";

const Mi = 1024 * 1024;
const c = (memory?: string, extra = {}) => ({ name: "c", ...extra, resources: memory ? { limits: { memory } } : {} });
const pod = (containers: object[], initContainers: object[] = []) => ({ metadata: {}, spec: { containers, initContainers } });

const limitCases: Array<[string, ReturnType<typeof pod>, number]> = [
  ["no limits", pod([c()]), 0],
  ["one container without a limit", pod([c("64Mi"), c()]), 0],
  ["sum of containers", pod([c("64Mi"), c("32Mi")]), 96 * Mi],
  ["sidecars add up", pod([c("64Mi")], [c("16Mi", { restartPolicy: "Always" })]), 80 * Mi],
  ["a larger init container wins", pod([c("64Mi")], [c("256Mi")]), 256 * Mi],
];

for (const [name, p, want] of limitCases) {
  test(`podMemoryLimit() ${name}`, () => assert.equal(podMemoryLimit(p), want));
}

const sizeCases: Array<[string, ReturnType<typeof pod>, unknown, string | undefined, number]> = [
  ["node allocatable alone", pod([c()]), undefined, "8Gi", 8192 * Mi],
  ["pod limit below allocatable", pod([c("128Mi")]), undefined, "8Gi", 128 * Mi],
  ["sizeLimit below the pod limit", pod([c("128Mi")]), "64Mi", "8Gi", 64 * Mi],
  ["sizeLimit above the pod limit is ignored", pod([c("128Mi")]), "1Gi", "8Gi", 128 * Mi],
  ["nothing known", pod([c()]), undefined, undefined, 0],
  ["only a sizeLimit", pod([c()]), "1Mi", undefined, Mi],
];

for (const [name, p, sizeLimit, allocatable, want] of sizeCases) {
  test(`tmpfsSizeBytes() ${name}`, () => assert.equal(tmpfsSizeBytes(p, sizeLimit, allocatable), want));
}
