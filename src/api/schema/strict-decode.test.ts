import assert from "node:assert/strict";
import { test } from "node:test";
import { s } from "./schema.ts";
import type { Definitions } from "./schema.ts";
import { cannotHandleMessage, decodeStrict, unknownFieldWarning, unknownFieldsMessage } from "./strict-decode.ts";

const A = "io.k8s.api.apps.v1.";
const C = "io.k8s.api.core.v1.";
const M = "io.k8s.apimachinery.pkg.apis.meta.v1.";
const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

// A trimmed copy of the real types.
const defs: Definitions = {
  [INT_OR_STRING]: s.intOrString(),
  [QUANTITY]: { type: "string", format: "quantity" },
  "io.k8s.apimachinery.pkg.runtime.RawExtension": s.any(),
  [`${M}ObjectMeta`]: s.obj({
    name: s.str(),
    generation: s.int64(),
    creationTimestamp: s.time(),
    labels: s.stringMap(),
    finalizers: s.arr(s.str()),
  }),
  [`${A}StatefulSet`]: s.obj({
    apiVersion: s.str(),
    kind: s.str(),
    metadata: s.ref(`${M}ObjectMeta`),
    spec: s.ref(`${A}StatefulSetSpec`, "The desired state."),
  }),
  [`${A}StatefulSetSpec`]: s.obj({
    replicas: s.int(),
    template: s.ref(`${C}PodTemplateSpec`),
    updateStrategy: s.ref(`${A}StatefulSetUpdateStrategy`),
    byName: s.map(s.ref(`${C}ContainerPort`)),
  }),
  [`${A}StatefulSetUpdateStrategy`]: s.obj({ type: s.str(), rollingUpdate: s.ref(`${A}RollingUpdateStatefulSetStrategy`) }),
  [`${A}RollingUpdateStatefulSetStrategy`]: s.obj({ partition: s.int(), maxUnavailable: s.ref(INT_OR_STRING) }),
  [`${A}ControllerRevision`]: s.obj({ data: s.ref("io.k8s.apimachinery.pkg.runtime.RawExtension"), revision: s.int64() }),
  [`${C}PodTemplateSpec`]: s.obj({ metadata: s.ref(`${M}ObjectMeta`), spec: s.ref(`${C}PodSpec`) }),
  [`${C}PodSpec`]: s.obj({
    containers: s.arr(s.ref(`${C}Container`)),
    hostNetwork: s.bool(),
    nodeSelector: s.stringMap(),
    priorityWeight: s.num(),
  }),
  [`${C}Container`]: s.obj({
    name: s.str(),
    image: s.str(),
    args: s.arr(s.str()),
    ports: s.arr(s.ref(`${C}ContainerPort`)),
    resources: s.obj({ limits: s.map(s.quantity()) }),
  }),
  [`${C}ContainerPort`]: s.obj({ containerPort: s.int(), name: s.str(), port: s.intOrString() }),
  [`${C}Secret`]: s.obj({ apiVersion: s.str(), kind: s.str(), metadata: s.ref(`${M}ObjectMeta`), data: s.map(s.bytes()) }),
};

const sts = <T>(spec: T, metadata: unknown = { name: "web" }) => ({ apiVersion: "apps/v1", kind: "StatefulSet", metadata, spec });
const withContainers = (...containers: unknown[]) => sts({ template: { spec: { containers } } });

