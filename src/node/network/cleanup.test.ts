import { test } from "node:test";
import assert from "node:assert/strict";
import { isOurVeth, orphans, type NetworkInventory } from "./cleanup.ts";
import type { PodNetworkConfig } from "./pod-network-config.ts";

const CONFIG: PodNetworkConfig = { bridge: "ordinal0", subnet: "10.244.0.0/24", prefix: "ordinal-" };
const A = "aaaaaaaa-0000-4000-8000-000000000001";
const B = "bbbbbbbb-0000-4000-8000-000000000002";
const C = "cccccccc-0000-4000-8000-000000000003";

test("isOurVeth() claims only veths with our alias or on our bridge", () => {
  const cases: Array<[NetworkInventory["veths"][number], boolean]> = [
    [{ name: "vethaaaaaaaa", alias: `ordinal-${A}`, master: "ordinal0" }, true],
    [{ name: "vethaaaaaaaa", alias: `ordinal-${A}`, master: undefined }, true],
    [{ name: "vethaaaaaaaa", alias: "", master: "ordinal0" }, true],
    [{ name: "veth1234abcd", alias: "", master: "cni0" }, false],
    [{ name: "veth1234abcd", alias: "ordinal-", master: undefined }, false],
    [{ name: "veth1234abcd", alias: "ordtest-x", master: "docker0" }, false],
  ];
  for (const [veth, ours] of cases) assert.equal(isOurVeth(CONFIG, veth), ours, JSON.stringify(veth));
});

test("orphans() keeps live pods' sandboxes and returns the rest", () => {
  const inventory: NetworkInventory = {
    netns: ["ordinal-aaaaaaaa", "ordinal-bbbbbbbb", "ordinal-cccccccc"],
    veths: [
      { name: "vethaaaaaaaa", alias: `ordinal-${A}`, master: "ordinal0" },
      { name: "vethbbbbbbbb", alias: `ordinal-${B}`, master: "ordinal0" },
      { name: "vethcccccccc", alias: "", master: "ordinal0" },
      { name: "vethdddddddd", alias: "", master: "ordinal0" },
    ],
  };
  assert.deepEqual(orphans(inventory, [A, C], CONFIG), { netns: ["ordinal-bbbbbbbb"], veths: ["vethbbbbbbbb", "vethdddddddd"] });
  assert.deepEqual(orphans(inventory, [], CONFIG), { netns: inventory.netns, veths: inventory.veths.map((v) => v.name) });
});
