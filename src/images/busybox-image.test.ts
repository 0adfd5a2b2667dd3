import { test } from "node:test";
import assert from "node:assert/strict";
import { lstat, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { buildBusyboxImage } from "./busybox-image.ts";
import { ImageStore } from "./image-store.ts";
import { withTempDir } from "./_test-helpers.ts";

test("buildBusyboxImage() makes a runnable image with applet links, users and /tmp", async () => {
  await withTempDir(async (dir) => {
    const store = new ImageStore(join(dir, "a"));
    const built = await buildBusyboxImage(store);
    assert.deepEqual(built.names, ["docker.io/library/busybox:latest"]);
    const image = await store.resolve("busybox");
    assert.ok(image);
    assert.deepEqual(image.config, { env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], cmd: ["sh"], exposedPorts: [], labels: {} });
    const [layer] = image.layers;
    for (const applet of ["bin/sh", "bin/ls", "bin/cat", "bin/echo", "bin/sleep", "bin/hostname", "usr/bin/wget", "usr/bin/nc", "usr/sbin/httpd"]) {
      assert.equal(await readlink(join(layer, applet)), "/bin/busybox", applet);
    }
    assert.deepEqual(await readFile(join(layer, "bin/busybox")), await readFile("/bin/busybox"));
    assert.match(await readFile(join(layer, "etc/passwd"), "utf8"), /^root:x:0:0:/);
    assert.match(await readFile(join(layer, "etc/group"), "utf8"), /^root:x:0:/);
    assert.equal((await lstat(join(layer, "tmp"))).mode & 0o7777, 0o1777);

    const again = await buildBusyboxImage(new ImageStore(join(dir, "b")), "tools/busybox:1");
    assert.equal(again.id, built.id, "the same busybox gives the same image");
  });
});

test("buildBusyboxImage() says which package is missing", async () => {
  await withTempDir(async (dir) => {
    const store = new ImageStore(join(dir, "images"));
    await assert.rejects(buildBusyboxImage(store, "busybox", join(dir, "none")), /install Debian's busybox-static/);
    await assert.rejects(buildBusyboxImage(store, "busybox", "/bin/ls"), /dynamically linked/);
  });
});