const unknownCases: { name: string; obj: unknown; definition?: string; unknown: string[] }[] = [
  { name: "a well-formed object has none", obj: withContainers({ name: "nginx", image: "nginx" }), unknown: [] },
  { name: "a top-level field is reported without a leading dot", obj: { ...sts({}), foo: 1 }, unknown: ["foo"] },
  { name: "a nested field is reported by its path", obj: sts({ foo: { bar: 1 } }), unknown: ["spec.foo"] },
  {
    name: "list elements carry their index",
    obj: withContainers({ name: "a" }, { name: "b", bogus: true }),
    unknown: ["spec.template.spec.containers[1].bogus"],
  },
  { name: "map values carry their key", obj: sts({ byName: { http: { containerPort: 80, zz: 1 } } }), unknown: ["spec.byName.http.zz"] },
  { name: "field names are case-sensitive", obj: sts({ Replicas: 3 }), unknown: ["spec.Replicas"] },
  { name: "a null unknown field is still unknown", obj: sts({ foo: null }), unknown: ["spec.foo"] },
  {
    name: "several are reported in document order",
    obj: { ...sts({ z: 1, template: { metadata: { a: 1 } } }), status: {} },
    unknown: ["spec.z", "spec.template.metadata.a", "status"],
  },
  {
    name: "anything goes under x-kubernetes-preserve-unknown-fields",
    definition: `${A}ControllerRevision`,
    obj: { data: { spec: { template: { anything: [1, { at: "all" }] } } }, revision: 2 },
    unknown: [],
  },
  { name: "nothing is looked at below a mistyped field", obj: sts("oops", { name: "web", extra: 1 }), unknown: ["metadata.extra"] },
  {
    name: "at most 100 are kept",
    obj: sts(Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`f${i}`, i]))),
    unknown: Array.from({ length: 100 }, (_, i) => `spec.f${i}`),
  },
];

for (const c of unknownCases) {
  test(`decodeStrict() unknown fields: ${c.name}`, () => {
    const r = decodeStrict(c.obj, c.definition ?? `${A}StatefulSet`, defs);
    assert.deepEqual(r.unknownFields, c.unknown);
  });
}

test("decodeStrict() prunes unknown fields and nulls from a copy", () => {
  const obj = sts({ replicas: 2, foo: 1, template: { metadata: null, spec: { containers: [{ name: "a", bogus: 1, args: ["x", null] }] } } });
  const before = structuredClone(obj);
  const r = decodeStrict(obj, `${A}StatefulSet`, defs);
  assert.deepEqual(r.value, sts({ replicas: 2, template: { spec: { containers: [{ name: "a", args: ["x", ""] }] } } }));
  assert.deepEqual(obj, before, "input must not be mutated");
  (r.value.spec as { replicas: number }).replicas = 9;
  assert.equal(obj.spec.replicas, 2);
});

const nullCases: { name: string; obj: unknown; want: unknown }[] = [
  { name: "a null struct field is dropped", obj: sts({ replicas: null, template: null }), want: sts({}) },
  {
    name: "null list elements become zero values",
    obj: withContainers({ name: "a", args: [null] }, null),
    want: withContainers({ name: "a", args: [""] }, {}),
  },
  { name: "null map values become zero values", obj: sts({}, { labels: { a: null } }), want: sts({}, { labels: { a: "" } }) },
  { name: "a null body decodes to an empty object", obj: null, want: {} },
  {
    name: "preserved subtrees keep their nulls",
    obj: { data: { a: null }, revision: 1 },
    want: { data: { a: null }, revision: 1 },
  },
];

for (const c of nullCases) {
  test(`decodeStrict() nulls: ${c.name}`, () => {
    const definition = isRevision(c.obj) ? `${A}ControllerRevision` : `${A}StatefulSet`;
    const r = decodeStrict(c.obj, definition, defs);
    assert.deepEqual(r.typeErrors, []);
    assert.deepEqual(r.value, c.want);
  });
}

function isRevision(obj: unknown): boolean {
  return typeof obj === "object" && obj !== null && "revision" in obj;
}

