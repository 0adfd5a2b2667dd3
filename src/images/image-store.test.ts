import { test } from "node:test";
import assert from "node:assert/strict";
import { lstat, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ImageFormatError } from "./image-config.ts";
import { ImageNotFoundError, ImageStore } from "./image-store.ts";
import { packDirectory } from "./pack-directory.ts";
import { InvalidReferenceError } from "./reference.ts";
import { buildImage, dockerSaveTar, writeOciLayout, type TestImage } from "./_test-images.ts";
import { withTempDir } from "./_test-helpers.ts";

const data = (s: string) => Buffer.from(s);

const base: TestImage["layers"][number] = {
  entries: [
    { name: "etc/", type: "directory" },
    { name: "etc/os-release", type: "file", data: data("ID=test\n") },
    { name: "etc/old", type: "file", data: data("old") },
    { name: "bin/", type: "directory" },
    { name: "bin/tool", type: "file", data: data("#!/bin/sh\n"), mode: 0o755 },
  ],
};
const top: TestImage["layers"][number] = {
  compression: "zstd",
  entries: [
    { name: "etc/.wh.old", type: "file" },
    { name: "app/", type: "directory" },
    { name: "app/main", type: "file", data: data("main") },
  ],
};
const appConfig = {
  Entrypoint: ["/bin/tool"], Cmd: ["serve", "--port=80"], Env: ["PATH=/bin", "MODE=test"],
  WorkingDir: "/app", User: "1000:1000", ExposedPorts: { "80/tcp": {}, "53/udp": {} },
};

async function archiveOf(dir: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of packDirectory(dir)) parts.push(p);
  return Buffer.concat(parts);
}

test("ImageStore imports an OCI layout with gzip and zstd layers and resolves it", async () => {
  await withTempDir(async (dir) => {
    const image = await buildImage({ layers: [base, top], config: appConfig });
    await writeOciLayout(join(dir, "layout"), [{ image, name: "registry.local:5000/team/app:1.0" }]);
    const store = new ImageStore(join(dir, "images"));

    assert.deepEqual(await store.import(join(dir, "layout")), [{ id: image.id, names: ["registry.local:5000/team/app:1.0"] }]);

    const resolved = await store.resolve("registry.local:5000/team/app:1.0");
    assert.ok(resolved);
    assert.equal(resolved.id, image.id);
    assert.deepEqual(resolved.layers, image.diffIDs.map((d) => store.layerDir(d)));
    assert.deepEqual(resolved.config, {
      entrypoint: ["/bin/tool"], cmd: ["serve", "--port=80"], env: ["PATH=/bin", "MODE=test"],
      workingDir: "/app", user: "1000:1000", exposedPorts: ["53/udp", "80/tcp"], labels: {},
    });
    assert.equal(await readFile(join(resolved.layers[0], "etc/old"), "utf8"), "old");
    assert.equal((await lstat(join(resolved.layers[1], "etc/old"))).isCharacterDevice(), true);
    assert.equal(await readFile(join(resolved.layers[1], "app/main"), "utf8"), "main");
    assert.match(resolved.imageRef, /^registry\.local:5000\/team\/app@sha256:[0-9a-f]{64}$/);

    const digest = resolved.imageRef.split("@")[1];
    assert.equal((await store.resolve(`registry.local:5000/team/app@${digest}`))?.id, image.id, "by manifest digest");
    assert.equal((await store.resolve(image.id))?.name, "registry.local:5000/team/app:1.0", "by image ID");
    assert.equal(await store.resolve("registry.local:5000/team/app:2.0"), undefined);
    await assert.rejects(store.resolve("Team/App"), InvalidReferenceError);
    assert.deepEqual(await store.list(), [{ id: image.id, names: ["registry.local:5000/team/app:1.0"], size: 25, base: "scratch" }]);
  });
});

test("ImageStore finds a docker save image by its short name and shares layers it already has", async () => {
  await withTempDir(async (dir) => {
    const first = await buildImage({ layers: [base], config: { Cmd: ["sh"] } });
    const second = await buildImage({ layers: [{ ...base, compression: "none" }, top], config: { Cmd: ["app"] } });
    await writeOciLayout(join(dir, "layout"), [{ image: first, name: "docker.io/library/first:latest" }]);
    const store = new ImageStore(join(dir, "images"));
    await store.import(join(dir, "layout"));
    const layer = store.layerDir(first.diffIDs[0]);
    const inode = (await lstat(join(layer, "etc/os-release"))).ino;

    await writeFile(join(dir, "save.tar"), await dockerSaveTar([
      { image: second, tags: ["busybox:latest", "me/app:v2"] },
      { image: await buildImage({ layers: [{ ...base, compression: "none" }] }), tags: [] },
    ]));
    const imported = await store.import(join(dir, "save.tar"));
    assert.deepEqual(imported.map((i) => i.names), [["docker.io/library/busybox:latest", "docker.io/me/app:v2"], []]);

    for (const ref of ["busybox", "busybox:latest", "docker.io/library/busybox:latest", "index.docker.io/library/busybox", "me/app:v2"]) {
      assert.equal((await store.resolve(ref))?.id, second.id, ref);
    }
    const resolved = await store.resolve("busybox");
    assert.equal(resolved?.imageRef, second.id, "no manifest digest in a docker save archive");
    assert.equal(resolved?.layers[0], layer, "the same diffID is the same directory");
    assert.equal((await lstat(join(layer, "etc/os-release"))).ino, inode, "and it was not unpacked again");
    assert.deepEqual((await readdir(join(dir, "images", "layers"))).length, 2);
  });
});

