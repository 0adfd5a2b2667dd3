import { test } from "node:test";
import assert from "node:assert/strict";
import { renderTextTable } from "./_text-table.ts";
import { column, type TableConvertor } from "./table.ts";

const convertor: TableConvertor = {
  columns: [column("A"), column("Long Name"), column("Hidden", { priority: 1 }), column("Last")],
  cells: (obj) => obj.metadata.name === "x" ? ["x", 42, true, "one\ntwo"] : ["yy", null, false, ""],
};
const objects = [{ metadata: { name: "x" } }, { metadata: { name: "y" } }];
const now = new Date(0);

test("renderTextTable() aligns like kubectl's tabwriter", () => {
  assert.equal(
    renderTextTable(convertor, objects, now),
    ["A     LONG NAME   LAST", "x     42          one...", "yy                ", ""].join("\n"),
  );
});

test("renderTextTable() shows priority columns only when wide", () => {
  assert.equal(
    renderTextTable(convertor, objects, now, { wide: true }),
    ["A     LONG NAME   HIDDEN   LAST", "x     42          true     one...", "yy                false    ", ""].join("\n"),
  );
});