const typeCases: { name: string; obj: unknown; definition?: string; errors: string[] }[] = [
  {
    name: "a string for an int32",
    obj: sts({ replicas: "3" }),
    errors: ["json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"],
  },
  {
    name: "a fraction for an int32",
    obj: sts({ replicas: 1.5 }),
    errors: ["json: cannot unmarshal number 1.5 into Go struct field StatefulSetSpec.spec.replicas of type int32"],
  },
  {
    name: "an int32 overflow",
    obj: sts({ replicas: 2147483648 }),
    errors: ["json: cannot unmarshal number 2147483648 into Go struct field StatefulSetSpec.spec.replicas of type int32"],
  },
  { name: "the int32 minimum", obj: sts({ replicas: -2147483648 }), errors: [] },
  { name: "an int64 beyond 2^53", obj: sts({}, { generation: 9007199254740992 }), errors: [] },
  {
    name: "an int64 overflow",
    obj: sts({}, { generation: 2 ** 63 }),
    errors: ["json: cannot unmarshal number 9223372036854776000 into Go struct field ObjectMeta.metadata.generation of type int64"],
  },
  {
    name: "a boolean for a string",
    obj: sts({}, { name: true }),
    errors: ["json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string"],
  },
  {
    name: "a number as a map value",
    obj: sts({}, { labels: { a: 1 } }),
    errors: ["json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"],
  },
  {
    name: "a list for a map",
    obj: sts({}, { labels: [] }),
    errors: ["json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string"],
  },
  {
    name: "an object for a list",
    obj: sts({ template: { spec: { containers: {} } } }),
    errors: ["json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container"],
  },
  {
    name: "a string as a list element of structs",
    obj: withContainers("nginx"),
    errors: ["json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type v1.Container"],
  },
  {
    name: "a field inside a list element, named without indices",
    obj: withContainers({ name: "a" }, { name: "b", image: 7 }),
    errors: ["json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string"],
  },
  {
    name: "a list for a struct",
    obj: sts([]),
    errors: ["json: cannot unmarshal array into Go struct field StatefulSet.spec of type v1.StatefulSetSpec"],
  },
  {
    name: "a number for a top-level string",
    obj: { ...sts({}), apiVersion: 1 },
    errors: ["json: cannot unmarshal number into Go struct field StatefulSet.apiVersion of type string"],
  },
  { name: "a body that is a list", obj: [], errors: ["json: cannot unmarshal array into Go value of type v1.StatefulSet"] },
  {
    name: "a string for a bool",
    obj: sts({ template: { spec: { hostNetwork: "true" } } }),
    errors: ["json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.hostNetwork of type bool"],
  },
  {
    name: "a string for a float",
    obj: sts({ template: { spec: { priorityWeight: "1" } } }),
    errors: ["json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.priorityWeight of type float64"],
  },
  {
    name: "every mismatch, the first one first",
    obj: sts({ replicas: "3", template: { spec: { hostNetwork: 1 } } }, { name: 1 }),
    errors: [
      "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string",
      "json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32",
      "json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.hostNetwork of type bool",
    ],
  },
  {
    name: "an IntOrString error ends decoding and wins over earlier mismatches",
    obj: sts({ replicas: "3", updateStrategy: { rollingUpdate: { maxUnavailable: true } }, template: { spec: { hostNetwork: 1 } } }),
    errors: [
      "json: cannot unmarshal bool into Go struct field RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.maxUnavailable of type int32",
      "json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32",
    ],
  },
  {
    name: "an IntOrString fraction",
    obj: sts({ byName: { http: { containerPort: 80, port: 1.5 } } }),
    errors: ["json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.byName.port of type int32"],
  },
  {
    name: "an IntOrString object",
    obj: sts({ updateStrategy: { rollingUpdate: { maxUnavailable: {} } } }),
    errors: ["json: cannot unmarshal object into Go struct field RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.maxUnavailable of type int32"],
  },
  { name: "IntOrString accepts a string and an integer", obj: sts({ byName: { a: { containerPort: 1, port: "http" }, b: { containerPort: 2, port: 8080 } } }), errors: [] },
  {
    name: "a Time that is not a string",
    obj: sts({}, { creationTimestamp: 5 }),
    errors: ["json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string"],
  },
  {
    name: "base64 data that does not decode",
    definition: `${C}Secret`,
    obj: { data: { a: "aGVsbG8" } },
    errors: ["illegal base64 data at input byte 4"],
  },
  {
    name: "a number for []byte",
    definition: `${C}Secret`,
    obj: { data: { a: 1 } },
    errors: ["json: cannot unmarshal number into Go struct field Secret.data of type []uint8"],
  },
  {
    name: "a list element out of byte range",
    definition: `${C}Secret`,
    obj: { data: { a: [104, 300] } },
    errors: ["json: cannot unmarshal number 300 into Go struct field Secret.data of type uint8"],
  },
];

for (const c of typeCases) {
  test(`decodeStrict() type errors: ${c.name}`, () => {
    assert.deepEqual(decodeStrict(c.obj, c.definition ?? `${A}StatefulSet`, defs).typeErrors, c.errors);
  });
}

