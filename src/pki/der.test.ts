import { test } from "node:test";
import assert from "node:assert/strict";
import { der, derChildren } from "./der.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const encodings: [string, Uint8Array, string][] = [
  ["oid ecdsa-with-SHA256", der.oid("1.2.840.10045.4.3.2"), "06082a8648ce3d040302"],
  ["oid commonName", der.oid("2.5.4.3"), "0603550403"],
  ["integer 2", der.smallInteger(2), "020102"],
  ["integer with its high bit set gains a sign byte", der.unsignedInteger(Uint8Array.of(0x80)), "02020080"],
  ["integer drops redundant leading zeros", der.unsignedInteger(Uint8Array.of(0, 0, 5)), "020105"],
  ["integer zero", der.unsignedInteger(Uint8Array.of(0)), "020100"],
  ["boolean true", der.boolean(true), "0101ff"],
  ["empty sequence", der.sequence(), "3000"],
  ["bit string with unused bits", der.bitString(Uint8Array.of(0x80), 7), "03020780"],
  ["UTCTime before 2050", der.time(new Date("2034-05-06T07:08:09Z")), "170d3334303530363037303830395a"],
  ["GeneralizedTime from 2050", der.time(new Date("2050-01-02T03:04:05Z")), "180f32303530303130323033303430355a"],
  ["long-form length", der.octetString(new Uint8Array(200)).subarray(0, 3), "0481c8"],
  ["two-byte length", der.octetString(new Uint8Array(300)).subarray(0, 4), "0482012c"],
  ["[0] EXPLICIT", der.explicit(0, der.smallInteger(2)), "a003020102"],
  ["[2] IMPLICIT", der.implicitPrimitive(2, Buffer.from("a")), "820161"],
];

for (const [name, encoded, expected] of encodings) {
  test(`der encodes ${name}`, () => assert.equal(hex(encoded), expected));
}

test("derChildren() splits a sequence into its elements, long lengths included", () => {
  const big = der.octetString(new Uint8Array(300));
  const children = derChildren(der.sequence(der.smallInteger(1), big, der.sequence()));
  assert.deepEqual(children.map(hex), ["020101", hex(big), "3000"]);
});

test("derChildren() rejects a length that runs past the end", () => {
  assert.throws(() => derChildren(Uint8Array.of(0x30, 0x05, 0x02, 0x01)), /runs past the end/);
});
