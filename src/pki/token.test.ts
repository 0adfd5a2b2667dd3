import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureToken } from "./token.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-token-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("ensureToken() creates a private random token and then keeps it", () =>
  withDir(async (dir) => {
    const token = await ensureToken(dir);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal((await stat(join(dir, "token"))).mode & 0o777, 0o600);
    assert.equal(await ensureToken(dir), token);
    assert.equal((await readFile(join(dir, "token"), "utf8")).trim(), token);
  }));

test("ensureToken() reads a token written by hand and replaces an empty file", () =>
  withDir(async (dir) => {
    await writeFile(join(dir, "token"), "  my-token\n");
    assert.equal(await ensureToken(dir), "my-token");
    await writeFile(join(dir, "token"), "\n", { mode: 0o644 });
    assert.match(await ensureToken(dir), /^[A-Za-z0-9_-]{43}$/);
    assert.equal((await stat(join(dir, "token"))).mode & 0o777, 0o600);
  }));
