import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { image } from "../cli/commands/image.ts";
import { withTempDir } from "./_test-helpers.ts";

async function cli(t: TestContext, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = t.mock.method(console, "log", () => {});
  const error = t.mock.method(console, "error", () => {});
  try {
    const code = await image(argv);
    const text = (calls: { arguments: unknown[] }[]) => calls.map((c) => `${c.arguments.join(" ")}\n`).join("");
    return { code, out: text(log.mock.calls), err: text(error.mock.calls) };
  } finally {
    log.mock.restore();
    error.mock.restore();
  }
}

test("ordinal image builds, lists and removes images in $ORDINAL_HOME/images", async (t) => {
  await withTempDir(async (dir) => {
    const saved = process.env.ORDINAL_HOME;
    process.env.ORDINAL_HOME = join(dir, "home");
    t.after(() => {
      if (saved === undefined) delete process.env.ORDINAL_HOME;
      else process.env.ORDINAL_HOME = saved;
    });
    await mkdir(join(dir, "add", "srv"), { recursive: true });
    await writeFile(join(dir, "add", "srv", "app"), "app");

    const built = await cli(t, "busybox");
    assert.equal(built.code, 0, built.err);
    const id = /\(([0-9a-f]{12})\)/.exec(built.out)?.[1];
    assert.equal(built.out, `Loaded image: docker.io/library/busybox:latest (${id})\n`);
    const host = await cli(t, "host", "tools/app:1", "--add", join(dir, "add"), "--workdir", "/srv", "--", "/srv/app");
    assert.equal(host.code, 0, host.err);

    const listed = await cli(t, "ls");
    const rows = listed.out.trimEnd().split("\n").map((r) => r.split(/ {3,}/));
    assert.deepEqual(rows.map((r) => r.slice(0, 3)), [
      ["REPOSITORY", "TAG", "IMAGE ID"],
      ["docker.io/library/busybox", "latest", id],
      ["docker.io/tools/app", "1", rows[2][2]],
    ]);
    assert.match(rows[2][3], /^3B \+ host \/$/);

    const removed = await cli(t, "rm", "busybox");
    assert.equal(removed.code, 0, removed.err);
    assert.match(removed.out, new RegExp(`^Untagged: docker\\.io/library/busybox:latest\nDeleted: sha256:${id}[0-9a-f]{52}\n$`));
    assert.deepEqual(await cli(t, "rm", "busybox"), { code: 1, out: "", err: 'ordinal image: image "busybox" not found\n' });
    assert.deepEqual(await cli(t, "import", join(dir, "missing.tar")), { code: 1, out: "", err: `ordinal image: ${join(dir, "missing.tar")}: no such file or directory\n` });
    assert.equal((await cli(t, "pull", "busybox")).code, 2);
  });
});
