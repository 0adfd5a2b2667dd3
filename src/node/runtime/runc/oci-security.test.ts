import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import { capabilitiesInMask, containerCapabilities, DEFAULT_CAPABILITIES, seccompFor } from "./oci-security.ts";

const ALL = capabilitiesInMask("000001ffffffffff");

const cases: Array<[string, JsonObject, readonly string[], string[]]> = [
  ["defaults", {}, ALL, DEFAULT_CAPABILITIES],
  ["add one", { capabilities: { add: ["NET_ADMIN"] } }, ALL, [...DEFAULT_CAPABILITIES, "CAP_NET_ADMIN"]],
  ["add with prefix, lower case", { capabilities: { add: ["cap_sys_time"] } }, ALL, [...DEFAULT_CAPABILITIES, "CAP_SYS_TIME"]],
  ["drop one", { capabilities: { drop: ["NET_RAW"] } }, ALL, DEFAULT_CAPABILITIES.filter((c) => c !== "CAP_NET_RAW")],
  ["drop ALL", { capabilities: { drop: ["ALL"] } }, ALL, []],
  ["drop ALL, add one back", { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } }, ALL, ["CAP_NET_BIND_SERVICE"]],
  ["add ALL, drop one", { capabilities: { add: ["ALL"], drop: ["SYS_ADMIN"] } }, ALL, ALL.filter((c) => c !== "CAP_SYS_ADMIN")],
  ["privileged", { privileged: true, capabilities: { drop: ["ALL"] } }, ALL, ALL],
  ["defaults the node lacks are left out", {}, ["CAP_CHOWN", "CAP_KILL"], ["CAP_CHOWN", "CAP_KILL"]],
];

for (const [name, sc, grantable, want] of cases) {
  test(`containerCapabilities() ${name}`, () => {
    const caps = containerCapabilities({ securityContext: sc }, grantable);
    assert.deepEqual(caps.bounding, want);
    assert.deepEqual(caps.effective, want);
    assert.deepEqual(caps.permitted, want);
  });
}

test("capabilitiesInMask() reads /proc/self/status masks", () => {
  assert.deepEqual(capabilitiesInMask("0000000000000021"), ["CAP_CHOWN", "CAP_KILL"]);
  assert.equal(ALL.length, 41);
  assert.ok(!capabilitiesInMask("000001fffeffffff").includes("CAP_SYS_RESOURCE"));
});

test("seccompFor() filters only for RuntimeDefault and fails loudly for Localhost", () => {
  assert.equal(seccompFor({}, undefined), undefined);
  assert.equal(seccompFor({}, { type: "Unconfined" }), undefined);
  assert.equal(seccompFor({}, { type: "RuntimeDefault" })?.syscalls[0].action, "SCMP_ACT_ERRNO");
  assert.equal(seccompFor({ securityContext: { privileged: true } }, { type: "RuntimeDefault" }), undefined);
  assert.throws(() => seccompFor({}, { type: "Localhost", localhostProfile: "p.json" }), /not implemented: securityContext.seccompProfile.type Localhost/);
});
