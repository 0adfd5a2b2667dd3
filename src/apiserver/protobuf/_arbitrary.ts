// fast-check arbitraries generated from the message descriptors, for round-trip and fuzz tests.
// They produce objects in the normal form decoding yields: plain fields are never zero (decoding
// drops those), while pointers, list items and map values may be.
import fc from "fast-check";
import { rfc3339 } from "../../api/meta.ts";
import type { FieldDescriptor, MessageDescriptor } from "../../api/go-types/message-schema.ts";
import { messageNamed } from "../../api/go-types/messages.ts";

type JsonObject = Record<string, unknown>;

const MIN_TIME_SECONDS = -62167219200;
const MAX_TIME_SECONDS = 253402300799;
const ZERO_TIME_SECONDS = -62135596800;

export function arbitraryKubeObject(apiVersion: string, kind: string, maxDepth = 3): fc.Arbitrary<JsonObject> {
  return arbitraryMessage(messageNamed(kind), 0, maxDepth).map((body) => ({ apiVersion, kind, ...body }));
}

function arbitraryMessage(message: MessageDescriptor, depth: number, maxDepth: number): fc.Arbitrary<JsonObject> {
  if (depth >= maxDepth) return fc.constant({});
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const inlined: fc.Arbitrary<JsonObject>[] = [];
  for (const f of message.fields) {
    if (f.shape === "inline") inlined.push(arbitraryMessage(messageNamed(f.type), depth, maxDepth));
    else model[f.jsonName] = arbitraryField(f, depth, maxDepth);
  }
  const own = fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<JsonObject>;
  return fc.tuple(own, ...inlined).map((parts) => Object.assign({}, ...parts));
}

function arbitraryField(f: FieldDescriptor, depth: number, maxDepth: number): fc.Arbitrary<unknown> {
  switch (f.shape) {
    case "repeated":
      return fc.array(arbitraryValue(f.type, true, depth, maxDepth), { minLength: 1, maxLength: 2 });
    case "map":
      return fc.dictionary(fc.string({ maxLength: 8 }), arbitraryValue(f.type, true, depth, maxDepth), {
        minKeys: 1,
        maxKeys: 2,
        noNullPrototype: true,
      });
    default:
      return arbitraryValue(f.type, f.shape === "pointer", depth, maxDepth);
  }
}

function arbitraryValue(type: string, zeroAllowed: boolean, depth: number, maxDepth: number): fc.Arbitrary<unknown> {
  const nonZero = <T>(arb: fc.Arbitrary<T>, zero: T) => (zeroAllowed ? arb : arb.filter((v) => v !== zero));
  switch (type) {
    case "string":
      return nonZero(fc.string({ unit: "grapheme", maxLength: 12 }), "");
    case "bytes":
      return nonZero(fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString("base64")), "");
    case "bool":
      return nonZero(fc.boolean(), false);
    case "int32":
      return nonZero(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), 0);
    case "int64":
      return nonZero(fc.maxSafeInteger(), 0);
    case "Time":
      return fc
        .integer({ min: MIN_TIME_SECONDS, max: MAX_TIME_SECONDS })
        .filter((s) => s !== ZERO_TIME_SECONDS)
        .map((s) => rfc3339(new Date(s * 1000)));
    case "Quantity":
      return fc.constantFrom("0", "1", "250m", "1.5", "2Gi", "512Mi", "1e3");
    case "IntOrString":
      return fc.oneof(arbitraryValue("int32", zeroAllowed, depth, maxDepth), arbitraryValue("string", zeroAllowed, depth, maxDepth));
    case "RawExtension":
    case "FieldsV1":
      // Through JSON once, so -0 is already 0 as it will be after the trip.
      return fc
        .jsonValue({ maxDepth: 2 })
        .filter((v) => v !== null)
        .map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    default:
      return arbitraryMessage(messageNamed(type), depth + 1, maxDepth);
  }
}
