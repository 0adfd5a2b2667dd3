// Renders convertor output the way kubectl's table printer lays out a server-side Table:
// upper-case headers, cells left-aligned in tabwriter columns (padding 3, minimum width 6, as
// cli-runtime's GetNewTabWriter), the last column unpadded, priority > 0 columns only with
// -o wide. Golden tests use it so that a golden file reads exactly like `kubectl get` output.
import type { KubeObject } from "../../api/meta.ts";
import type { Cell, TableConvertor } from "./table.ts";

const padding = 3;
const minWidth = 6;

/** kubectl prints a string cell up to its first line break, marking the cut with "...". */
function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell !== "string") return String(cell);
  const cut = cell.search(/[\f\n\r]/);
  return cut < 0 ? cell : `${cell.slice(0, cut)}...`;
}

const width = (s: string) => [...s].length;

export function renderTextTable(
  convertor: TableConvertor,
  objects: readonly KubeObject[],
  now: Date,
  opts: { wide?: boolean } = {},
): string {
  const visible = convertor.columns.flatMap((c, i) => (opts.wide || c.priority === 0 ? [i] : []));
  const lines = [
    visible.map((i) => convertor.columns[i].name.toUpperCase()),
    ...objects.map((obj) => {
      const cells = convertor.cells(obj, now);
      return visible.map((i) => cellText(cells[i] ?? null));
    }),
  ];
  const widths = visible.map((_, col) => Math.max(minWidth, ...lines.map((line) => width(line[col]) + padding)));
  return lines
    .map((line) =>
      line.map((text, col) => (col === line.length - 1 ? text : text + " ".repeat(widths[col] - width(text)))).join(""),
    )
    .map((line) => `${line}\n`)
    .join("");
}
