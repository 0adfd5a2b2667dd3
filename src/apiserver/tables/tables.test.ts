import { test } from "node:test";
import assert from "node:assert/strict";
import { goldenCases as cases, goldenNow as now, type GoldenCase } from "./_golden-cases.ts";
import { assertGolden } from "./_golden.ts";
import { renderTextTable } from "./_text-table.ts";
import { genericTable, tableConvertorFor, tableConvertors } from "./index.ts";
import type { TableConvertor } from "./table.ts";

function convertorOf(c: GoldenCase): TableConvertor {
  const slash = c.key.indexOf("/");
  return tableConvertorFor(c.key.slice(0, slash), c.key.slice(slash + 1));
}

for (const c of cases) {
  test(`${c.name} table matches its golden output`, () => {
    const convertor = convertorOf(c);
    assertGolden(c.name, renderTextTable(convertor, c.objects, now));
    assertGolden(`${c.name}-wide`, renderTextTable(convertor, c.objects, now, { wide: true }));
  });
}

test("every convertor yields one cell per column, of a JSON type", () => {
  for (const c of cases) {
    const convertor = convertorOf(c);
    for (const obj of c.objects) {
      const cells = convertor.cells(obj, now);
      assert.equal(cells.length, convertor.columns.length, `${c.name}/${obj.metadata.name}`);
      for (const cell of cells) assert.ok(["string", "number", "boolean"].includes(typeof cell), `${c.name}: ${String(cell)}`);
    }
  }
});

test("every convertor starts with a name column and marks no other as the name", () => {
  for (const [key, convertor] of [...tableConvertors, ["generic", genericTable] as const]) {
    const named = convertor.columns.filter((col) => col.format === "name").map((col) => col.name);
    if (key.endsWith("/events")) assert.deepEqual(named, ["Name"], key);
    else {
      assert.equal(convertor.columns[0].name, "Name", key);
      assert.deepEqual(named, ["Name"], key);
    }
    for (const col of convertor.columns) assert.ok(col.description.length > 0, `${key} ${col.name} has a description`);
  }
});

test("tableConvertorFor() covers every printed kind and falls back to the generic table", () => {
  assert.deepEqual(
    [...tableConvertors.keys()].sort(),
    [
      "/configmaps",
      "/endpoints",
      "/events",
      "/namespaces",
      "/nodes",
      "/persistentvolumeclaims",
      "/persistentvolumes",
      "/pods",
      "/secrets",
      "/serviceaccounts",
      "/services",
      "apps/controllerrevisions",
      "apps/statefulsets",
      "coordination.k8s.io/leases",
      "discovery.k8s.io/endpointslices",
      "events.k8s.io/events",
      "storage.k8s.io/storageclasses",
    ],
  );
  assert.equal(tableConvertorFor("", "pods"), tableConvertors.get("/pods"));
  assert.equal(tableConvertorFor("apps", "pods"), genericTable);
  assert.equal(tableConvertorFor("", "limitranges"), genericTable);
  assert.deepEqual(
    genericTable.columns.map((col) => [col.name, col.type, col.format]),
    [
      ["Name", "string", "name"],
      ["Created At", "date", ""],
    ],
  );
});

test("storage classes report AllowVolumeExpansion as a boolean cell", () => {
  const sc = tableConvertorFor("storage.k8s.io", "storageclasses");
  assert.equal(sc.cells({ metadata: { name: "x" }, provisioner: "p" }, now)[4], false);
  assert.equal(sc.cells({ metadata: { name: "x" }, provisioner: "p", allowVolumeExpansion: true }, now)[4], true);
});
