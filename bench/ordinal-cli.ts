// Where bin/ordinal is, for benchmarks that start servers through the real CLI.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** bin/ordinal of this checkout, whether this code runs from bench/ or from the bundle in .build/. */
export function ordinalCli(): string {
  const from = dirname(fileURLToPath(import.meta.url));
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "bin", "ordinal");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`bench: no bin/ordinal above ${from}`);
  }
}
