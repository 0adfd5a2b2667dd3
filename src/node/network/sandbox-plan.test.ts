import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePodSide, planSandbox, planTeardown, SandboxConflictError, type HostVethState, type PodSideState, type SandboxPlan, type SandboxSpec, type SandboxState } from "./sandbox-plan.ts";

const SPEC: SandboxSpec = {
  netns: "ordinal-5f0c3f1e",
  veth: "veth5f0c3f1e",
  alias: "ordinal-5f0c3f1e-0000-4000-8000-000000000001",
  bridge: "ordinal0",
  address: "10.244.0.5/24",
  gateway: "10.244.0.1",
};

const VETH: HostVethState = { ifindex: 42, alias: SPEC.alias, master: "ordinal0", up: true, hairpin: true };
const POD: PodSideState = { loUp: true, eth0: { peerIfindex: 42, up: true, ipv4: ["10.244.0.5/24"] }, defaultGateway: "10.244.0.1" };
const COMPLETE: SandboxState = { netns: "mounted", hostVeth: VETH, pod: POD };

const CREATE_PAIR = "link add veth5f0c3f1e type veth peer name eth0 netns ordinal-5f0c3f1e";
const HOST_PORT = ["link set veth5f0c3f1e alias ordinal-5f0c3f1e-0000-4000-8000-000000000001", "link set veth5f0c3f1e master ordinal0 up", "link set veth5f0c3f1e type bridge_slave hairpin on"];
const POD_CONFIG = ["link set lo up", "addr add 10.244.0.5/24 dev eth0", "link set eth0 up", "route replace default via 10.244.0.1 dev eth0"];

const cases: Array<{ name: string; state: SandboxState; plan: Partial<SandboxPlan> }> = [
  {
    name: "nothing there: namespace, pair and port in one run, then the pod side",
    state: { netns: "absent", hostVeth: undefined, pod: undefined },
    plan: { first: [{ where: "host", lines: ["netns add ordinal-5f0c3f1e", CREATE_PAIR, ...HOST_PORT] }], pod: POD_CONFIG },
  },
  { name: "complete: nothing to do", state: COMPLETE, plan: {} },
  {
    name: "stale namespace file from a crash: deleted and made again",
    state: { netns: "stale", hostVeth: undefined, pod: undefined },
    plan: { first: [{ where: "host", lines: ["netns del ordinal-5f0c3f1e", "netns add ordinal-5f0c3f1e", CREATE_PAIR, ...HOST_PORT] }], pod: POD_CONFIG },
  },
  {
    name: "namespace made, no pair yet",
    state: { netns: "mounted", hostVeth: undefined, pod: { loUp: false, eth0: undefined, defaultGateway: undefined } },
    plan: { first: [{ where: "host", lines: [CREATE_PAIR, ...HOST_PORT] }], pod: POD_CONFIG },
  },
  {
    name: "host veth left over without its namespace: replaced",
    state: { netns: "absent", hostVeth: VETH, pod: undefined },
    plan: { first: [{ where: "host", lines: ["link del veth5f0c3f1e", "netns add ordinal-5f0c3f1e", CREATE_PAIR, ...HOST_PORT] }], pod: POD_CONFIG },
  },
  {
    name: "eth0 paired with some other veth: both ends replaced, lo kept",
    state: { netns: "mounted", hostVeth: VETH, pod: { ...POD, eth0: { ...POD.eth0!, peerIfindex: 7 } } },
    plan: {
      first: [
        { where: "pod", lines: ["link del eth0"] },
        { where: "host", lines: ["link del veth5f0c3f1e", CREATE_PAIR, ...HOST_PORT] },
      ],
      pod: POD_CONFIG.slice(1),
    },
  },
  {
    name: "pair made, alias and port not yet",
    state: { ...COMPLETE, hostVeth: { ...VETH, alias: "", master: undefined, up: false, hairpin: false } },
    plan: { host: HOST_PORT },
  },
  {
    name: "pod side unconfigured",
    state: { ...COMPLETE, pod: { loUp: false, eth0: { peerIfindex: 42, up: false, ipv4: [] }, defaultGateway: undefined } },
    plan: { pod: POD_CONFIG },
  },
  {
    name: "a different address: flushed and replaced",
    state: { ...COMPLETE, pod: { ...POD, eth0: { ...POD.eth0!, ipv4: ["10.244.0.9/24"] } } },
    plan: { pod: ["addr flush dev eth0 scope global", "addr add 10.244.0.5/24 dev eth0"] },
  },
  {
    name: "default route missing",
    state: { ...COMPLETE, pod: { ...POD, defaultGateway: undefined } },
    plan: { pod: ["route replace default via 10.244.0.1 dev eth0"] },
  },
];

for (const c of cases) {
  test(`planSandbox(): ${c.name}`, () => {
    assert.deepEqual(planSandbox(c.state, SPEC), { first: [], host: [], pod: [], ...c.plan });
  });
}

test("planSandbox() refuses a veth another pod owns", () => {
  assert.throws(() => planSandbox({ ...COMPLETE, hostVeth: { ...VETH, alias: "ordinal-other" } }, SPEC), SandboxConflictError);
});

test("planTeardown() deletes the veth before the namespace and leaves other pods' veths alone", () => {
  assert.deepEqual(planTeardown({ netns: "mounted", hostVeth: VETH }, SPEC), ["link del veth5f0c3f1e", "netns del ordinal-5f0c3f1e"]);
  assert.deepEqual(planTeardown({ netns: "stale", hostVeth: undefined }, SPEC), ["netns del ordinal-5f0c3f1e"]);
  assert.deepEqual(planTeardown({ netns: "absent", hostVeth: { ...VETH, alias: "" } }, SPEC), ["link del veth5f0c3f1e"]);
  assert.deepEqual(planTeardown({ netns: "absent", hostVeth: { ...VETH, alias: "ordinal-other" } }, SPEC), []);
  assert.deepEqual(planTeardown({ netns: "absent", hostVeth: undefined }, SPEC), []);
});

test("parsePodSide() reads `ip -j -batch` output of addr show and route show default", () => {
  const addrs = JSON.stringify([
    { ifindex: 1, ifname: "lo", flags: ["LOOPBACK", "UP", "LOWER_UP"], addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8 }] },
    {
      ifindex: 2,
      link_index: 42,
      ifname: "eth0",
      flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
      addr_info: [
        { family: "inet", local: "10.244.0.5", prefixlen: 24 },
        { family: "inet6", local: "fe80::1", prefixlen: 64 },
      ],
    },
  ]);
  assert.deepEqual(parsePodSide(`${addrs}\n[{"dst":"default","gateway":"10.244.0.1","dev":"eth0","flags":[]}]\n`), POD);
  assert.deepEqual(parsePodSide(`[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK"],"addr_info":[]}]\n[]\n`), { loUp: false, eth0: undefined, defaultGateway: undefined });
});
