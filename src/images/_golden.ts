// Golden-file assertion for the image CLI's printers: compares against testdata/<name>.golden, or
// rewrites the file when UPDATE_GOLDEN=1.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const testdata = fileURLToPath(new URL("./testdata/", import.meta.url));

export function assertGolden(name: string, actual: string): void {
  const path = `${testdata}${name}.golden`;
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(testdata, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `missing golden file ${path}; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, readFileSync(path, "utf8"), `output differs from ${name}.golden (UPDATE_GOLDEN=1 rewrites it)`);
}
