// `ordinal image ls`: one row per name (an unnamed image shows as <none>), as `docker images`
// and `crictl images` print them, with the repository in full as pods' status shows it.
import type { ImageSummary } from "./image-store.ts";
import { parseReference, repositoryOf } from "./reference.ts";

const HEADER = ["REPOSITORY", "TAG", "IMAGE ID", "SIZE"];

export function formatImageTable(images: readonly ImageSummary[]): string {
  const rows = images.flatMap((image) => {
    const id = image.id.replace(/^sha256:/, "").slice(0, 12);
    const size = `${humanSize(image.size)}${image.base === "host" ? " + host /" : ""}`;
    if (image.names.length === 0) return [["<none>", "<none>", id, size]];
    return image.names.map((name) => {
      const ref = parseReference(name);
      return [repositoryOf(ref), ref.tag ?? "<none>", id, size];
    });
  });
  const cells = [HEADER, ...rows];
  const widths = HEADER.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  return cells.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("   ").trimEnd()).join("\n");
}

/** Three significant figures in decimal units, as docker prints sizes: "512B", "4.26MB". */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let unit = 0;
  while (unit < units.length - 1 && Number(value.toPrecision(3)) >= 1000) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))}${units[unit]}`;
}
