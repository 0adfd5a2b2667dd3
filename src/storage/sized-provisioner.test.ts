// Runs the real tools as root: mkfs.ext4, losetup, mount, resize2fs. Every test unmounts, detaches
// and removes what it made, whatever happens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storageClass } from "../controllers/persistentvolume/_binder-fixtures.ts";
import type { PersistentVolumeClaim } from "../controllers/persistentvolume/volume-types.ts";
import { isMountPoint } from "./mount-table.ts";
import { runCommand } from "./run-command.ts";
import { SizedProvisioner } from "./sized-provisioner.ts";

const MiB = 1024 * 1024;

function claimFor(storage: string): PersistentVolumeClaim {
  return { metadata: { name: "data", namespace: "default", uid: "0f1e2d3c" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } } };
}

async function withProvisioner(body: (p: SizedProvisioner, dir: string) => Promise<void>): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), "ordinal-sized-"));
  const dir = join(home, "volumes");
  const provisioner = new SizedProvisioner({ dir });
  try {
    await body(provisioner, dir);
  } finally {
    try {
      for (const name of await provisioner.storedVolumes()) await provisioner.delete(name);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }
}

const request = (storage: string) => ({ pvName: "pvc-0f1e2d3c", claim: claimFor(storage), storageClass: storageClass("sized", "ordinal.dev/sized"), nodeName: "ordinal-0" });

test("SizedProvisioner refuses a write beyond the size and accepts it after growing", async () => {
  await withProvisioner(async (p, dir) => {
    const spec = await p.provision(request("16Mi"));
    const path = join(dir, "pvc-0f1e2d3c");
    assert.deepEqual(spec.hostPath, { path, type: "Directory" });
    assert.deepEqual(spec.capacity, { storage: "16Mi" });
    assert.equal(await isMountPoint(path), true);
    const twenty = Buffer.alloc(20 * MiB, 1);
    await assert.rejects(writeFile(join(path, "big"), twenty), (e: NodeJS.ErrnoException) => e.code === "ENOSPC");
    await rm(join(path, "big"), { force: true });

    assert.deepEqual(await p.expand("pvc-0f1e2d3c", 32 * MiB), { nodeExpansionRequired: true });
    assert.equal(await p.expandOnNode("pvc-0f1e2d3c", { inUse: false }), "done");
    assert.equal(await isMountPoint(path), true);
    await writeFile(join(path, "big"), twenty);
    assert.equal((await stat(join(path, "big"))).size, 20 * MiB);
  });
});

test("SizedProvisioner provisions idempotently and remounts after an unmount", async () => {
  await withProvisioner(async (p, dir) => {
    const path = join(dir, "pvc-0f1e2d3c");
    await p.provision(request("8Mi"));
    await writeFile(join(path, "kept"), "data");
    await p.provision(request("8Mi"));
    assert.equal(await readFile(join(path, "kept"), "utf8"), "data");

    await p.filesystem("pvc-0f1e2d3c").unmount();
    assert.equal(await isMountPoint(path), false);
    await p.repair("pvc-0f1e2d3c");
    assert.equal(await readFile(join(path, "kept"), "utf8"), "data");
    assert.deepEqual(await p.storedVolumes(), ["pvc-0f1e2d3c"]);
  });
});

test("SizedProvisioner.delete() unmounts, detaches and removes everything", async () => {
  await withProvisioner(async (p, dir) => {
    await p.provision(request("4Mi"));
    const image = join(dir, "pvc-0f1e2d3c.img");
    assert.equal((await p.filesystem("pvc-0f1e2d3c").devices()).length, 1);
    await p.delete("pvc-0f1e2d3c");
    assert.equal(await isMountPoint(join(dir, "pvc-0f1e2d3c")), false);
    const { stdout } = await runCommand("losetup", ["--noheadings", "--output", "BACK-FILE"]);
    assert.ok(!stdout.includes(image), stdout);
    assert.deepEqual(await p.storedVolumes(), []);
    await p.delete("pvc-0f1e2d3c");
  });
});

test("SizedProvisioner rejects parameters it does not know", async () => {
  await withProvisioner(async (p) => {
    const req = request("4Mi");
    req.storageClass.parameters = { fsType: "xfs" };
    await assert.rejects(p.provision(req), /invalid value "xfs" for parameter "fsType": must be one of ext4/);
    req.storageClass.parameters = { replicas: "3" };
    await assert.rejects(p.provision(req), /unsupported parameter "replicas" \(supported: fsType\)/);
  });
});