test("ImageStore imports OCI archives, compressed ones and multi-platform indexes", async () => {
  await withTempDir(async (dir) => {
    const amd64 = await buildImage({ layers: [base], config: { Cmd: ["amd64"] } });
    const arm64 = await buildImage({ layers: [top], config: { Cmd: ["arm64"] }, architecture: "arm64" });
    const wanted = process.arch === "arm64" ? arm64 : amd64;
    await writeOciLayout(join(dir, "layout"), [{ image: amd64, name: "docker.io/library/multi:1" }, { image: arm64 }], { index: true });
    await writeFile(join(dir, "oci.tar.gz"), gzipSync(await archiveOf(join(dir, "layout"))));
    const store = new ImageStore(join(dir, "images"));

    assert.deepEqual(await store.import(join(dir, "oci.tar.gz")), [{ id: wanted.id, names: ["docker.io/library/multi:1"] }]);
    assert.deepEqual(await readdir(join(dir, "images", "tmp")), [], "the decompressed archive is gone");
    assert.equal((await store.resolve("multi:1"))?.id, wanted.id);
  });
});

test("ImageStore names an unnamed image on request and keeps unnamed imports", async () => {
  await withTempDir(async (dir) => {
    const image = await buildImage({ layers: [base] });
    await writeOciLayout(join(dir, "layout"), [{ image }]);
    const store = new ImageStore(join(dir, "images"));
    assert.deepEqual(await store.import(join(dir, "layout")), [{ id: image.id, names: [] }]);
    assert.deepEqual((await store.list()).map((i) => i.names), [[]]);
    assert.deepEqual(await store.import(join(dir, "layout"), { name: "local/tool" }), [{ id: image.id, names: ["docker.io/local/tool:latest"] }]);
    assert.equal((await store.resolve("local/tool"))?.id, image.id);
  });
});

test("ImageStore rejects a layer whose content does not match its diffID and keeps nothing of it", async () => {
  await withTempDir(async (dir) => {
    const image = await buildImage({ layers: [base] });
    const liar = await buildImage({ layers: [top] });
    await writeFile(join(dir, "save.tar"), await dockerSaveTar([{ image: { ...image, blobs: liar.blobs }, tags: ["bad:1"] }]));
    const store = new ImageStore(join(dir, "images"));
    await assert.rejects(store.import(join(dir, "save.tar")), (e: unknown) => e instanceof ImageFormatError && /diffID is sha256:/.test(e.message));
    assert.deepEqual(await readdir(join(dir, "images", "layers")), []);
    assert.deepEqual(await store.list(), []);
    await assert.rejects(store.import(join(dir, "nothing")), { code: "ENOENT" });
    await writeFile(join(dir, "empty.tar"), Buffer.alloc(1024));
    await assert.rejects(store.import(join(dir, "empty.tar")), /neither an OCI image layout/);
  });
});

test("ImageStore.remove() untags, then deletes the image and the layers no other image uses", async () => {
  await withTempDir(async (dir) => {
    const one = await buildImage({ layers: [base], config: { Cmd: ["one"] } });
    const two = await buildImage({ layers: [base, top], config: { Cmd: ["two"] } });
    await writeFile(join(dir, "save.tar"), await dockerSaveTar([{ image: one, tags: ["one:1", "one:latest"] }, { image: two, tags: ["two:1"] }]));
    const store = new ImageStore(join(dir, "images"));
    await store.import(join(dir, "save.tar"));
    const layers = () => readdir(join(dir, "images", "layers")).then((l) => l.sort());

    assert.deepEqual(await store.remove("one:1"), { untagged: ["docker.io/library/one:1"], deleted: [] });
    assert.deepEqual(await store.remove("two:1"), { untagged: ["docker.io/library/two:1"], deleted: [two.id] });
    assert.deepEqual(await layers(), [one.diffIDs[0].slice(7)], "the shared base layer stays");
    assert.deepEqual(await store.remove(one.id.slice(7, 19)), { untagged: ["docker.io/library/one:latest"], deleted: [one.id] });
    assert.deepEqual(await layers(), []);
    assert.deepEqual(await readdir(join(dir, "images", "blobs", "sha256")), []);
    await assert.rejects(store.remove("one:1"), ImageNotFoundError);
  });
});

test("ImageStore drops an image that loses its last name to a newer import", async () => {
  await withTempDir(async (dir) => {
    const store = new ImageStore(join(dir, "images"));
    const old = await buildImage({ layers: [base], config: { Cmd: ["v1"] } });
    const next = await buildImage({ layers: [top], config: { Cmd: ["v2"] } });
    await writeFile(join(dir, "v1.tar"), await dockerSaveTar([{ image: old, tags: ["app:latest"] }]));
    await writeFile(join(dir, "v2.tar"), await dockerSaveTar([{ image: next, tags: ["app:latest"] }]));
    await Promise.all([store.import(join(dir, "v1.tar")), store.import(join(dir, "v1.tar"))]);
    await store.import(join(dir, "v2.tar"));
    assert.deepEqual((await store.list()).map((i) => i.id), [next.id]);
    assert.deepEqual(await readdir(join(dir, "images", "layers")), [next.diffIDs[0].slice(7)]);
  });
});
