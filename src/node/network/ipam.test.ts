import { test } from "node:test";
import assert from "node:assert/strict";
import { IpamExhaustedError, PodIPAM } from "./ipam.ts";

test("PodIPAM skips the network, gateway and broadcast addresses", () => {
  const ipam = new PodIPAM("10.244.0.0/24");
  assert.equal(ipam.gateway, "10.244.0.1");
  assert.equal(ipam.size, 253);
  assert.equal(ipam.allocate("a"), "10.244.0.2");
  assert.equal(ipam.allocate("b"), "10.244.0.3");
  assert.equal(ipam.contains("10.244.0.255"), false);
  assert.equal(ipam.contains("10.244.0.1"), false);
  assert.equal(ipam.contains("10.244.0.254"), true);
});

test("PodIPAM.allocate() is idempotent per owner", () => {
  const ipam = new PodIPAM("10.244.0.0/24");
  assert.equal(ipam.allocate("a"), ipam.allocate("a"));
  assert.equal(ipam.used, 1);
});

test("PodIPAM.allocate() moves on round-robin instead of reusing a released IP at once", () => {
  const ipam = new PodIPAM("10.244.0.0/24");
  const first = ipam.allocate("a");
  ipam.release("a");
  assert.notEqual(ipam.allocate("b"), first);
});

test("PodIPAM.reserve() keeps IPs that existing pods hold", () => {
  const ipam = new PodIPAM("10.244.0.0/24");
  assert.equal(ipam.reserve("a", "10.244.0.2"), true);
  assert.equal(ipam.reserve("a", "10.244.0.2"), true);
  assert.equal(ipam.reserve("b", "10.244.0.2"), false, "taken by a");
  assert.equal(ipam.reserve("c", "10.245.0.9"), false, "outside the range");
  assert.equal(ipam.reserve("a", "10.244.0.3"), false, "a already holds one");
  assert.equal(ipam.allocate("b"), "10.244.0.3");
  assert.equal(ipam.get("a"), "10.244.0.2");
});

test("PodIPAM.allocate() fails with IpamExhaustedError when the range is full", () => {
  const ipam = new PodIPAM("10.244.0.0/30");
  assert.equal(ipam.allocate("a"), "10.244.0.2");
  assert.throws(() => ipam.allocate("b"), IpamExhaustedError);
  ipam.release("a");
  assert.equal(ipam.allocate("b"), "10.244.0.2");
});

test("PodIPAM normalises the CIDR and rejects bad ones", () => {
  assert.equal(new PodIPAM("10.244.3.7/24").cidr, "10.244.3.0/24");
  assert.equal(new PodIPAM("10.244.0.0/16").size, 65533);
  assert.throws(() => new PodIPAM("10.244.0.0"), /prefix length/);
  assert.throws(() => new PodIPAM("10.244.0/24"), /not an IPv4 address/);
});
