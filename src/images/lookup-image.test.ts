import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFile } from "node:fs/promises";
import { ImageStore } from "./image-store.ts";
import { lookupImage } from "./lookup-image.ts";
import { buildImage, dockerSaveTar } from "./_test-images.ts";
import { withTempDir } from "./_test-helpers.ts";

test("lookupImage() finds present images under every policy and names the problem otherwise", async () => {
  await withTempDir(async (dir) => {
    const store = new ImageStore(join(dir, "images"));
    const image = await buildImage({ layers: [{ entries: [{ name: "a", type: "file" }] }] });
    await writeFile(join(dir, "save.tar"), await dockerSaveTar([{ image, tags: ["nginx:1.25"] }]));
    await store.import(join(dir, "save.tar"));

    const cases: [string, string | undefined, string][] = [
      ["nginx:1.25", "Never", "ok"],
      ["docker.io/library/nginx:1.25", "Always", "ok"],
      ["nginx:1.25", undefined, "ok"],
      ["nginx:1.26", "Never", 'ErrImageNeverPull: Container image "nginx:1.26" is not present with pull policy of Never'],
      ["nginx:1.26", "IfNotPresent", 'ErrImagePull: failed to pull image "nginx:1.26": pulling from registries is not implemented yet;'],
      ["nginx:1.26", "Always", "ErrImagePull: failed to pull image"],
      ["NGINX", "IfNotPresent", 'InvalidImageName: Failed to apply default image tag "NGINX": couldn\'t parse image name "NGINX": invalid reference format'],
    ];
    for (const [ref, policy, want] of cases) {
      const got = await lookupImage(store, ref, policy);
      const text = got.ok ? (got.image.id === image.id ? "ok" : "wrong image") : `${got.reason}: ${got.message}`;
      assert.ok(text.startsWith(want), `${ref} ${policy}: ${text}`);
    }
  });
});
