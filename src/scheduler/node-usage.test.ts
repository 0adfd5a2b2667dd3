import { test } from "node:test";
import assert from "node:assert/strict";
import { NodeUsage } from "./node-usage.ts";

const node = (name: string) => ({ metadata: { name } });

test("NodeUsage adds, moves and removes a pod's requests", () => {
  const usage = new NodeUsage();
  usage.set("p1", "a", new Map([["cpu", 500]]));
  usage.set("p2", "a", new Map([["cpu", 250], ["memory", 1000]]));
  assert.deepEqual(usage.info(node("a")).pods, 2);
  assert.deepEqual(Object.fromEntries(usage.info(node("a")).requested), { cpu: 750, memory: 1000 });
  usage.set("p1", "b", new Map([["cpu", 500]]));
  assert.deepEqual(Object.fromEntries(usage.info(node("a")).requested), { cpu: 250, memory: 1000 });
  assert.equal(usage.info(node("b")).pods, 1);
  usage.remove("p2");
  usage.remove("p2");
  assert.deepEqual([usage.info(node("a")).pods, usage.has("p2"), usage.has("p1")], [0, false, true]);
  assert.equal(usage.info(node("c")).pods, 0);
});
