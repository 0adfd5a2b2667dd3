import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildBusyboxImage } from "./busybox-image.ts";
import { createHostImage } from "./host-image.ts";
import { run } from "./host-tools.ts";
import { ImageStore } from "./image-store.ts";
import { isMountPoint, mountsUnder } from "./mounts.ts";
import { prepareRootfs, removeRootfs } from "./rootfs.ts";
import { withTempDir } from "./_test-helpers.ts";

test("prepareRootfs() mounts an image copy-on-write: writes land in the container's upper dir", async () => {
  await withTempDir(async (dir) => {
    const store = new ImageStore(join(dir, "images"));
    await buildBusyboxImage(store);
    const image = await store.resolve("busybox");
    assert.ok(image);
    const containerDir = join(dir, "containers", "c1");
    const { rootfs, cleanup } = await prepareRootfs(image, containerDir);
    try {
      assert.equal(await run("chroot", [rootfs, "/bin/sh", "-c", "echo written > /tmp/out; cat /etc/passwd | head -1"]), "root:x:0:0:root:/root:/bin/sh\n");
      assert.equal(await readFile(join(containerDir, "upper", "tmp", "out"), "utf8"), "written\n");
      assert.deepEqual(await readdir(join(image.layers[0], "tmp")), [], "the shared layer is untouched");
      assert.equal((await prepareRootfs(image, containerDir)).rootfs, rootfs, "preparing again finds the mount");
      const other = await prepareRootfs(image, join(dir, "containers", "c2"));
      try {
        await assert.rejects(readFile(join(other.rootfs, "tmp", "out")), { code: "ENOENT" });
      } finally {
        await other.cleanup();
      }
    } finally {
      await cleanup();
    }
    assert.equal(await isMountPoint(rootfs), false);
    assert.deepEqual(await readdir(containerDir), []);
    await removeRootfs(containerDir);
  });
});

test("ImageStore keeps the layers of a removed image while a rootfs uses them", async () => {
  await withTempDir(async (dir) => {
    const store = new ImageStore(join(dir, "images"));
    await buildBusyboxImage(store);
    const image = await store.resolve("busybox");
    assert.ok(image);
    const { cleanup } = await prepareRootfs(image, join(dir, "c"));
    try {
      assert.deepEqual(await store.remove("busybox"), { untagged: ["docker.io/library/busybox:latest"], deleted: [image.id] });
      assert.deepEqual(await store.list(), []);
      assert.equal((await readdir(image.layers[0])).includes("bin"), true);
    } finally {
      await cleanup();
    }
    await store.collectGarbage();
    assert.deepEqual(await readdir(join(dir, "images", "layers")), []);
  });
});

test("prepareRootfs() gives a host-derived image the host's files, copy-on-write", async () => {
  await withTempDir(async (dir) => {
    const store = new ImageStore(join(dir, "images"));
    await createHostImage(store, { name: "host:plain", cmd: ["/bin/true"] });
    const image = await store.resolve("host:plain");
    assert.deepEqual(image?.layers, ["/"]);
    const { rootfs, cleanup } = await prepareRootfs(image!, join(dir, "c"));
    try {
      assert.equal(await readFile(join(rootfs, "etc/os-release"), "utf8"), await readFile("/etc/os-release", "utf8"));
      await writeFile(join(rootfs, "etc", "ordinal-rootfs-test"), "container only");
      await assert.rejects(readFile("/etc/ordinal-rootfs-test"), { code: "ENOENT" });
      assert.deepEqual(await readdir(join(rootfs, "proc")), [], "host submounts are not part of the overlay");
    } finally {
      await cleanup();
    }
  });
});

test("prepareRootfs() stacks a host-derived image's own layer over a read-only view of the host", async () => {
  await withTempDir(async (dir) => {
    const add = join(dir, "add");
    await mkdir(join(add, "srv"), { recursive: true });
    await writeFile(join(add, "srv", "app.sh"), "echo app\n", { mode: 0o755 });
    await writeFile(join(add, "etc-hostname-shadow"), "x");
    const store = new ImageStore(join(dir, "images"));
    await createHostImage(store, { name: "host:app", add, workdir: "/srv", env: ["MODE=x"], cmd: ["/srv/app.sh"] });
    const image = await store.resolve("host:app");
    assert.ok(image);
    assert.equal(image.layers.length, 2);
    assert.deepEqual(image.config.env, ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "MODE=x"]);
    const containerDir = join(dir, "c");
    const { rootfs, cleanup } = await prepareRootfs(image, containerDir);
    try {
      assert.equal(await readFile(join(rootfs, "srv/app.sh"), "utf8"), "echo app\n");
      assert.equal(await readFile(join(rootfs, "etc/os-release"), "utf8"), await readFile("/etc/os-release", "utf8"));
      assert.equal(await run("chroot", [rootfs, "/bin/sh", "/srv/app.sh"]), "app\n");
      await writeFile(join(rootfs, "srv", "new"), "y");
      assert.deepEqual(await readdir(join(image.layers[1], "srv")), ["app.sh"]);
      assert.equal((await mountsUnder(containerDir)).length, 2);
    } finally {
      await cleanup();
    }
    assert.deepEqual(await mountsUnder(containerDir), []);
  });
});

test("prepareRootfs() mounts an image without layers and refuses paths overlayfs cannot take", async () => {
  await withTempDir(async (dir) => {
    const { rootfs, cleanup } = await prepareRootfs({ layers: [] }, join(dir, "c"));
    try {
      assert.deepEqual(await readdir(rootfs), []);
    } finally {
      await cleanup();
    }
    await assert.rejects(prepareRootfs({ layers: [] }, join(dir, "a:b")), /are not allowed/);
  });
});

test("prepareRootfs() names many layers relative to their directory to fit the mount options", async () => {
  await withTempDir(async (dir) => {
    const layers: string[] = [];
    for (let i = 0; i < 60; i++) {
      const layer = join(dir, "layers", i.toString(16).padStart(64, "0"));
      await mkdir(layer, { recursive: true });
      await writeFile(join(layer, `file-${i}`), String(i));
      layers.push(layer);
    }
    await writeFile(join(layers[59], "file-0"), "top wins");
    const { rootfs, cleanup } = await prepareRootfs({ layers }, join(dir, "c"));
    try {
      assert.equal((await readdir(rootfs)).length, 60);
      assert.equal(await readFile(join(rootfs, "file-0"), "utf8"), "top wins");
    } finally {
      await cleanup();
    }
  });
});