test("decodeStrict() turns a []byte given as a list of bytes into base64", () => {
  const r = decodeStrict({ data: { a: [104, 105] } }, `${C}Secret`, defs);
  assert.deepEqual(r.value, { data: { a: "aGk=" } });
});

const LAYOUT = '"2006-01-02T15:04:05Z07:00"';
const timeCases: [string, string | undefined][] = [
  ["2024-01-01T00:00:00Z", undefined],
  ["2024-01-01T00:00:00.123456Z", undefined],
  ["2024-01-01T00:00:00,5Z", undefined],
  ["2024-01-01T00:00:00+02:00", undefined],
  ["2024-01-01T1:00:00Z", undefined],
  ["2024-02-29T00:00:00Z", undefined],
  ["0000-02-29T00:00:00Z", undefined],
  ["2024-13-01T00:00:00Z", 'parsing time "2024-13-01T00:00:00Z": month out of range'],
  ["2024-00-01T00:00:00Z", 'parsing time "2024-00-01T00:00:00Z": month out of range'],
  ["2023-02-29T00:00:00Z", 'parsing time "2023-02-29T00:00:00Z": day out of range'],
  ["1900-02-29T00:00:00Z", 'parsing time "1900-02-29T00:00:00Z": day out of range'],
  ["2024-01-00T00:00:00Z", 'parsing time "2024-01-00T00:00:00Z": day out of range'],
  ["2024-01-01T24:00:00Z", 'parsing time "2024-01-01T24:00:00Z": hour out of range'],
  ["2024-01-01T00:60:00Z", 'parsing time "2024-01-01T00:60:00Z": minute out of range'],
  ["2024-01-01T00:00:00+25:00", 'parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range'],
  ["2024-01-01T00:00:00+02:61", 'parsing time "2024-01-01T00:00:00+02:61": time zone offset minute out of range'],
  ["2024-01-01T00:00:00Zjunk", 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"'],
  ["yesterday", `parsing time "yesterday" as ${LAYOUT}: cannot parse "yesterday" as "2006"`],
  ["20x4-01-01T00:00:00Z", `parsing time "20x4-01-01T00:00:00Z" as ${LAYOUT}: cannot parse "20x4-01-01T00:00:00Z" as "2006"`],
  ["2024-01-01", `parsing time "2024-01-01" as ${LAYOUT}: cannot parse "" as "T"`],
  ["2024-01-01 00:00:00Z", `parsing time "2024-01-01 00:00:00Z" as ${LAYOUT}: cannot parse " 00:00:00Z" as "T"`],
  ["2024-1-01T00:00:00Z", `parsing time "2024-1-01T00:00:00Z" as ${LAYOUT}: cannot parse "1-01T00:00:00Z" as "01"`],
  ["2024-01-01T00:00:00", `parsing time "2024-01-01T00:00:00" as ${LAYOUT}: cannot parse "" as "Z07:00"`],
  ["2024-01-01T00:00:00+0200", `parsing time "2024-01-01T00:00:00+0200" as ${LAYOUT}: cannot parse "+0200" as "Z07:00"`],
  ["2024-01-01T00:00:00*02:00", `parsing time "2024-01-01T00:00:00*02:00" as ${LAYOUT}: cannot parse "*02:00" as "Z07:00"`],
  ["2024-01-01T00:00:00.Z", `parsing time "2024-01-01T00:00:00.Z" as ${LAYOUT}: cannot parse ".Z" as "Z07:00"`],
  ["é", `parsing time "\\xc3\\xa9" as ${LAYOUT}: cannot parse "\\xc3\\xa9" as "2006"`],
];

for (const [value, error] of timeCases) {
  test(`decodeStrict() parses Time ${JSON.stringify(value)} as time.Parse(RFC3339) does`, () => {
    const r = decodeStrict(sts({}, { creationTimestamp: value }), `${A}StatefulSet`, defs);
    assert.deepEqual(r.typeErrors, error ? [error] : []);
  });
}

const base64Cases: [string, number | undefined][] = [
  ["aGVsbG8=", undefined],
  ["", undefined],
  ["abcd", undefined],
  ["ab==", undefined],
  ["abc=", undefined],
  ["ab\n==", undefined],
  ["aGVs\r\nbG8=", undefined],
  ["a", 0],
  ["abc", 0],
  ["ab=", 3],
  ["a===", 1],
  ["ab=c", 2],
  ["ab==x", 4],
  ["abc==", 4],
  ["*abc", 0],
  ["é", 0],
];

for (const [value, offset] of base64Cases) {
  test(`decodeStrict() checks []byte ${JSON.stringify(value)} as base64.StdEncoding does`, () => {
    const r = decodeStrict({ data: { k: value } }, `${C}Secret`, defs);
    assert.deepEqual(r.typeErrors, offset === undefined ? [] : [`illegal base64 data at input byte ${offset}`]);
  });
}

const FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const quantityCases: [unknown, string | undefined, unknown?][] = [
  ["1Gi", undefined],
  ["500m", undefined],
  ["1e3", undefined],
  ["1.5E-3", undefined],
  [" 2 ", undefined],
  ["+", undefined],
  [".5", undefined],
  [1.5, undefined, "1.5"],
  [-2, undefined, "-2"],
  ["", FORMAT],
  ["1Gx", FORMAT],
  ["1.2.3", FORMAT],
  ["abc", FORMAT],
  [true, FORMAT],
  [{}, FORMAT],
  ["1GG", "unable to parse quantity's suffix"],
  ["1e", "unable to parse quantity's suffix"],
  ["1-", "unable to parse quantity's suffix"],
];

for (const [value, error, decoded] of quantityCases) {
  test(`decodeStrict() parses Quantity ${JSON.stringify(value)} as resource.ParseQuantity does`, () => {
    const r = decodeStrict(withContainers({ name: "a", resources: { limits: { cpu: value } } }), `${A}StatefulSet`, defs);
    assert.deepEqual(r.typeErrors, error ? [error] : []);
    if (!error) {
      const { spec } = r.value as { spec: { template: { spec: { containers: { resources: { limits: { cpu: unknown } } }[] } } } };
      assert.equal(spec.template.spec.containers[0].resources.limits.cpu, decoded ?? value);
    }
  });
}

const quoting: [string, string][] = [
  ["spec.foo", 'unknown field "spec.foo"'],
  ['a"b', 'unknown field "a\\"b"'],
  ["a\\b", 'unknown field "a\\\\b"'],
  ["a\nb\tc", 'unknown field "a\\nb\\tc"'],
  ["a\x01b\x7f", 'unknown field "a\\x01b\\x7f"'],
  ["é😀", 'unknown field "é😀"'],
  ["a\u00a0b\u2028", 'unknown field "a\\u00a0b\\u2028"'],
];

for (const [field, want] of quoting) {
  test(`unknownFieldWarning() quotes ${JSON.stringify(field)} as strconv.Quote does`, () => {
    assert.equal(unknownFieldWarning(field), want);
  });
}

test("unknownFieldsMessage() joins the fields after upstream's prefix", () => {
  assert.equal(
    unknownFieldsMessage(["spec.foo", "spec.template.spec.containers[0].bogus"]),
    'strict decoding error: unknown field "spec.foo", unknown field "spec.template.spec.containers[0].bogus"',
  );
});

test("cannotHandleMessage() wraps a decoding error as the create and update handlers do", () => {
  assert.equal(
    cannotHandleMessage("StatefulSet", "v1", 'strict decoding error: unknown field "spec.foo"'),
    'StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.foo"',
  );
});

test("decodeStrict() treats inherited property names as unknown fields", () => {
  const r = decodeStrict(sts({ constructor: 1, toString: "x" }), `${A}StatefulSet`, defs);
  assert.deepEqual(r.unknownFields, ["spec.constructor", "spec.toString"]);
  assert.deepEqual(r.typeErrors, []);
});

test("decodeStrict() throws for a definition it does not know", () => {
  assert.throws(() => decodeStrict({}, "io.k8s.api.apps.v1.Nope", defs), /no schema definition named io\.k8s\.api\.apps\.v1\.Nope/);
});
