// Renders benchmark rows as an aligned text table: text left, figures right.
import { meetsTarget, type BenchRow } from "./scenario.ts";

const HEADER = ["METRIC", "VALUE", "BASELINE", "RATIO", "TARGET"];
const RIGHT_ALIGNED = [false, true, true, true, false];

export function formatTable(rows: readonly BenchRow[]): string {
  const cells = [HEADER, ...rows.map(rowCells)];
  const widths = HEADER.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  return cells
    .map((r) => r.map((cell, c) => (RIGHT_ALIGNED[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("   ").trimEnd())
    .join("\n");
}

function rowCells(row: BenchRow): string[] {
  const hasBaseline = row.baseline !== undefined && row.baseline > 0;
  return [
    row.metric,
    `${formatNumber(row.value)} ${row.unit}`,
    hasBaseline ? `${formatNumber(row.baseline!)} ${row.unit}` : "",
    hasBaseline ? (row.value / row.baseline!).toFixed(2) : "",
    row.target ? `${row.target.op} ${row.target.value} ${meetsTarget(row.value, row.target) ? "ok" : "MISSED"}` : "",
  ];
}

/** Three significant figures for small values, whole numbers from 100 up. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return "-";
  const abs = Math.abs(n);
  if (abs >= 100) return Math.round(n).toString();
  if (abs >= 10) return n.toFixed(1);
  return n.toFixed(2);
}
